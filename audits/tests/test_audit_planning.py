"""Planning, moving, re-teaming and cancelling audits (services)."""

import datetime

import pytest

from audits.models import Audit, AuditEvent, AuditTeamMember, SelfAssessment, Stage
from audits.services.audits import (
    AuditError,
    AuditPlanError,
    PlanRow,
    TeamSlot,
    audit_cancel,
    audit_move,
    audit_plan,
    audit_plan_many,
    audit_team_change,
)
from audits.tests.factories import EnrolmentFactory, SelfAssessmentFactory
from audits.tests.factories_audits import accepted_enrolment, free_past_edition, kwp_auditor, planned_audit
from core.models import OutgoingEmail
from institutions.tests.factories import AuditorFactory, InstitutionFactory, KwpStaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kwp(reference_data):
    return KwpStaffFactory()


@pytest.fixture
def edition(reference_data):
    return free_past_edition()


@pytest.fixture
def team(reference_data):
    return [TeamSlot(kwp_auditor(), is_lead=True), TeamSlot(AuditorFactory())]


def in_window(edition, days: int = 14) -> datetime.date:
    return edition.audit_window_start + datetime.timedelta(days=days)


def test_planning_creates_the_audit_with_its_team(kwp, edition, team):
    enrolment = accepted_enrolment(edition=edition, stage=Stage.EXTENSION)
    audit = audit_plan(enrolment=enrolment, date=in_window(edition), team=team, by=kwp)
    assert (audit.status, audit.kind, audit.date, audit.planned_by) == (
        Audit.Status.PLANNED, Stage.EXTENSION, in_window(edition), kwp)
    assert {(m.user, m.is_lead) for m in audit.team.all()} == {(s.user, s.is_lead) for s in team}


def test_planning_is_recorded(kwp, edition, team):
    audit = audit_plan(enrolment=accepted_enrolment(edition=edition), date=in_window(edition), team=team, by=kwp)
    event = audit.events.get()
    assert (event.action, event.by) == (AuditEvent.Action.PLANNED, kwp)
    assert in_window(edition).strftime("%d.%m.%Y") in event.new_value


def test_planning_emails_the_coordinators(kwp, edition, team):
    coordinator = UserFactory(email="koordynator@szkola.edu.pl")
    enrolment = accepted_enrolment(edition=edition, institution=InstitutionFactory(coordinators=[coordinator]))
    audit_plan(enrolment=enrolment, date=in_window(edition), team=team, by=kwp)
    email = OutgoingEmail.objects.get()
    assert (email.template, email.to) == ("audit_planned", ["koordynator@szkola.edu.pl"])
    assert email.context["date"] == in_window(edition).strftime("%d.%m.%Y")
    assert [m["name"] for m in email.context["team"]] == [str(s.user) for s in team]


def test_many_audits_are_planned_at_once_with_their_own_dates(kwp, edition, team):
    first, second = accepted_enrolment(edition=edition), accepted_enrolment(edition=edition)
    audits, _ = audit_plan_many(
        rows=[PlanRow(first, in_window(edition, 1)), PlanRow(second, in_window(edition, 2), Stage.LIDER)],
        team=team, by=kwp)
    assert [(a.enrolment, a.date, a.kind) for a in audits] == [
        (first, in_window(edition, 1), Stage.CERTIFICATE), (second, in_window(edition, 2), Stage.LIDER)]


def test_one_bad_row_plans_nothing_and_names_the_row(kwp, edition, team):
    good = accepted_enrolment(edition=edition)
    draft = SelfAssessmentFactory(enrolment=EnrolmentFactory(edition=edition)).enrolment
    with pytest.raises(AuditPlanError) as exc:
        audit_plan_many(rows=[PlanRow(good, in_window(edition)), PlanRow(draft, in_window(edition))], team=team, by=kwp)
    assert list(exc.value.row_errors) == [draft.pk]
    assert "samoocena nie została przyjęta" in exc.value.row_errors[draft.pk][0]
    assert not Audit.objects.exists()


