"""The public endpoints: the register with its filters, verification by code, reference data, rate limits."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from audits.models import Stage
from certification.models import Certificate
from certification.selectors import lider_titles, register_list
from certification.services import certificate_issue, certificate_revoke
from certification.tests import factories
from institutions.models import County, PoliceUnit
from institutions.tests.factories import InstitutionFactory, UniversityFactory, county

from .helpers import all_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(world):
    """Valid, expired, revoked, extension, university and Lider rows of institutions with no other history."""
    bochnia, tarnow = county("1201"), county("1263")
    made = {
        "valid": factories.certificate(institution=InstitutionFactory(county=bochnia), year=2024, by=world.kwp),
        "expired": factories.certificate(institution=InstitutionFactory(county=tarnow), year=2016, by=world.kwp),
        "university": factories.certificate(institution=UniversityFactory(), year=2024, by=world.kwp),
        "revoked": factories.certificate(institution=InstitutionFactory(county=tarnow), year=2024, by=world.kwp),
    }
    certificate_revoke(certificate=made["revoked"], reason="Test", by=world.kwp)
    made["extension"] = factories.stage_two(InstitutionFactory(county=tarnow))[1]
    leader = InstitutionFactory(county=tarnow)
    factories.stage_two(leader)
    audit = factories.signed_audit(institution=leader, kind=Stage.LIDER, lider=True)
    made["lider"] = certificate_issue(decision=factories.decision(audit=audit, outcome="lider"), by=None,
                                      dispatch=False)
    return made


def numbers(rows) -> set[str]:
    return {row["number"] for row in rows}


def register_numbers(**filters) -> set[str]:
    return set(register_list(**filters).values_list("number", flat=True))


def test_register_is_the_register_pages_list(register):
    rows = all_rows(APIClient(), reverse("api:register"))
    assert numbers(rows) == register_numbers()
    assert {register["valid"].number, register["university"].number, register["extension"].number} <= numbers(rows)
    assert not {register["expired"].number, register["revoked"].number, register["lider"].number} & numbers(rows)


def test_register_filters(register):
    client = APIClient()
    url = reverse("api:register")
    bochnia = numbers(all_rows(client, url, county="1201"))
    assert bochnia == register_numbers(county=county("1201")) and register["valid"].number in bochnia
    assert register["extension"].number not in bochnia
    universities = numbers(all_rows(client, url, programme="UWPB"))
    assert universities == register_numbers(programme="UWPB") == {register["university"].number}
    extensions = numbers(all_rows(client, url, kind="extension"))
    assert extensions == set(register_list().filter(kind="extension").values_list("number", flat=True))
    assert register["extension"].number in extensions and register["valid"].number not in extensions
    # On a day of the past the register of that day: the expired certificate was valid then, the later not yet.
    day = register["expired"].valid_from + datetime.timedelta(days=1)
    then = numbers(all_rows(client, url, valid_on=day.isoformat()))
    assert then == register_numbers(today=day) and register["expired"].number in then
    assert register["valid"].number not in then


@pytest.mark.parametrize("params", [{"county": "9999"}, {"programme": "X"}, {"kind": "lider"},
                                    {"valid_on": "31.12.2026"}])
def test_register_refuses_bad_filters(register, params):
    response = APIClient().get(reverse("api:register"), params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


def test_lider_titles(register):
    rows = all_rows(APIClient(), reverse("api:register-lider"))
    assert numbers(rows) == set(lider_titles().values_list("number", flat=True))
    assert register["lider"].number in numbers(rows)


@pytest.mark.parametrize(("which", "status"), [("valid", "valid"), ("expired", "expired"), ("revoked", "revoked"),
                                              ("lider", None)])
def test_verify_gives_the_status_of_the_verification_page(register, which, status):
    certificate = register[which]
    code = certificate.code_display.lower()  # typed as people type it
    response = APIClient().get(reverse("api:verify", args=[code]))
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == certificate.number
    assert body["status"] == (status or Certificate.objects.get(pk=certificate.pk).status_on(timezone.localdate()))
    assert body["verification_url"].endswith(f"/{certificate.verification_code}/")
    assert (body["revoked_on"] is not None) == (which == "revoked")


def test_verify_unknown_code_is_404(world):
    assert APIClient().get(reverse("api:verify", args=["AAAA-BBBB-CCCC"])).status_code == 404


def test_reference_data(reference_data):
    client = APIClient()
    counties = all_rows(client, reverse("api:county-list"))
    assert len(counties) == County.objects.count() == 22
    assert [c["teryt"] for c in counties] == sorted(c["teryt"] for c in counties)
    units = all_rows(client, reverse("api:police-unit-list"))
    assert {u["short_name"] for u in units} == set(PoliceUnit.objects.values_list("short_name", flat=True))


def test_anonymous_floods_get_429(settings, world):
    settings.API_ANONYMOUS_REQUESTS_PER_MINUTE = 3
    client = APIClient()
    answers = [client.get(reverse("api:county-list")).status_code for _ in range(5)]
    assert answers == [200, 200, 200, 429, 429]
    response = client.get(reverse("api:register"))
    assert response.status_code == 429 and 0 < int(response["Retry-After"]) <= 60
    # Another address has its own count.
    assert client.get(reverse("api:county-list"), REMOTE_ADDR="203.0.113.9").status_code == 200


def test_token_holders_are_limited_per_account(settings, world):
    from .helpers import token_client

    settings.API_USER_REQUESTS_PER_MINUTE = 2
    client = token_client(world.coordinator_a, kwp=world.kwp)
    assert [client.get("/api/v1/institutions/").status_code for _ in range(3)] == [200, 200, 429]


def test_verify_shares_the_pages_limit_on_lookups(settings, register):
    settings.CERTIFICATE_LOOKUPS_PER_MINUTE = 2
    client = APIClient()
    url = reverse("api:verify", args=[register["valid"].verification_code])
    assert client.get(url).status_code == 200
    assert client.get(reverse("certification:verify-code", args=[register["valid"].verification_code])
                      ).status_code == 200
    assert client.get(url).status_code == 429
