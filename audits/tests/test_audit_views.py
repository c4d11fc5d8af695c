"""Audit pages through the test client: planning, scoring (with and without htmx), signing, results."""

import datetime

import pytest
from django.urls import reverse

from audits.models import Audit, AuditScore, SelfAssessment, Stage
from audits.tests.factories import EnrolmentFactory, SelfAssessmentFactory
from audits.tests.factories_audits import (
    accepted_enrolment,
    criteria_of,
    edition_of,
    free_past_edition,
    kwp_auditor,
    planned_audit,
    score_all,
    signed_audit,
)
from audits.tests.factories_self_assessments import EvidenceFactory
from institutions.tests.factories import AuditorFactory, InstitutionFactory, UserFactory, county, police_unit
from partners.models import Partner, Partnership

pytestmark = pytest.mark.django_db


def day(edition, n: int = 14) -> datetime.date:
    return edition.audit_window_start + datetime.timedelta(days=n)


@pytest.fixture
def edition(reference_data):
    return free_past_edition()


# --- Planning ------------------------------------------------------------------------------------


def test_planning_lists_enrolled_institutions_with_their_self_assessment_status(kwp_client, edition):
    accepted_enrolment(edition=edition, institution=InstitutionFactory(name="SP 7 w Bochni"))
    SelfAssessmentFactory(enrolment=EnrolmentFactory(edition=edition, institution=InstitutionFactory(
        name="SP 9 w Tarnowie")), status=SelfAssessment.Status.SUBMITTED)
    html = kwp_client.get(reverse("audits:audit-plan", args=[edition.pk])).content.decode()
    assert "SP 7 w Bochni" in html and "Przyjęta" in html
    assert "SP 9 w Tarnowie" in html and "Złożona" in html


def test_only_institutions_with_an_accepted_self_assessment_can_be_ticked(kwp_client, edition):
    ready = accepted_enrolment(edition=edition)
    draft = SelfAssessmentFactory(enrolment=EnrolmentFactory(edition=edition)).enrolment
    html = kwp_client.get(reverse("audits:audit-plan", args=[edition.pk])).content.decode()
    assert f'id="enrolment-{ready.pk}"' in html
    assert f'id="enrolment-{draft.pk}"' not in html


def test_auditors_of_kwp_and_of_the_serving_unit_are_suggested_others_found_by_the_search(kwp_client, edition):
    institution = InstitutionFactory(county=county("1262"))  # Nowy Sącz: KMP Nowy Sącz
    enrolment = accepted_enrolment(edition=edition, institution=institution)
    other = AuditorFactory(last_name="Aaaa", police_unit=police_unit("KPP Zakopane"))
    local = AuditorFactory(last_name="Zzzz", police_unit=police_unit("KMP Nowy Sącz"))
    regional = kwp_auditor(last_name="Kwapisz")
    response = kwp_client.get(reverse("audits:audit-plan", args=[edition.pk]), {"enrolment": enrolment.pk})
    candidates = response.context["candidates"]
    assert {regional, local} <= set(candidates.suggested) and other not in candidates.rows
    assert all(a.suggested for a in candidates.suggested)
    found = kwp_client.get(reverse("audits:auditor-search"), {"auditor_q": "aaa", "enrolments": enrolment.pk})
    assert found.context["candidates"].found == [other] and not found.context["candidates"].found[0].suggested
    assert f'id="auditor-{other.pk}"' in found.text and "Kierownik zespołu: " in found.text


def plan_data(edition, enrolments, auditors, lead, **extra) -> dict:
    return {"enrolments": [e.pk for e in enrolments], "date": day(edition).isoformat(),
            "auditors": [a.pk for a in auditors], "lead": lead.pk, **extra}


