"""The decisions list (both its lists) and the register's Lider titles show a page at a time."""

import pytest
from django.urls import reverse

from audits.models import Stage
from certification.services import certificate_issue
from institutions.tests.factories import InstitutionFactory

from . import factories

pytestmark = pytest.mark.django_db


def test_the_decision_lists_have_their_own_pages(client, kwp, monkeypatch):
    monkeypatch.setattr("certification.views.PAGE_SIZE", 2)
    for _ in range(3):
        factories.decision()
        factories.signed_audit()
    client.force_login(kwp)
    url = reverse("certification:decision-list")
    response = client.get(url)
    assert len(response.context["decisions"]) == 2 and response.context["decisions"].paginator.count == 3
    assert len(response.context["audits"]) == 2 and response.context["audits"].paginator.count == 3
    html = response.content.decode()
    assert "awaiting_page=2#awaiting-heading" in html and "page=2#recorded-heading" in html
    second = client.get(url, {"awaiting_page": 2})
    assert len(second.context["audits"]) == 1 and len(second.context["decisions"]) == 2


def test_the_register_pages_the_lider_titles(client, world, monkeypatch):
    from django.core.paginator import Paginator

    monkeypatch.setattr("certification.views.Paginator", lambda qs, n: Paginator(qs, 1))
    for _ in range(2):
        school = InstitutionFactory()
        factories.stage_two(school)
        audit = factories.signed_audit(institution=school, kind=Stage.LIDER, lider=True)
        certificate_issue(decision=factories.decision(audit=audit, outcome="lider"), by=None, dispatch=False)
    response = client.get(reverse("certification:register"))
    assert len(response.context["lider_titles"]) == 1
    assert "lider_page=2#lider-heading" in response.content.decode()
    second = client.get(reverse("certification:register"), {"lider_page": 2})
    assert second.context["lider_titles"][0] != response.context["lider_titles"][0]
