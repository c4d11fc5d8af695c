"""The audit lists that grow with the region show one page (or one week) at a time, filters kept in the links."""

import datetime

import pytest
from django.urls import reverse

from audits.tests.factories import EnrolmentFactory
from audits.tests.factories_audits import free_past_edition, planned_audit, signed_audit
from institutions.tests.factories import InstitutionFactory, county

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(reference_data):
    return free_past_edition()


@pytest.fixture
def kwp_client(client, kwp):
    client.force_login(kwp)
    return client


@pytest.fixture
def two_per_page(monkeypatch):
    monkeypatch.setattr("audits.views.audits.PAGE_SIZE", 2)
    monkeypatch.setattr("audits.views.self_assessments.PAGE_SIZE", 2)


def test_the_overview_shows_a_page_and_keeps_the_filters_in_its_links(kwp_client, edition, two_per_page):
    bochnia = county("1201")
    for _ in range(3):
        planned_audit(edition=edition, institution=InstitutionFactory(county=bochnia))
    planned_audit(edition=edition, institution=InstitutionFactory(county=county("1263")))
    url = reverse("audits:audit-overview", args=[edition.pk])
    response = kwp_client.get(url, {"county": bochnia.pk, "status": "planned"})
    assert len(response.context["audits"]) == 2 and response.context["page"].paginator.count == 3
    html = response.content.decode()
    assert "3 audyty" in html
    assert f'href="?county={bochnia.pk}&amp;status=planned&amp;page=2"' in html
    second = kwp_client.get(url, {"county": bochnia.pk, "status": "planned", "page": 2})
    assert len(second.context["audits"]) == 1


def test_the_ranking_keeps_true_places_on_later_pages(kwp_client, edition, two_per_page):
    low = signed_audit(edition=edition, points={"1.1": 0})
    signed_audit(edition=edition)
    signed_audit(edition=edition)
    url = reverse("audits:audit-ranking", args=[edition.pk])
    assert [r.rank for r in kwp_client.get(url).context["ranking"]] == [1, 1]
    assert [(r.rank, r.audit) for r in kwp_client.get(url, {"page": 2}).context["ranking"]] == [(3, low)]


def test_the_calendar_shows_one_week_with_links_to_the_others(kwp_client, edition):
    monday = edition.audit_window_start - datetime.timedelta(days=edition.audit_window_start.weekday())
    first = planned_audit(edition=edition, date=monday + datetime.timedelta(days=1))
    later = planned_audit(edition=edition, date=monday + datetime.timedelta(days=15))
    url = reverse("audits:audit-calendar", args=[edition.pk])
    html = kwp_client.get(url).content.decode()
    assert str(first.enrolment.institution) in html and str(later.enrolment.institution) not in html
    later_monday = (monday + datetime.timedelta(days=14)).isoformat()
    assert f'href="?week={later_monday}"' in html
    html = kwp_client.get(url, {"week": later_monday}).content.decode()
    assert str(later.enrolment.institution) in html and str(first.enrolment.institution) not in html
    # A week that is not the edition's falls back to a week of the edition.
    assert kwp_client.get(url, {"week": "1999-01-04"}).status_code == 200


def test_planning_shows_a_page_of_rows_and_plans_a_ticked_one(kwp_client, edition, two_per_page):
    for _ in range(3):
        planned_audit(edition=edition)
    url = reverse("audits:audit-plan", args=[edition.pk])
    response = kwp_client.get(url)
    assert len(response.context["table"]) == 2 and response.context["page"].paginator.num_pages == 2
    assert len(kwp_client.get(url, {"page": 2}).context["table"]) == 1


def test_the_review_list_pages_the_institutions_that_have_not_started(kwp_client, two_per_page):
    from audits.models import Enrolment
    from audits.tests.factories_self_assessments import current_edition

    edition = current_edition()
    for _ in range(3):
        EnrolmentFactory(edition=edition)
    waiting = Enrolment.objects.filter(edition=edition, self_assessment__isnull=True).count()
    url = reverse("audits:self-assessment-review-list")
    response = kwp_client.get(url, {"edition": edition.pk})
    first = [e.pk for e in response.context["not_started"]]
    assert len(first) == 2 and response.context["not_started"].paginator.count == waiting >= 3
    html = response.content.decode()
    assert f"{waiting} zgłoszone placówki nie otworzyły" in html
    assert "not_started_page=2#not-started" in html
    second = kwp_client.get(url, {"edition": edition.pk, "not_started_page": 2})
    assert not set(first) & {e.pk for e in second.context["not_started"]}
    assert 'id="not-started" open' in second.content.decode()