def test_several_audits_are_planned_in_one_go(kwp_client, edition):
    first, second = accepted_enrolment(edition=edition), accepted_enrolment(edition=edition)
    lead, member = kwp_auditor(), AuditorFactory()
    response = kwp_client.post(reverse("audits:audit-plan", args=[edition.pk]), plan_data(
        edition, [first, second], [lead, member], lead, **{f"date_{second.pk}": day(edition, 20).isoformat(),
                                                            f"kind_{second.pk}": Stage.EXTENSION}))
    assert response.status_code == 302
    assert sorted(Audit.objects.filter(enrolment__edition=edition).values_list("enrolment", "date", "kind")) == sorted([
        (first.pk, day(edition), Stage.CERTIFICATE), (second.pk, day(edition, 20), Stage.EXTENSION)])


def test_a_refused_row_is_marked_and_nothing_is_planned(kwp_client, edition):
    first = accepted_enrolment(edition=edition)
    taken = planned_audit(edition=edition).enrolment
    lead = AuditorFactory()
    response = kwp_client.post(reverse("audits:audit-plan", args=[edition.pk]),
                               plan_data(edition, [first, taken], [lead], lead))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="row-errors-{taken.pk}"' in html and "ma już audyt" in html
    assert not Audit.objects.filter(enrolment=first).exists()


def test_a_non_auditor_in_the_team_is_refused_with_a_message(kwp_client, edition):
    enrolment = accepted_enrolment(edition=edition)
    lead, coordinator = AuditorFactory(), UserFactory(first_name="Ewa", last_name="Koordynatorka")
    response = kwp_client.post(reverse("audits:audit-plan", args=[edition.pk]),
                               plan_data(edition, [enrolment], [lead, coordinator], lead))
    assert "Ewa Koordynatorka" in response.content.decode()
    assert not Audit.objects.filter(enrolment=enrolment).exists()


def test_a_lead_outside_the_team_is_refused(kwp_client, edition):
    enrolment = accepted_enrolment(edition=edition)
    member, outsider = AuditorFactory(), AuditorFactory()
    response = kwp_client.post(reverse("audits:audit-plan", args=[edition.pk]),
                               plan_data(edition, [enrolment], [member], outsider))
    assert "Kierownik zespołu musi być jednym z wybranych audytorów." in response.content.decode()
    assert not Audit.objects.filter(enrolment=enrolment).exists()


def test_moving_without_a_reason_shows_the_form_again(kwp_client, edition):
    audit = planned_audit(edition=edition)
    response = kwp_client.post(reverse("audits:audit-move", args=[audit.pk]),
                               {"date": day(edition, 30).isoformat(), "reason": ""})
    assert response.status_code == 200
    assert Audit.objects.get(pk=audit.pk).date == audit.date


def test_moving_with_a_reason_redirects_to_the_audit(kwp_client, edition):
    audit = planned_audit(edition=edition)
    response = kwp_client.post(reverse("audits:audit-move", args=[audit.pk]),
                               {"date": day(edition, 30).isoformat(), "reason": "Rekolekcje."})
    assert response.url == audit.get_absolute_url()
    assert Audit.objects.get(pk=audit.pk).date == day(edition, 30)


def test_cancelling_through_the_page(kwp_client, edition):
    audit = planned_audit(edition=edition)
    kwp_client.post(reverse("audits:audit-cancel", args=[audit.pk]), {"reason": "Remont szkoły."})
    assert Audit.objects.get(pk=audit.pk).status == Audit.Status.CANCELLED


def test_changing_the_team_through_the_page(kwp_client, edition):
    audit = planned_audit(edition=edition)
    new_lead = AuditorFactory()
    kwp_client.post(reverse("audits:audit-team", args=[audit.pk]),
                    {"auditors": [new_lead.pk], "lead": new_lead.pk, "reason": "Urlop."})
    assert list(audit.team.values_list("user", "is_lead")) == [(new_lead.pk, True)]


# --- Scoring --------------------------------------------------------------------------------------


@pytest.fixture
def team_audit(reference_data):
    lead, member = AuditorFactory(first_name="Adam", last_name="Lider"), AuditorFactory(first_name="Beata",
                                                                                        last_name="Członek")
    return planned_audit(team=[lead, member], self_score=5), lead, member


