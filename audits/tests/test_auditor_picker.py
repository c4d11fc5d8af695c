"""The audit team picker: the ticked auditors, a few suggestions and a search, never every auditor of the region.
The browser side (typing, htmx) is in test_browser_audits.py."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audits.models import Audit
from audits.selectors.audits import AUDITOR_SUGGESTIONS, auditor_candidates
from audits.tests.factories_audits import accepted_enrolment, free_past_edition, kwp_auditor, planned_audit
from institutions.models import User
from institutions.selectors import PICKER_LIMIT
from institutions.tests.factories import AuditorFactory, InstitutionFactory, UserFactory, county, police_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(reference_data):
    return free_past_edition()


def region(n: int) -> None:
    """n auditors spread over KWP, the Nowy Sącz unit and Zakopane's, most of them named Nowak."""
    units = [police_unit("KWP Kraków"), police_unit("KMP Nowy Sącz"), police_unit("KPP Zakopane")]
    for i in range(n):
        AuditorFactory(last_name="Nowak", police_unit=units[i % 3])


def plan_page(kwp_client, edition, **data):
    url = reverse("audits:audit-plan", args=[edition.pk])
    return kwp_client.post(url, data) if data else kwp_client.get(url)


@pytest.mark.parametrize("q", ["", "nowak"])
def test_the_plan_page_costs_the_same_queries_and_rows_for_5_and_40_auditors(kwp_client, edition, q):
    accepted_enrolment(edition=edition, institution=InstitutionFactory(county=county("1262")))
    data = {"find": "1", "auditor_q": q} if q else {}
    counts, rows = [], []
    for n in (5, 35):  # 5, then 40 in all
        region(n)
        with CaptureQueriesContext(connection) as queries:
            response = plan_page(kwp_client, edition, **data)
        counts.append(len(queries))
        rows.append(response.text.count('name="lead"'))
    assert counts[0] == counts[1]
    assert rows[1] <= AUDITOR_SUGGESTIONS + (PICKER_LIMIT if q else 0)
    assert User.objects.filter(role=User.Role.AUDITOR).count() > rows[1]


def test_no_query_loads_every_auditor(edition):
    region(40)
    sacz = police_unit("KMP Nowy Sącz").pk
    with CaptureQueriesContext(connection) as queries:
        candidates = auditor_candidates(suggested_units=[sacz], q="nowak")
    assert len(queries) == 3  # KWP's suggestions, the unit's, the matches: each LIMITed
    assert all("LIMIT" in query["sql"] for query in queries)
    assert len(candidates.suggested) == AUDITOR_SUGGESTIONS and candidates.more_suggested
    assert len(candidates.found) == PICKER_LIMIT and candidates.more_found


def test_suggestions_share_the_cap_between_kwp_and_the_institutions_units(edition):
    region(60)  # 20 of each unit
    sacz = police_unit("KMP Nowy Sącz")
    suggested = auditor_candidates(suggested_units=[sacz.pk]).suggested
    kinds = [a.police_unit.short_name for a in suggested]
    assert kinds.count("KWP Kraków") == kinds.count("KMP Nowy Sącz") == AUDITOR_SUGGESTIONS // 2
    assert all(a.suggested for a in suggested)


def test_ticked_users_come_first_once_and_stay_whatever_the_search(edition):
    region(30)
    far = AuditorFactory(first_name="Zenon", last_name="Daleki", police_unit=police_unit("KPP Zakopane"))
    ticked_kwp = User.objects.filter(role=User.Role.AUDITOR, police_unit__short_name="KWP Kraków").first()
    candidates = auditor_candidates(ticked=[far.pk, str(ticked_kwp.pk), "x", "", "²", "9" * 30], q="dale")
    assert set(candidates.ticked) == {far, ticked_kwp}
    assert far not in candidates.found and ticked_kwp not in candidates.suggested
    assert len(candidates.rows) == len({a.pk for a in candidates.rows})


def test_the_search_finds_by_name_login_and_unit_from_the_minimum_length(edition):
    far = AuditorFactory(first_name="Zenon", last_name="Daleki", username="zdaleki", police_unit=police_unit(
        "KPP Zakopane"))
    assert auditor_candidates(q="Zenon Dal").found == [far]
    assert auditor_candidates(q="zdal").found == [far]
    assert far in auditor_candidates(q="zakopane").found
    short = auditor_candidates(q="z")
    assert short.too_short and short.found == []
    assert auditor_candidates(q="Zenon", ticked=[far.pk]).found == []  # already on the list, once


