"""A token sees exactly what its holder sees in the application: the ids of every list equal those of the
apps' own selectors, for every role of the test world."""

import pytest
from django.urls import reverse
from django.utils import timezone

from audits.models import SelfAssessment
from audits.selectors.audits import audit_list_for_user
from audits.selectors.editions import edition_list_for_user, enrolment_list_for_user
from audits.tests.factories import AuditFactory, EnrolmentFactory, SelfAssessmentFactory
from certification.selectors import certificate_list_for_user
from certification.services import certificate_revoke
from certification.tests import factories
from institutions.selectors import institution_list_for_user
from institutions.tests.factories import InstitutionFactory
from zpb.tests.matrix import ROLES

from .helpers import all_rows, token_client

pytestmark = pytest.mark.django_db

SELECTORS = {
    "api:institution-list": lambda user: institution_list_for_user(user=user),
    "api:edition-list": lambda user: edition_list_for_user(user),
    "api:enrolment-list": lambda user: enrolment_list_for_user(user),
    "api:audit-list": lambda user: audit_list_for_user(user=user),
    "api:certificate-list": lambda user: certificate_list_for_user(user=user),
}


# Where the world gives a role rows (elsewhere the selectors give none: e.g. editions are KWP staff's, a unit's
# officer sees enrolments only of audits they are on).
HAS_ROWS = {
    *(("kwp", kind) for kind in ("institution", "edition", "enrolment", "audit", "certificate")),
    *(("coordinator_a", kind) for kind in ("institution", "enrolment", "audit", "certificate")),
    *(("coordinator_b", kind) for kind in ("institution", "enrolment", "audit", "certificate")),
    *(("officer_a", kind) for kind in ("institution", "audit", "certificate")),
    ("auditor", "enrolment"), ("auditor", "audit"),
}


@pytest.fixture
def rich_world(world):
    """Rows of A and B and of strangers in A's county, in several editions and states."""
    a, b = world.institution_a, world.institution_b
    neighbour = InstitutionFactory(county=a.county, name="Szkoła bez koordynatora w Bochni")
    factories.certificate(institution=a, year=2016, by=world.kwp)
    factories.certificate(institution=a, year=2024, by=world.kwp)  # valid today
    revoked = factories.certificate(institution=b, year=2022, by=world.kwp)
    certificate_revoke(certificate=revoked, reason="Test", by=world.kwp)
    factories.certificate(institution=neighbour, year=2023, by=world.kwp)
    factories.signed_audit(institution=b, year=2021)
    # A planned audit of B with the world's auditor on the team; a cancelled one with them too.
    AuditFactory(enrolment=EnrolmentFactory(institution=b, edition=factories.edition(2027)), team=[world.auditor])
    AuditFactory(enrolment=EnrolmentFactory(institution=neighbour, edition=factories.edition(2027)),
                 team=[world.auditor], status="cancelled")
    SelfAssessmentFactory(enrolment=EnrolmentFactory(institution=a, edition=factories.edition(2027)),
                          status=SelfAssessment.Status.SUBMITTED)
    for n in range(10):
        InstitutionFactory(county=a.county if n % 2 else b.county, coordinators=[world.coordinator_a] if n < 3 else [])
    return world


@pytest.mark.parametrize("name", sorted(SELECTORS))
@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_a_token_sees_what_its_holder_sees(rich_world, role, name):
    user = rich_world.user(role)
    expected = set(SELECTORS[name](user).values_list("pk", flat=True))
    rows = all_rows(token_client(user, kwp=rich_world.kwp), reverse(name))
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids)), "a row came twice across pages"
    assert set(ids) == expected
    assert ids == sorted(ids), "rows come in a stable order, by id"
    if (role, name.removeprefix("api:").removesuffix("-list")) in HAS_ROWS:
        assert expected, "the world gives this role rows to compare"


def test_details_of_others_are_404(rich_world):
    client = token_client(rich_world.coordinator_b, kwp=rich_world.kwp)
    for certificate in certificate_list_for_user(user=rich_world.coordinator_a):
        assert client.get(reverse("api:certificate-detail", args=[certificate.pk])).status_code == 404
    assert client.get(reverse("api:institution-detail", args=[rich_world.institution_a.pk])).status_code == 404
    assert client.get("/api/v1/institutions/abc/").status_code == 404


def test_enrolment_carries_the_self_assessment_status(rich_world):
    rows = all_rows(token_client(rich_world.coordinator_a, kwp=rich_world.kwp), reverse("api:enrolment-list"))
    statuses = {row["edition"]["start_year"]: row["self_assessment_status"] for row in rows}
    assert statuses[2027] == "submitted"
    assert statuses[2016] is None


def test_certificates_carry_their_status(rich_world):
    rows = all_rows(token_client(rich_world.coordinator_b, kwp=rich_world.kwp), reverse("api:certificate-list"))
    assert {row["status"] for row in rows} == {"revoked"}
    assert rows[0]["revoked_on"] == timezone.localdate().isoformat()


def test_audit_results_are_those_of_the_signed_audit(rich_world):
    rows = all_rows(token_client(rich_world.coordinator_b, kwp=rich_world.kwp), reverse("api:audit-list"))
    assert rows and all(row["status"] == "signed" for row in rows)
    assert {(row["total_points"], row["max_points"], row["passed"]) for row in rows} == {(33, 35, True)}