def score_post(audit, criterion, score, comment="", version=1) -> dict:
    prefix = f"c{criterion.pk}"
    return {f"{prefix}-score": score, f"{prefix}-comment": comment, f"{prefix}-version": version}


def test_the_audit_page_shows_the_self_assessment_beside_the_score_form(client, team_audit, media_root):
    audit, lead, _member = team_audit
    answer = audit.enrolment.self_assessment.answers.get(criterion__code="1.1")
    EvidenceFactory(answer=answer, original_name="Ankiety uczniów.pdf")
    partner = Partner.objects.create(kind=Partner.Kind.MUNICIPAL_GUARD, name="Straż Miejska w Bochni")
    Partnership.objects.create(institution=audit.enrolment.institution, partner=partner,
                               started_on=datetime.date(2020, 1, 1), scope="Patrole przy szkole")
    client.force_login(lead)
    html = client.get(audit.get_absolute_url()).content.decode()
    assert "Opis realizacji kryterium 1.1." in html
    assert "Ankiety uczniów.pdf" in html
    assert "Straż Miejska w Bochni" in html
    assert "Przemoc na przerwach." in html
    assert f'name="c{answer.criterion_id}-score"' in html


def test_a_score_is_saved_without_javascript(client, team_audit):
    audit, _lead, member = team_audit
    criterion = criteria_of(audit)[1]
    client.force_login(member)
    response = client.post(reverse("audits:audit-score", args=[audit.pk, criterion.pk]),
                           score_post(audit, criterion, 5))
    assert response.url == f"{audit.get_absolute_url()}#criterion-{criterion.pk}"
    assert AuditScore.objects.get(audit=audit, criterion=criterion).score == 5


