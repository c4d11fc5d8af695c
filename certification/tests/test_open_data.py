"""The register as open data: CSV and JSON with public fields only, the licence, streamed and cached."""

import csv
import io
import json

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from certification.open_data import FIELD_NAMES
from certification.services import certificate_revoke
from institutions.tests.factories import InstitutionFactory, county

from . import factories

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def test_the_csv_lists_every_certificate_with_its_status(client, world):
    valid = factories.certificate(institution=InstitutionFactory(name="Szkoła Podstawowa w Łącku; filia",
                                                                 town="Łącko", county=county("1210")))
    expired = factories.certificate(year=2018)
    revoked = factories.certificate()
    certificate_revoke(certificate=revoked, by=world.kwp, reason="Tajny powód")
    response = client.get(reverse("certification:open-data-csv"))
    assert response.status_code == 200 and isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = {row["number"]: row for row in csv_rows(response)}
    assert list(next(iter(rows.values()))) == FIELD_NAMES
    row = rows[valid.number]
    assert row["holder"] == "Szkoła Podstawowa w Łącku; filia"  # the delimiter inside a value is quoted
    assert row["town"] == "Łącko" and row["county"] == "nowosądecki" and row["county_teryt"] == "1210"
    assert row["programme"] == "SPB" and row["kind"] == "certificate" and row["status"] == "valid"
    assert row["valid_until"] == valid.valid_until.isoformat()
    assert row["verification_url"].endswith(f"/certificates/verify/{valid.verification_code}/")
    assert rows[expired.number]["status"] == "expired" and rows[revoked.number]["status"] == "revoked"


def test_no_personal_data_or_internal_notes_are_published(client, world):
    certificate = factories.certificate(institution=world.institution_a)
    certificate_revoke(certificate=certificate, by=world.kwp, reason="Tajny powód")
    csv_text = b"".join(client.get(reverse("certification:open-data-csv")).streaming_content).decode()
    json_text = client.get(reverse("certification:open-data-json")).content.decode()
    for text in (csv_text, json_text):
        assert certificate.number in text
        for secret in ("Tajny powód", world.coordinator_a.last_name, world.coordinator_a.email, world.kwp.last_name):
            assert secret not in text


def test_the_json_has_the_licence_and_the_records(client, reference_data):
    certificates = [factories.certificate() for _ in range(3)]
    response = client.get(reverse("certification:open-data-json"))
    document = json.loads(response.content)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    meta = document["metadata"]
    assert meta["licence"] == "CC BY 4.0" and "creativecommons.org" in meta["licence_url"]
    assert "Komenda Wojewódzka Policji w Krakowie" in meta["attribution"]
    assert meta["count"] == 3 == len(document["records"]) and meta["generated"] and meta["fields"] == FIELD_NAMES
    assert {r["number"] for r in document["records"]} == {c.number for c in certificates}
    assert list(document["records"][0]) == FIELD_NAMES


def test_the_csv_reads_rows_in_a_fixed_number_of_queries(client, reference_data, django_assert_max_num_queries):
    for _ in range(5):
        factories.certificate()
    with django_assert_max_num_queries(3):  # the rows in chunks (one query at this size)
        b"".join(client.get(reverse("certification:open-data-csv")).streaming_content)


def test_an_unchanged_register_answers_304_until_a_revocation(client, world, settings):
    settings.PUBLIC_PAGE_CACHE = True
    certificate = factories.certificate()
    for name in ("certification:open-data-csv", "certification:open-data-json"):
        etag = client.get(reverse(name))["ETag"]
        assert client.get(reverse(name), HTTP_IF_NONE_MATCH=etag).status_code == 304
    etags = {name: client.get(reverse(name))["ETag"] for name in ("certification:open-data-csv",
                                                                   "certification:open-data-json")}
    certificate_revoke(certificate=certificate, by=world.kwp, reason="Nieprawdziwe dane")
    for name, etag in etags.items():
        response = client.get(reverse(name), HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200


def test_the_json_is_served_from_the_cache(client, reference_data, settings, django_assert_num_queries):
    settings.PUBLIC_PAGE_CACHE = True
    factories.certificate()
    client.get(reverse("certification:open-data-json"))
    with django_assert_num_queries(0):
        assert client.get(reverse("certification:open-data-json")).status_code == 200


def test_downloads_are_rate_limited(client, reference_data, settings):
    settings.OPEN_DATA_DOWNLOADS_PER_MINUTE = 2
    statuses = [client.get(reverse("certification:open-data-json")).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get(reverse("certification:open-data-csv")).status_code == 429


def test_the_dictionary_page_lists_every_field_and_the_licence(client, reference_data):
    page = client.get(reverse("certification:open-data")).content.decode()
    assert all(f"<code>{name}</code>" in page for name in FIELD_NAMES)
    assert "CC BY 4.0" in page and reverse("certification:open-data-csv") in page


def test_the_register_links_to_the_open_data(client, reference_data):
    assert reverse("certification:open-data") in client.get(reverse("certification:register")).content.decode()
