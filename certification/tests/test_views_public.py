import pytest
from django.urls import reverse
from django.utils import timezone

from certification.models import Certificate
from certification.services import certificate_revoke
from institutions.tests.factories import InstitutionFactory, UniversityFactory, county

from . import factories

pytestmark = pytest.mark.django_db


def verify(client, code):
    return client.get(reverse("certification:verify-code", args=[code]))


def test_a_valid_certificate_is_shown_as_valid(client, reference_data):
    certificate = factories.certificate(year=2025)  # granted 2026, valid for two years
    response = verify(client, certificate.verification_code)
    assert "Certyfikat jest ważny" in response.content.decode()


def test_the_page_shows_the_institution_number_and_dates(client, reference_data):
    certificate = factories.certificate(institution=InstitutionFactory(name="Szkoła Podstawowa w Łącku", town="Łącko"))
    page = verify(client, certificate.verification_code).content.decode()
    assert all(text in page for text in (
        "Szkoła Podstawowa w Łącku", "Łącko", certificate.number, f"{certificate.valid_until:%d.%m.%Y}",
    ))


def test_the_page_shows_no_personal_data(client, world, school):
    certificate = factories.certificate(institution=school)
    page = verify(client, certificate.verification_code).content.decode()
    assert world.coordinator_a.last_name not in page and world.coordinator_a.email not in page


def test_an_expired_certificate_is_shown_as_expired(client, reference_data):
    certificate = factories.certificate(year=2018)
    assert "Certyfikat wygasł" in verify(client, certificate.verification_code).content.decode()


def test_a_revoked_certificate_is_shown_as_revoked(client, world):
    certificate = factories.certificate()
    certificate_revoke(certificate=certificate, by=world.kwp, reason="Nieprawdziwe dane w samoocenie")
    page = verify(client, certificate.verification_code).content.decode()
    assert "Certyfikat został unieważniony" in page and "Nieprawdziwe dane" not in page


def test_an_unknown_code_gets_a_clear_answer(client, db):
    assert "Nie ma certyfikatu o takim kodzie" in verify(client, "ABCDEFGHJKMN").content.decode()


def test_the_form_accepts_the_code_as_printed(client, reference_data):
    certificate = factories.certificate()
    typed = certificate.code_display.lower().replace("-", " ")
    response = client.get(reverse("certification:verify"), {"code": typed})
    assert certificate.number in response.content.decode()


def test_too_many_lookups_get_429(client, db, settings):
    for _ in range(settings.CERTIFICATE_LOOKUPS_PER_MINUTE):
        assert verify(client, "ABCDEFGHJKMN").status_code == 200
    response = verify(client, "ABCDEFGHJKMN")
    assert response.status_code == 429 and "Zbyt wiele prób" in response.content.decode()
    assert "sprawdzono w krótkim czasie zbyt wiele kodów" in response.content.decode()
    assert f'<a href="{reverse("certification:verify")}">Wróć do weryfikacji</a>' in response.content.decode()
    assert response["Retry-After"] == "60"


def test_the_empty_form_is_not_counted_as_a_lookup(client, db, settings):
    for _ in range(settings.CERTIFICATE_LOOKUPS_PER_MINUTE + 1):
        assert client.get(reverse("certification:verify")).status_code == 200


def test_codes_are_twelve_unambiguous_characters(reference_data):
    codes = {factories.certificate().verification_code for _ in range(3)}
    assert len(codes) == 3 and all(len(c) == 12 and not set(c) & set("01ILO") for c in codes)


# --- Register -----------------------------------------------------------------------------


def register(client, **params):
    return client.get(reverse("certification:register"), params).content.decode()


def test_the_register_lists_valid_certificates(client, reference_data):
    certificate = factories.certificate(institution=InstitutionFactory(name="Technikum Łączności"))
    assert "Technikum Łączności" in register(client) and certificate.number in register(client)


def test_the_register_leaves_out_expired_and_revoked_certificates(client, world):
    expired = factories.certificate(institution=InstitutionFactory(name="Szkoła Wygasła"), year=2018)
    revoked = factories.certificate(institution=InstitutionFactory(name="Szkoła Unieważniona"))
    certificate_revoke(certificate=revoked, by=world.kwp, reason="Powód")
    page = register(client)
    assert expired.holder_name not in page and revoked.holder_name not in page


def test_the_register_filters_by_county(client, reference_data):
    factories.certificate(institution=InstitutionFactory(name="Szkoła w Bochni", county=county("1201")))
    factories.certificate(institution=InstitutionFactory(name="Szkoła w Tarnowie", county=county("1263")))
    page = register(client, county=county("1201").pk)
    assert "Szkoła w Bochni" in page and "Szkoła w Tarnowie" not in page


def test_the_register_filters_by_programme(client, reference_data):
    factories.certificate(institution=InstitutionFactory(name="Szkoła Podstawowa w Wieliczce"))
    factories.certificate(institution=UniversityFactory(name="Politechnika Krakowska"))
    page = register(client, programme="UWPB")
    assert "Politechnika Krakowska" in page and "Szkoła Podstawowa w Wieliczce" not in page


def test_the_register_lists_lider_titles_by_school_year(client, world, school):
    from audits.models import Stage
    from certification.services import certificate_issue

    factories.stage_two(school)
    audit = factories.signed_audit(institution=school, kind=Stage.LIDER, lider=True)
    certificate_issue(decision=factories.decision(audit=audit, outcome="lider"), by=None, dispatch=False)
    page = register(client)
    assert "Rok szkolny 2026/2027" in page and page.count(school.name) == 2


@pytest.mark.parametrize("rows", [1, 10])
def test_the_register_needs_the_same_queries_for_1_and_10_rows(client, reference_data, django_assert_num_queries, rows):
    for _ in range(rows):
        factories.certificate()
    # count, page of certificates (+institution, county), Lider titles, counties for the filter;
    # the county map: the grouped count per county, the counties
    with django_assert_num_queries(6):
        assert client.get(reverse("certification:register")).status_code == 200


def test_the_home_page_links_to_verification_and_the_register(client, db):
    page = client.get(reverse("home")).content.decode()
    assert reverse("certification:verify") in page and reverse("certification:register") in page


def test_status_follows_the_dates(reference_data):
    certificate = factories.certificate()
    assert certificate.status_on(certificate.valid_until) == Certificate.Status.VALID
    assert certificate.status_on(certificate.valid_until + timezone.timedelta(days=1)) == Certificate.Status.EXPIRED
