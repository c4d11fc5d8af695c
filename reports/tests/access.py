"""Reports URLs in the access matrix. The dashboard keeps its name "dashboard" (zpb/tests/access.py).

Exports follow the list they come from: institutions and certificates for KWP staff and coordinators
(their own rows only, through the lists' selectors), self-assessments and audits for KWP staff only.
"""

from zpb.tests.matrix import Case, only

READERS = only({"kwp": 200, "coordinator_a": 200, "coordinator_b": 200})
KWP = only({"kwp": 200})
EDITION = lambda w: {"edition_pk": w.audit_edition.pk}  # noqa: E731

CASES = [
    # The county view: an officer sees their own unit, KWP staff any unit.
    Case("reports:unit", expect=only({"kwp": 200, "officer_a": 200, "officer_b": 200})),
    Case("reports:export-institutions", expect=READERS),
    Case("reports:export-certificates", expect=READERS),
    Case("reports:export-self-assessments", expect=KWP),
    Case("reports:export-audits", kwargs=EDITION, expect=KWP),
    # History of any object: KWP staff only (every kind is tried in test_history.py).
    Case("reports:history", kwargs=lambda w: {"kind": "institution", "pk": w.institution_a.pk}, expect=KWP),
]