def test_the_search_url_keeps_the_ticks_and_suggests_from_the_ticked_enrolments(kwp_client, edition):
    sacz = accepted_enrolment(edition=edition, institution=InstitutionFactory(county=county("1262")))
    local = AuditorFactory(last_name="Sądecki", police_unit=police_unit("KMP Nowy Sącz"))
    far = AuditorFactory(first_name="Zenon", last_name="Daleki", police_unit=police_unit("KPP Zakopane"))
    response = kwp_client.get(reverse("audits:auditor-search"), {
        "auditor_q": "dal", "enrolments": sacz.pk, "auditors": [far.pk], "lead": far.pk})
    html = response.text
    assert f'value="{far.pk}" id="auditor-{far.pk}" checked' in html and f'id="lead-{far.pk}" checked' in html
    assert f'id="auditor-{local.pk}"' in html  # suggested: the unit serving the ticked institution
    assert "<html" not in html and 'id="auditor-q"' not in html  # only the rows: the search box keeps the focus
    # Without ticked institutions, the page's units sent along
    html = kwp_client.get(reverse("audits:auditor-search"), {"suggest_unit": police_unit("KMP Nowy Sącz").pk}).text
    assert f'id="auditor-{local.pk}"' in html


def test_the_search_button_shows_the_form_again_with_the_matches_and_plans_nothing(kwp_client, edition):
    enrolment = accepted_enrolment(edition=edition)
    lead = kwp_auditor(last_name="Kierowniczak")
    far = AuditorFactory(first_name="Zenon", last_name="Daleki", police_unit=police_unit("KPP Zakopane"))
    day = (edition.audit_window_start + datetime.timedelta(days=3)).isoformat()
    response = plan_page(kwp_client, edition, enrolments=[enrolment.pk], date=day, auditors=[lead.pk],
                         lead=lead.pk, auditor_q="Daleki", find="1")
    html = response.text
    assert response.status_code == 200 and not Audit.objects.filter(enrolment=enrolment).exists()
    assert f'id="auditor-{far.pk}"' in html and f'id="auditor-{lead.pk}" checked' in html
    assert f'id="enrolment-{enrolment.pk}" checked' in html and f'value="{day}"' in html
    assert 'value="Daleki"' in html and "alert-danger" not in html
    # then ticking the one found and saving plans the audit with him
    response = plan_page(kwp_client, edition, enrolments=[enrolment.pk], date=day, auditors=[lead.pk, far.pk],
                         lead=lead.pk, auditor_q="Daleki")
    assert response.status_code == 302
    assert set(Audit.objects.get(enrolment=enrolment).team.values_list("user", flat=True)) == {lead.pk, far.pk}


def test_the_team_page_shows_the_current_team_and_finds_others_without_javascript(kwp_client, edition):
    member = AuditorFactory(first_name="Zenon", last_name="Daleki", police_unit=police_unit("KPP Zakopane"))
    audit = planned_audit(edition=edition, team=[member])
    other = AuditorFactory(first_name="Olga", last_name="Inna", police_unit=police_unit("KPP Zakopane"))
    url = reverse("audits:audit-team", args=[audit.pk])
    html = kwp_client.get(url).text
    assert f'id="auditor-{member.pk}" checked' in html and f'id="auditor-{other.pk}"' not in html
    response = kwp_client.post(url, {"auditors": [member.pk], "lead": member.pk, "auditor_q": "Inna", "find": "1"})
    assert f'id="auditor-{other.pk}"' in response.text and "alert-danger" not in response.text
    assert list(audit.team.values_list("user", flat=True)) == [member.pk]


def test_a_posted_auditor_not_shown_is_still_accepted(kwp_client, edition):
    enrolment = accepted_enrolment(edition=edition)
    region(30)
    unseen = AuditorFactory(last_name="Niewidoczny", police_unit=police_unit("KPP Zakopane"))
    day = (edition.audit_window_start + datetime.timedelta(days=3)).isoformat()
    assert f'id="auditor-{unseen.pk}"' not in plan_page(kwp_client, edition).text
    response = plan_page(kwp_client, edition, enrolments=[enrolment.pk], date=day, auditors=[unseen.pk],
                         lead=unseen.pk)
    assert response.status_code == 302


def test_a_ticked_non_auditor_is_shown_ticked_and_refused_by_name(kwp_client, edition):
    enrolment = accepted_enrolment(edition=edition)
    lead, coordinator = kwp_auditor(), UserFactory(first_name="Ewa", last_name="Koordynatorka")
    day = (edition.audit_window_start + datetime.timedelta(days=3)).isoformat()
    response = plan_page(kwp_client, edition, enrolments=[enrolment.pk], date=day,
                         auditors=[lead.pk, coordinator.pk], lead=lead.pk)
    assert f'id="auditor-{coordinator.pk}" checked' in response.text and "Ewa Koordynatorka" in response.text
