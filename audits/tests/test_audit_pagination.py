"""The audit lists that grow with the region show one page (or one week) at a time, filters kept in the links."""

import datetime

import pytest
from django.urls import reverse

from audits.models import Audit
from audits.selectors import audits as selectors
from audits.tests.factories import EnrolmentFactory
from audits.tests.factories_audits import free_past_edition, planned_audit, signed_audit
from institutions.tests.factories import AuditorFactory, InstitutionFactory, county

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(reference_data):
    return free_past_edition()


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


def test_a_busy_day_lists_its_double_booked_audits_first_then_links_to_the_rest(kwp_client, edition):
    on = edition.audit_window_start + datetime.timedelta(days=2)
    twice = AuditorFactory(first_name="Piotr", last_name="Podwójny")
    for n in range(10):
        planned_audit(edition=edition, date=on, institution=InstitutionFactory(name=f"Szkoła nr {n:02}"))
    booked = [planned_audit(edition=edition, date=on, team=[twice],
                            institution=InstitutionFactory(name=f"Żłobek nr {n}")) for n in range(2)]
    cancelled = planned_audit(edition=edition, date=on, team=[twice])
    Audit.objects.filter(pk=cancelled.pk).update(status=Audit.Status.CANCELLED)
    url = reverse("audits:audit-calendar", args=[edition.pk])
    response = kwp_client.get(url, {"week": selectors.monday_of(on).isoformat()})
    day = next(d for d in response.context["days"] if d.date == on)
    # Last by name, first by the double booking (a cancelled audit neither counts nor books anyone).
    assert [a.institution for a in day.audits][:2] == ["Żłobek nr 0", "Żłobek nr 1"]
    assert (day.total, len(day.audits), day.more, day.double_booked_auditors) == (12, 8, 4, 1)
    html = response.content.decode()
    assert "12 audytów" in html and "1 podwójnie zajęty audytor" in html and "i jeszcze 4 audyty" in html
    day_url = reverse("audits:audit-calendar-day", args=[edition.pk, on.isoformat()])
    assert f'href="{day_url}"' in html and f'href="{day_url}?double_booked_only=on"' in html
    assert {a.pk for a in kwp_client.get(day_url, {"double_booked_only": "on"}).context["audits"]} == {
        a.pk for a in booked}


def test_the_day_pages_its_audits_double_booked_first_and_keeps_the_filters(kwp_client, edition, two_per_page):
    on = edition.audit_window_start + datetime.timedelta(days=2)
    bochnia = county("1201")
    twice = AuditorFactory(first_name="Piotr", last_name="Podwójny")
    for n in range(3):
        planned_audit(edition=edition, date=on, institution=InstitutionFactory(name=f"Szkoła nr {n}", county=bochnia))
    booked = planned_audit(edition=edition, date=on, team=[twice],
                           institution=InstitutionFactory(name="Żłobek", county=bochnia))
    planned_audit(edition=edition, date=on, team=[twice])  # elsewhere in the region: still a double booking
    planned_audit(edition=edition, date=on + datetime.timedelta(days=1))  # another day
    url = reverse("audits:audit-calendar-day", args=[edition.pk, on.isoformat()])
    response = kwp_client.get(url, {"county": bochnia.pk})
    assert response.context["page"].paginator.count == 4 and response.context["double_booked_auditors"] == 1
    assert response.context["audits"][0] == booked
    html = response.content.decode()
    assert "Piotr Podwójny" in html and "ma tego dnia inny audyt" in html
    assert f'href="?county={bochnia.pk}&amp;page=2"' in html
    week = reverse("audits:audit-calendar", args=[edition.pk])
    assert f'href="{week}?week={selectors.monday_of(on).isoformat()}&amp;county={bochnia.pk}"' in html
    second = kwp_client.get(url, {"county": bochnia.pk, "page": 2})
    assert len(second.context["audits"]) == 2 and booked not in second.context["audits"]
    # The calendar keeps the county in its links to other weeks and to the day.
    response = kwp_client.get(week, {"county": bochnia.pk, "week": selectors.monday_of(on).isoformat()})
    day = next(d for d in response.context["days"] if d.date == on)
    assert (day.total, day.double_booked_auditors, day.audits[0].double_booked) == (4, 1, [twice])
    html = response.content.decode()
    assert f"?week={selectors.monday_of(on).isoformat()}&amp;county={bochnia.pk}" in html
    assert f'href="{url}?county={bochnia.pk}"' in html


def test_a_day_that_is_not_a_date_is_not_found(kwp_client, edition):
    assert kwp_client.get(reverse("audits:audit-calendar-day", args=[edition.pk, "2026-02-30"])).status_code == 404


def test_not_started_and_the_status_counts_are_of_the_edition_only(kwp, reference_data):
    """An institution that opened its self-assessment in another edition has still not started in this one."""
    from audits.models import SelfAssessment
    from audits.selectors import self_assessments as sa_selectors
    from audits.tests.factories import EditionFactory, SelfAssessmentFactory
    from audits.tests.factories_self_assessments import current_edition

    edition = current_edition()
    earlier = EditionFactory(start_year=edition.start_year - 3)
    school = InstitutionFactory()
    SelfAssessmentFactory(enrolment=EnrolmentFactory(edition=earlier, institution=school))
    waiting = EnrolmentFactory(edition=edition, institution=school)
    opened = SelfAssessmentFactory(enrolment=EnrolmentFactory(edition=edition), status=SelfAssessment.Status.SUBMITTED)

    not_started = list(sa_selectors.enrolments_not_started(user=kwp, edition=edition))
    assert waiting in not_started and opened.enrolment not in not_started
    counts = sa_selectors.status_counts(edition=edition)
    assert counts["not_started"] == len(not_started)
    assert counts[SelfAssessment.Status.SUBMITTED] == SelfAssessment.objects.filter(
        enrolment__edition=edition, status=SelfAssessment.Status.SUBMITTED).count()