def test_a_date_outside_the_window_is_refused(kwp, edition, team):
    enrolment = accepted_enrolment(edition=edition)
    with pytest.raises(AuditPlanError) as exc:
        audit_plan(enrolment=enrolment, date=edition.audit_window_end + datetime.timedelta(days=1), team=team, by=kwp)
    assert "musi mieścić się w oknie audytów" in exc.value.row_errors[enrolment.pk][0]
    assert not Audit.objects.exists()


def test_the_first_and_last_day_of_the_window_are_allowed(kwp, edition, team):
    audits, _ = audit_plan_many(rows=[
        PlanRow(accepted_enrolment(edition=edition), edition.audit_window_start),
        PlanRow(accepted_enrolment(edition=edition), edition.audit_window_end)], team=team, by=kwp)
    assert len(audits) == 2


def test_an_empty_team_is_refused(kwp, edition):
    with pytest.raises(AuditPlanError, match="Wybierz co najmniej jednego audytora"):
        audit_plan(enrolment=accepted_enrolment(edition=edition), date=in_window(edition), team=[], by=kwp)
    assert not Audit.objects.exists()


def test_a_team_without_a_lead_is_refused(kwp, edition):
    with pytest.raises(AuditPlanError, match="kierownika zespołu"):
        audit_plan(enrolment=accepted_enrolment(edition=edition), date=in_window(edition),
                   team=[TeamSlot(AuditorFactory())], by=kwp)
    assert not Audit.objects.exists()


def test_a_team_with_two_leads_is_refused(kwp, edition):
    with pytest.raises(AuditPlanError, match="dokładnie jednego kierownika"):
        audit_plan(enrolment=accepted_enrolment(edition=edition), date=in_window(edition),
                   team=[TeamSlot(AuditorFactory(), True), TeamSlot(AuditorFactory(), True)], by=kwp)
    assert not Audit.objects.exists()


def test_users_who_are_not_auditors_are_refused_by_name(kwp, edition):
    coordinator = UserFactory(first_name="Jan", last_name="Nieaudytor")
    with pytest.raises(AuditPlanError, match="Jan Nieaudytor"):
        audit_plan(enrolment=accepted_enrolment(edition=edition), date=in_window(edition),
                   team=[TeamSlot(AuditorFactory(), True), TeamSlot(coordinator)], by=kwp)
    assert not AuditTeamMember.objects.exists()


def test_a_second_live_audit_of_an_enrolment_is_refused(kwp, edition, team):
    audit = planned_audit(edition=edition)
    with pytest.raises(AuditPlanError) as exc:
        audit_plan(enrolment=audit.enrolment, date=in_window(edition, 20), team=team, by=kwp)
    assert "ma już audyt" in exc.value.row_errors[audit.enrolment.pk][0]
    assert Audit.objects.count() == 1


def test_a_cancelled_audit_does_not_block_a_new_one(kwp, edition, team):
    audit = planned_audit(edition=edition)
    audit_cancel(audit=audit, reason="Choroba dyrektora.", by=kwp)
    assert audit_plan(enrolment=audit.enrolment, date=in_window(edition, 20), team=team, by=kwp).pk != audit.pk


def test_only_kwp_staff_plan(edition, team):
    with pytest.raises(AuditError):
        audit_plan(enrolment=accepted_enrolment(edition=edition), date=in_window(edition), team=team,
                   by=AuditorFactory())


def test_no_warning_when_nobody_is_booked_twice(kwp, edition, team):
    _, warnings = audit_plan_many(rows=[PlanRow(accepted_enrolment(edition=edition), in_window(edition))],
                                  team=team, by=kwp)
    assert [w for w in warnings if "więcej niż jeden audyt" in w] == []


def test_double_booking_warning_names_the_auditor_and_day(kwp, edition, team):
    planned_audit(edition=edition, team=[team[0].user], date=in_window(edition))
    _, warnings = audit_plan_many(rows=[PlanRow(accepted_enrolment(edition=edition), in_window(edition))],
                                  team=team, by=kwp)
    # A warning, not an error: both audits stand.
    assert warnings[-1:] == [f"{team[0].user} ma w dniu {in_window(edition):%d.%m.%Y} więcej niż jeden audyt (2)."]
    assert Audit.objects.filter(date=in_window(edition)).count() == 2


