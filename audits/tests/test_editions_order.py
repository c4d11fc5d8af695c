"""Every page and select that lists editions lists them newest first."""

import re

import pytest
from django.urls import reverse

from audits.models import Edition
from audits.tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editions(reference_data):
    # Created out of order, and with ids that do not follow the years.
    made = [EditionFactory(start_year=year) for year in (2041, 2043, 2040, 2042)]
    newest = Edition.objects.get(start_year=2043)
    return made, newest


def years_on(page: str) -> list[int]:
    years = [int(y) for y in re.findall(r"\b(204[0-3])/204[1-4]\b", page)]
    return list(dict.fromkeys(years))  # first appearance of each


@pytest.mark.parametrize("url", [
    lambda e: reverse("audits:edition-list"),
    lambda e: reverse("audits:audit-overview", args=[e.pk]),
    lambda e: reverse("audits:self-assessment-review-list"),
    lambda e: reverse("certification:decision-list"),
    lambda e: reverse("certification:certificate-list"),
    lambda e: reverse("dashboard"),
    lambda e: reverse("audits:rulebook-detail", args=[e.spb_rulebook_id]),
], ids=["editions", "audits", "self-assessment review", "decisions", "certificates", "dashboard", "rulebook"])
def test_editions_are_listed_newest_first(client, kwp, editions, url):
    made, newest = editions
    for edition in made:  # one rulebook for all, so the rulebook page lists all four
        Edition.objects.filter(pk=edition.pk).update(spb_rulebook=newest.spb_rulebook)
    client.force_login(kwp)
    years = years_on(client.get(url(newest)).content.decode())
    assert len(years) >= 2, years
    assert years == sorted(years, reverse=True)
