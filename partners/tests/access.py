from zpb.tests.matrix import Case, only

CASES = [
    Case("partners:list", expect=only({"kwp": 200})),
]
