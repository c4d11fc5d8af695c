"""The api app's part of the access matrix (session sign-in; the same with tokens: test_token_matrix.py).

The API answers 401 (not a redirect to the login page) to anonymous requests for the endpoints that need a
token; a list is 200 for every signed-in person (their own rows, maybe none); another's row is 404.
Objects of institution A come from the certification app's matrix objects (a signed 2015 audit of A, its
decision and certificate)."""

from certification.tests import access as certification_access
from zpb.tests.matrix import Case, everyone, only

UNAUTHORIZED = 401


def objects(world):
    if "api" not in world.extra:
        from api.services import token_create

        certificate = certification_access.objects(world)["certificate"]
        token, _key = token_create(user=world.coordinator_a, name="matrix", by=world.kwp)
        world.extra["api"] = {"certificate": certificate, "audit": certificate.audit,
                              "enrolment": certificate.audit.enrolment, "edition": certificate.audit.enrolment.edition,
                              "token": token}
    return world.extra["api"]


def of(name):
    return lambda w: {"pk": objects(w)[name].pk}


def signed_in(status: int) -> dict[str, int]:
    return {**everyone(status), "anonymous": UNAUTHORIZED}


def readers(*roles: str) -> dict[str, int]:
    return {**everyone(404), "anonymous": UNAUTHORIZED, **{role: 200 for role in roles}}


# Who sees institution A's rows (the apps' selectors): KWP, A's coordinator and the officer of A's unit; the
# world's auditor is not on the 2015 audit's team. Editions: KWP staff only (the editions page's rule).
A_READERS = ("kwp", "coordinator_a", "officer_a")

CASES = [
    Case("api:schema", expect=everyone(200)),
    Case("api:docs", expect=everyone(200)),
    Case("api:register", expect=everyone(200)),
    Case("api:register-lider", expect=everyone(200)),
    Case("api:verify", kwargs=lambda w: {"code": objects(w)["certificate"].verification_code}, expect=everyone(200)),
    Case("api:county-list", expect=everyone(200)),
    Case("api:police-unit-list", expect=everyone(200)),
    Case("api:institution-list", expect=signed_in(200)),
    Case("api:institution-detail", kwargs=lambda w: {"pk": w.institution_a.pk}, expect=readers(*A_READERS)),
    Case("api:edition-list", expect=signed_in(200)),
    Case("api:edition-detail", kwargs=of("edition"), expect=readers("kwp")),
    Case("api:enrolment-list", expect=signed_in(200)),
    Case("api:enrolment-detail", kwargs=of("enrolment"), expect=readers("kwp", "coordinator_a", "officer_a")),
    Case("api:audit-list", expect=signed_in(200)),
    Case("api:audit-detail", kwargs=of("audit"), expect=readers(*A_READERS)),
    Case("api:certificate-list", expect=signed_in(200)),
    Case("api:certificate-detail", kwargs=of("certificate"), expect=readers(*A_READERS)),
    # KWP staff's pages for the tokens.
    Case("api:token-list", expect=only({"kwp": 200})),
    Case("api:token-create", expect=only({"kwp": 200})),
    Case("api:token-revoke", kwargs=of("token"), method="post", expect=only({"kwp": 302})),
]
