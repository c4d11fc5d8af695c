"""The dashboard's register-wide statistics (editions over time, counties, today's map) come from the shared cache,
and every change they depend on shows at the next visit: the numbers stay those counted live."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audits.models import Enrolment
from audits.services.editions import enrolment_withdraw
from certification.models import Certificate
from certification.services import certificate_revoke
from institutions.models import County

from .factories import build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _shared_cache(settings):
    settings.PUBLIC_PAGE_CACHE = True  # as with CACHE_URL (the tests' cache is this process's memory)
    cache.clear()


@pytest.fixture
def built(world):
    return build(20)


def visit(client, edition):
    response = client.get(reverse("dashboard"), {"edition": edition.pk})
    assert response.status_code == 200
    return response


def trend_row(response, edition):
    return next(row for row in response.context["trend"] if row.pk == edition.pk)


def county_row(response, county):
    return next(row for row in response.context["counties"] if row.pk == county.pk)


def test_a_second_visit_reads_the_statistics_from_the_cache(client, kwp, built):
    client.force_login(kwp)
    with CaptureQueriesContext(connection) as first:
        cold = visit(client, built.edition)
    with CaptureQueriesContext(connection) as second:
        warm = visit(client, built.edition)
    assert len(second) < len(first)
    assert warm.context["trend"] == cold.context["trend"] and warm.context["counties"] == cold.context["counties"]
    assert warm.context["county_map"] == cold.context["county_map"]


def test_a_revoked_certificate_leaves_the_trend_and_the_counties_at_once(client, kwp, built):
    client.force_login(kwp)
    before = visit(client, built.edition)
    certificate = Certificate.objects.filter(edition=built.edition, kind="certificate",
                                             revoked_at__isnull=True).select_related("institution").first()
    assert certificate is not None
    alone = not Certificate.objects.filter(edition=built.edition, kind__in=["certificate", "extension"],
                                           institution=certificate.institution, revoked_at__isnull=True,
                                           ).exclude(pk=certificate.pk).exists()
    assert alone
    certificate_revoke(certificate=certificate, by=kwp, reason="Błąd w danych")
    after = visit(client, built.edition)
    assert trend_row(after, built.edition).certified == trend_row(before, built.edition).certified - 1
    county = certificate.institution.county
    assert county_row(after, county).certified == county_row(before, county).certified - 1


def test_an_institution_moved_to_another_county_moves_in_the_counties(client, kwp, built):
    client.force_login(kwp)
    before = visit(client, built.edition)
    enrolment = Enrolment.objects.filter(edition=built.edition).select_related("institution").first()
    institution = enrolment.institution
    old, new = institution.county, County.objects.exclude(pk=institution.county_id).first()
    institution.county = new
    institution.save()
    after = visit(client, built.edition)
    assert county_row(after, old).enrolled == county_row(before, old).enrolled - 1
    assert county_row(after, new).enrolled == county_row(before, new).enrolled + 1


def test_a_withdrawn_enrolment_leaves_the_trend_at_once(client, kwp, built):
    client.force_login(kwp)
    before = visit(client, built.edition)
    enrolment = Enrolment.objects.filter(edition=built.edition, self_assessment__isnull=True,
                                         audits__isnull=True).first()
    assert enrolment is not None
    enrolment_withdraw(enrolment=enrolment, by=kwp)
    after = visit(client, built.edition)
    assert trend_row(after, built.edition).enrolled == trend_row(before, built.edition).enrolled - 1