def test_moving_records_old_and_new_date_with_the_reason(kwp, edition):
    audit = planned_audit(edition=edition)
    old = audit.date
    audit_move(audit=audit, date=in_window(edition, 30), reason="Wycieczka szkolna.", by=kwp)
    audit.refresh_from_db()
    event = audit.events.get(action=AuditEvent.Action.MOVED)
    assert audit.date == in_window(edition, 30)
    assert (event.old_value, event.new_value, event.note, event.by) == (
        f"{old:%d.%m.%Y}", f"{in_window(edition, 30):%d.%m.%Y}", "Wycieczka szkolna.", kwp)


def test_moving_emails_the_coordinators(kwp, edition):
    audit = planned_audit(edition=edition, institution=InstitutionFactory(coordinators=[UserFactory()]))
    audit_move(audit=audit, date=in_window(edition, 30), reason="Wycieczka szkolna.", by=kwp)
    email = OutgoingEmail.objects.get()
    assert (email.template, email.context["old_date"]) == ("audit_changed", f"{audit.date:%d.%m.%Y}")


def test_moving_needs_a_reason(kwp, edition):
    audit = planned_audit(edition=edition)
    with pytest.raises(AuditError, match="Podaj powód"):
        audit_move(audit=audit, date=in_window(edition, 30), reason="  ", by=kwp)
    assert Audit.objects.get().date == audit.date


def test_moving_outside_the_window_is_refused(kwp, edition):
    audit = planned_audit(edition=edition)
    with pytest.raises(AuditError, match="musi mieścić się w oknie audytów"):
        audit_move(audit=audit, date=edition.audit_window_start - datetime.timedelta(days=1), reason="X", by=kwp)
    assert Audit.objects.get().date == audit.date


def test_cancelling_records_the_reason_and_the_status_change(kwp, edition):
    audit = planned_audit(edition=edition)
    audit_cancel(audit=audit, reason="Placówka w remoncie.", by=kwp)
    audit.refresh_from_db()
    event = audit.events.get(action=AuditEvent.Action.CANCELLED)
    assert audit.status == Audit.Status.CANCELLED
    assert (event.old_value, event.new_value, event.note) == ("planned", "cancelled", "Placówka w remoncie.")


def test_cancelling_needs_a_reason(kwp, edition):
    audit = planned_audit(edition=edition)
    with pytest.raises(AuditError):
        audit_cancel(audit=audit, reason="", by=kwp)
    assert Audit.objects.get().status == Audit.Status.PLANNED


def test_a_cancelled_audit_cannot_be_moved(kwp, edition):
    audit = planned_audit(edition=edition)
    audit_cancel(audit=audit, reason="Remont.", by=kwp)
    with pytest.raises(AuditError):
        audit_move(audit=audit, date=in_window(edition, 30), reason="X", by=kwp)


def test_changing_the_team_replaces_it_and_is_recorded(kwp, edition):
    audit = planned_audit(edition=edition)
    new_lead = AuditorFactory()
    audit_team_change(audit=audit, team=[TeamSlot(new_lead, True)], reason="Urlop audytora.", by=kwp)
    event = audit.events.get(action=AuditEvent.Action.TEAM_CHANGED)
    assert list(audit.team.values_list("user", "is_lead")) == [(new_lead.pk, True)]
    assert (str(new_lead) in event.new_value, event.note) == (True, "Urlop audytora.")


def test_an_accepted_self_assessment_is_required(kwp, edition, team):
    enrolment = SelfAssessmentFactory(enrolment=EnrolmentFactory(edition=edition),
                                      status=SelfAssessment.Status.SUBMITTED).enrolment
    with pytest.raises(AuditPlanError):
        audit_plan(enrolment=enrolment, date=in_window(edition), team=team, by=kwp)
    assert not Audit.objects.exists()