def test_a_score_is_saved_in_place_with_htmx(client, team_audit):
    audit, _lead, member = team_audit
    criterion = criteria_of(audit)[1]
    client.force_login(member)
    response = client.post(reverse("audits:audit-score", args=[audit.pk, criterion.pk]),
                           score_post(audit, criterion, 5), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="criterion-{criterion.pk}"' in html and "Zapisano." in html
    # The progress bar is swapped out of band; the new form carries the new version.
    assert 'id="audit-progress"' in html and "Oceniono: 1 z 4 kryteriów" in html
    assert f'name="c{criterion.pk}-version" value="2"' in html


def test_a_stale_save_shows_the_current_value_without_javascript(client, team_audit):
    audit, lead, member = team_audit
    criterion = criteria_of(audit)[1]
    client.force_login(member)
    client.post(reverse("audits:audit-score", args=[audit.pk, criterion.pk]), score_post(audit, criterion, 4, "Braki."))
    client.force_login(lead)
    response = client.post(reverse("audits:audit-score", args=[audit.pk, criterion.pk]),
                           score_post(audit, criterion, 2, "Za mało.", version=1))
    html = response.content.decode()
    assert "Beata Członek" in html and "4 pkt" in html
    assert AuditScore.objects.get(audit=audit, criterion=criterion).score == 4


def test_a_missing_comment_is_shown_at_the_criterion(client, team_audit):
    audit, _lead, member = team_audit
    criterion = criteria_of(audit)[1]
    client.force_login(member)
    response = client.post(reverse("audits:audit-score", args=[audit.pk, criterion.pk]),
                           score_post(audit, criterion, 1), HTTP_HX_REQUEST="true")
    assert "różni się od samooceny" in response.content.decode()
    assert not AuditScore.objects.filter(score__isnull=False).exists()


def test_an_auditor_not_on_the_team_gets_404_when_scoring(client, team_audit):
    audit, _lead, _member = team_audit
    criterion = criteria_of(audit)[0]
    client.force_login(AuditorFactory())
    url = reverse("audits:audit-score", args=[audit.pk, criterion.pk])
    response = client.post(url, score_post(audit, criterion, 5))
    assert response.status_code == 404
    assert not AuditScore.objects.exists()


def test_the_lead_signs_through_the_page(client, team_audit):
    audit, lead, _member = team_audit
    score_all(audit, {"1.1": 8})
    client.force_login(lead)
    response = client.post(reverse("audits:audit-sign", args=[audit.pk]), {"summary": "Dobrze.", "recommendations": ""},
                           follow=True)
    audit.refresh_from_db()
    assert (audit.status, audit.total_points) == (Audit.Status.SIGNED, 33)
    assert "Wynik audytu" in response.content.decode()


def test_the_sign_form_is_offered_to_the_lead_only_when_everything_is_scored(client, team_audit):
    audit, lead, _member = team_audit
    client.force_login(lead)
    assert reverse("audits:audit-sign", args=[audit.pk]) not in client.get(audit.get_absolute_url()).content.decode()
    score_all(audit)
    assert reverse("audits:audit-sign", args=[audit.pk]) in client.get(audit.get_absolute_url()).content.decode()


def test_signing_with_criteria_unscored_is_refused_with_a_message(client, team_audit):
    audit, lead, _member = team_audit
    client.force_login(lead)
    response = client.post(reverse("audits:audit-sign", args=[audit.pk]), follow=True)
    assert "Nie wszystkie kryteria są ocenione" in response.content.decode()
    assert Audit.objects.get(pk=audit.pk).status == Audit.Status.PLANNED


def test_reopening_without_a_reason_is_refused(kwp_client, reference_data):
    audit = signed_audit()
    response = kwp_client.post(reverse("audits:audit-reopen", args=[audit.pk]), {"reason": ""}, follow=True)
    assert "Podaj powód" in response.content.decode()
    assert Audit.objects.get(pk=audit.pk).status == Audit.Status.SIGNED


# --- Results, history, overview -----------------------------------------------------------------------


def test_the_coordinator_sees_the_signed_result_with_comments(client, reference_data):
    coordinator = UserFactory()
    audit = signed_audit(institution=InstitutionFactory(coordinators=[coordinator]), points={"2.1": 6})
    client.force_login(coordinator)
    html = client.get(audit.get_absolute_url()).content.decode()
    assert "31 / 35" in html and "pozytywny" in html
    assert "Braki w dokumentacji." in html  # the comment on 2.1
    assert "Placówka dobrze przygotowana." in html and "Kontynuować dyżury na przerwach." in html
    assert '-score"' not in html  # no score form


def test_the_coordinator_sees_signed_audits_on_the_institution_page(client, reference_data):
    coordinator = UserFactory()
    institution = InstitutionFactory(coordinators=[coordinator])
    signed = signed_audit(institution=institution)
    planned = planned_audit(institution=institution)
    client.force_login(coordinator)
    html = client.get(institution.get_absolute_url()).content.decode()
    assert signed.get_absolute_url() in html and "35/35" in html
    assert planned.get_absolute_url() not in html


def test_the_history_is_shown_to_kwp_staff_only(client, kwp, team_audit):
    audit, lead, _member = team_audit
    client.force_login(kwp)
    assert "Historia zmian" in client.get(audit.get_absolute_url()).content.decode()
    client.force_login(lead)
    assert "Historia zmian" not in client.get(audit.get_absolute_url()).content.decode()


def test_the_overview_filters_by_status_and_kind(kwp_client, edition):
    signed = signed_audit(edition=edition)
    planned = planned_audit(edition=edition, stage=Stage.EXTENSION)
    url = reverse("audits:audit-overview", args=[edition.pk])
    assert list(kwp_client.get(url, {"status": "signed"}).context["audits"]) == [signed]
    assert list(kwp_client.get(url, {"kind": Stage.EXTENSION}).context["audits"]) == [planned]


def test_the_overview_filters_by_county_and_programme(kwp_client, edition):
    bochnia = planned_audit(edition=edition, institution=InstitutionFactory(county=county("1201")))
    planned_audit(edition=edition, institution=InstitutionFactory(county=county("1263")))
    url = reverse("audits:audit-overview", args=[edition.pk])
    assert list(kwp_client.get(url, {"county": county("1201").pk}).context["audits"]) == [bochnia]
    assert list(kwp_client.get(url, {"programme": "UWPB"}).context["audits"]) == []


def test_the_ranking_orders_signed_audits_by_share_with_shared_places(kwp_client, edition):
    low = signed_audit(edition=edition, points={"1.1": 0})
    top = signed_audit(edition=edition)
    tie = signed_audit(edition=edition)
    planned_audit(edition=edition)
    ranking = kwp_client.get(reverse("audits:audit-ranking", args=[edition.pk])).context["ranking"]
    assert [(r.rank, r.audit) for r in ranking][2] == (3, low)
    assert {r.audit for r in ranking[:2]} == {top, tie} and [r.rank for r in ranking[:2]] == [1, 1]


def test_the_calendar_marks_an_auditor_booked_twice(kwp_client, edition):
    auditor = AuditorFactory(first_name="Piotr", last_name="Podwójny")
    planned_audit(edition=edition, team=[auditor], date=day(edition, 5))
    planned_audit(edition=edition, team=[auditor], date=day(edition, 5))
    planned_audit(edition=edition, date=day(edition, 6))
    html = kwp_client.get(reverse("audits:audit-calendar", args=[edition.pk])).content.decode()
    assert html.count("Piotr Podwójny") == 2


# --- Navigation and start pages ----------------------------------------------------------------------


def test_kwp_staff_get_the_audits_menu_entry(kwp_client):
    assert reverse("audits:audit-index") in kwp_client.get(reverse("dashboard")).content.decode()


def test_auditors_get_my_audits_in_the_menu_and_on_the_start_page(client, team_audit):
    audit, lead, _member = team_audit
    client.force_login(lead)
    html = client.get(reverse("dashboard")).content.decode()
    assert reverse("audits:audit-mine") in html
    assert audit.get_absolute_url() in html  # to score: the day has passed


def test_my_audits_are_split_into_upcoming_to_score_and_signed(client, reference_data):
    auditor = AuditorFactory()
    to_score = planned_audit(team=[auditor])
    upcoming = planned_audit(team=[auditor], edition=edition_of(2095))
    signed = signed_audit(team=[auditor])
    client.force_login(auditor)
    context = client.get(reverse("audits:audit-mine")).context
    assert (context["to_score"], context["upcoming"], context["signed"]) == ([to_score], [upcoming], [signed])


def test_a_stale_save_with_htmx_shows_the_current_values_in_place(client, team_audit):
    audit, lead, member = team_audit
    criterion = criteria_of(audit)[1]
    url = reverse("audits:audit-score", args=[audit.pk, criterion.pk])
    client.force_login(member)
    client.post(url, score_post(audit, criterion, 4, "Braki."))
    client.force_login(lead)
    response = client.post(url, score_post(audit, criterion, 2, "Za mało.", version=1), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    # The refreshed form carries the member's values and the current version, so a deliberate re-save works.
    assert "Beata Członek" in html
    assert f'name="c{criterion.pk}-version" value="2"' in html and f'name="c{criterion.pk}-score" value="4"' in html


def test_the_enrolment_page_shows_its_audit_to_kwp_staff(kwp_client, edition):
    audit = planned_audit(edition=edition)
    html = kwp_client.get(reverse("audits:enrolment-detail", args=[audit.enrolment.pk])).content.decode()
    assert audit.get_absolute_url() in html


def test_the_edition_page_links_to_audit_planning(kwp_client, edition):
    html = kwp_client.get(reverse("audits:edition-detail", args=[edition.pk])).content.decode()
    assert reverse("audits:audit-plan", args=[edition.pk]) in html
