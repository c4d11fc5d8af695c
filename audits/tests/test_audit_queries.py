"""Query budgets of the audit lists: the same number of queries for 1 and for 10 audits."""

import datetime

import pytest
from django.urls import reverse

from audits.selectors.audits import CALENDAR_DAY_CAP, monday_of
from audits.tests.factories_audits import free_past_edition, planned_audit, signed_audit
from core.ui import PAGE_SIZE
from institutions.tests.factories import AuditorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(reference_data):
    return free_past_edition()


def make_audits(edition, n, team):
    """n planned and n signed audits."""
    for _ in range(n):
        planned_audit(edition=edition, team=team)
        signed_audit(edition=edition, team=team)


@pytest.mark.parametrize("n", [1, 10])
def test_overview(client, kwp, edition, django_assert_num_queries, n):
    make_audits(edition, n, [AuditorFactory(), AuditorFactory()])
    client.force_login(kwp)
    # session, user, edition, other editions, counties (filter form), count, the page's audits (+ joins), teams
    with django_assert_num_queries(8):
        assert client.get(reverse("audits:audit-overview", args=[edition.pk])).status_code == 200


@pytest.mark.parametrize("n", [1, 10])
def test_ranking(client, kwp, edition, django_assert_num_queries, n):
    make_audits(edition, n, [AuditorFactory()])
    client.force_login(kwp)
    # session, user, edition, count, the page's signed audits with their places (+ joins), teams
    with django_assert_num_queries(6):
        assert client.get(reverse("audits:audit-ranking", args=[edition.pk])).status_code == 200


def busy_day(edition, n):
    """2 × n live audits on one day, all with Piotr Podwójny (so he is double-booked)."""
    twice = AuditorFactory(first_name="Piotr", last_name="Podwójny")
    on = edition.audit_window_start + datetime.timedelta(days=7)
    for _ in range(n):
        planned_audit(edition=edition, team=[twice, AuditorFactory()], date=on)
        signed_audit(edition=edition, team=[AuditorFactory(), twice], date=on)
    return on


@pytest.mark.parametrize("n", [1, 20])
def test_calendar(client, kwp, edition, django_assert_num_queries, n):
    on = busy_day(edition, n)
    client.force_login(kwp)
    # session, user, edition, audits per day (the weeks), the week's first audits of each day with the days'
    # totals (window functions), their double-booked auditors, the double-booked auditors per day, counties
    with django_assert_num_queries(8):
        response = client.get(reverse("audits:audit-calendar", args=[edition.pk]), {"week": monday_of(on)})
    assert response.status_code == 200
    day = next(d for d in response.context["days"] if d.date == on)
    assert day.total == 2 * n and len(day.audits) == min(2 * n, CALENDAR_DAY_CAP)
    assert day.double_booked_auditors == 1 and day.more == 2 * n - len(day.audits)
    html = response.content.decode()
    assert html.count("Piotr Podwójny") == min(2 * n, CALENDAR_DAY_CAP)  # on every audit listed, no more
    assert "1 podwójnie zajęty audytor" in html


@pytest.mark.parametrize("n", [1, 20])
def test_calendar_day(client, kwp, edition, django_assert_num_queries, n):
    on = busy_day(edition, n)
    client.force_login(kwp)
    url = reverse("audits:audit-calendar-day", args=[edition.pk, on.isoformat()])
    # session, user, edition, count, the page's audits (+ institution, county), their teams (+ users, whether
    # booked twice), the double-booked auditors of the day, counties
    with django_assert_num_queries(8):
        response = client.get(url, {"page": 1})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2 * n
    assert len(response.context["audits"]) == min(2 * n, PAGE_SIZE)
    assert response.context["double_booked_auditors"] == 1
    assert response.content.decode().count("Piotr Podwójny") == min(2 * n, PAGE_SIZE)


@pytest.mark.parametrize("n", [1, 10])
def test_planning(client, kwp, edition, django_assert_num_queries, n):
    make_audits(edition, n, [AuditorFactory()])
    client.force_login(kwp)
    # session, user, edition, count, the page's rows (+ self-assessment status), their live audits, suggested
    # auditors of KWP and of the rows' units (a few each, never all: test_auditor_picker.py), counties (filter form)
    with django_assert_num_queries(9):
        assert client.get(reverse("audits:audit-plan", args=[edition.pk])).status_code == 200


@pytest.mark.parametrize("n", [1, 10])
def test_my_audits(client, reference_data, django_assert_num_queries, n):
    auditor = AuditorFactory()
    edition = free_past_edition()
    make_audits(edition, n, [auditor])
    client.force_login(auditor)
    # session, user, live audits, their teams, signed audits, their teams, criteria counts, scored counts,
    # whether the auditor sits on a certification commission (the menu entry)
    with django_assert_num_queries(9):
        assert client.get(reverse("audits:audit-mine")).status_code == 200


def _plan(queryset) -> str:
    """PostgreSQL's plan for the first page of `queryset`, with sequential scans and sorts priced out, so an
    index is used wherever one can serve the filter and the order (on a test database of a few rows the
    planner would otherwise scan the table whatever its indexes)."""
    from django.db import connection

    sql, params = queryset[:PAGE_SIZE].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(("selector", "index"), [("audit_ranking", "audit_edition_ranking"),
                                                   ("audit_overview", "audit_edition_date")])
def test_a_page_of_the_ranking_and_the_overview_is_read_from_an_index_in_its_order(
        kwp, edition, selector, index, settings):
    """At the region's scale a page must read its own rows, not sort the edition's (31 ms → 3 ms at 5,000
    institutions × 10 editions, docs/benchmarks.md): the filter is the stored edition and an index has the order."""
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        pytest.skip("a PostgreSQL query plan")
    from audits.selectors import audits as selectors

    make_audits(edition, 3, [AuditorFactory()])
    plan = _plan(getattr(selectors, selector)(user=kwp, edition=edition))
    assert index in plan
