"""The badge schools embed: what it says, its headers, and that it follows a revocation at once."""

import re

import pytest
from django.urls import reverse

from certification.models import Certificate
from certification.services import certificate_revoke
from institutions.models import PUBLIC_ID_LENGTH
from institutions.tests.factories import InstitutionFactory

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _public_page_cache(settings):
    settings.PUBLIC_PAGE_CACHE = True  # as in production with CACHE_URL


def badge(client, institution, **headers):
    return client.get(reverse("certification:badge", args=[institution.public_id]), **headers)


def test_the_badge_shows_programme_stage_and_valid_until(client, reference_data):
    certificate = factories.certificate(year=2025)
    response = badge(client, certificate.institution)
    svg = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert 'data-status="valid"' in svg
    assert "Szkoła Promująca Bezpieczeństwo" in svg and "Certyfikat (etap I)" in svg
    assert f"ważny do {certificate.valid_until:%d.%m.%Y}" in svg


def test_the_badge_is_accessible_and_self_contained(client, reference_data):
    svg = badge(client, factories.certificate().institution).content.decode()
    assert 'role="img"' in svg and re.search(r"<title id=\"zpb-badge-title\">[^<]+</title>", svg)
    assert "<script" not in svg and "href" not in svg and "@import" not in svg and "url(" not in svg


def test_the_badge_may_run_nothing_and_is_cached_publicly(client, reference_data):
    response = badge(client, factories.certificate().institution)
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "sandbox" in response["Content-Security-Policy"]
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert response["ETag"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_unchanged_badge_answers_304(client, reference_data):
    institution = factories.certificate().institution
    etag = badge(client, institution)["ETag"]
    assert badge(client, institution, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_badge_says_revoked_at_once_after_a_revocation(client, world):
    certificate = factories.certificate()
    first = badge(client, certificate.institution)
    certificate_revoke(certificate=certificate, by=world.kwp, reason="Nieprawdziwe dane")
    response = badge(client, certificate.institution, HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200  # the old ETag no longer matches: browsers get the new badge
    svg = response.content.decode()
    assert 'data-status="revoked"' in svg and "unieważniony" in svg and "ważny do" not in svg


def test_an_expired_certificate_shows_as_expired(client, reference_data):
    certificate = factories.certificate(year=2018)
    svg = badge(client, certificate.institution).content.decode()
    assert 'data-status="expired"' in svg and f"wygasł {certificate.valid_until:%d.%m.%Y}" in svg


def test_without_a_certificate_the_badge_is_neutral(client, reference_data):
    svg = badge(client, InstitutionFactory()).content.decode()
    assert 'data-status="none"' in svg and "brak ważnego certyfikatu" in svg


def test_the_extension_is_shown_over_the_first_certificate(client, reference_data):
    institution = InstitutionFactory()
    first, extension = factories.stage_two(institution)
    svg = badge(client, institution).content.decode()
    assert "Przedłużenie certyfikatu (etap II)" in svg and f"ważny do {extension.valid_until:%d.%m.%Y}" in svg


def test_names_are_escaped(client, reference_data):
    certificate = factories.certificate(institution=InstitutionFactory(name='Szkoła <b>"A&B"</b>'))
    svg = badge(client, certificate.institution).content.decode()
    assert "<b>" not in svg and "&lt;b&gt;" in svg


def test_unknown_or_malformed_ids_are_404(client, reference_data):
    assert client.get(reverse("certification:badge", args=["a" * PUBLIC_ID_LENGTH])).status_code == 404
    assert client.get(reverse("certification:badge", args=["1"])).status_code == 404


def test_institutions_get_distinct_random_public_ids(reference_data):
    a, b = InstitutionFactory(), InstitutionFactory()
    assert a.public_id != b.public_id and len(a.public_id) == PUBLIC_ID_LENGTH
    assert str(a.pk) != a.public_id


def test_the_badge_link_leads_to_the_current_certificates_verification(client, reference_data):
    certificate = factories.certificate()
    response = client.get(reverse("certification:badge-link", args=[certificate.institution.public_id]))
    assert response.status_code == 302
    assert response["Location"] == reverse("certification:verify-code", args=[certificate.verification_code])


def test_the_badge_link_without_a_certificate_leads_to_the_register(client, reference_data):
    response = client.get(reverse("certification:badge-link", args=[InstitutionFactory().public_id]))
    assert response["Location"] == reverse("certification:register")


def test_the_coordinator_sees_the_snippet_on_the_institution_page(client, world):
    client.force_login(world.coordinator_a)
    page = client.get(world.institution_a.get_absolute_url()).content.decode()
    assert 'id="badge-snippet"' in page and "readonly" in page
    assert f"/certificates/badge/{world.institution_a.public_id}.svg" in page
    assert f"/certificates/badge/{world.institution_a.public_id}/" in page
    assert "certification/copy.js" in page


def test_a_unit_officer_does_not_get_the_snippet(client, world):
    client.force_login(world.officer_a)
    page = client.get(world.institution_a.get_absolute_url()).content.decode()
    assert 'id="badge-snippet"' not in page


def test_only_a_revocation_makes_the_badge_say_revoked(reference_data):
    from certification.badge import badge_for

    certificate = factories.certificate()
    Certificate.objects.filter(pk=certificate.pk).update(revocation_reason="x")
    assert badge_for(certificate.institution).status == "valid"
