"""The coordinator's and the auditor's dashboards: the right items, and none of other people's."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audits.models import Enrolment
from audits.tests.factories import AuditFactory, answer_all
from audits.tests.factories_audits import planned_audit, score_all
from audits.tests.factories_self_assessments import complete, current_edition, enrolment_for, self_assessment_for
from certification.models import Certificate
from certification.tests import factories as cert
from institutions.tests.factories import AuditorFactory, InstitutionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _valid_certificate(institution, *, days_left: int) -> Certificate:
    certificate = cert.certificate(institution=institution, year=2012)
    today = timezone.localdate()
    Certificate.objects.filter(pk=certificate.pk).update(valid_from=today - datetime.timedelta(days=100),
                                                         valid_until=today + datetime.timedelta(days=days_left))
    certificate.refresh_from_db()
    return certificate


@pytest.fixture
def coordinator_page(client, world):
    edition = current_edition()
    coordinator = world.coordinator_a
    drafting = InstitutionFactory(name="SP 7 szkic", coordinators=[coordinator])
    assessment = self_assessment_for(drafting, edition=edition)
    answer_all(assessment)
    waiting = InstitutionFactory(name="SP 8 spóźniona", coordinators=[coordinator])
    late = enrolment_for(waiting, edition)
    Enrolment.objects.filter(pk=late.pk).update(
        deadline_extended_until=timezone.localdate() - datetime.timedelta(days=3)
    )
    audited = InstitutionFactory(name="SP 9 audytowana", coordinators=[coordinator])
    lead = AuditorFactory(first_name="Adam", last_name="Prowadzący")
    audit = planned_audit(edition=edition, institution=audited, team=[lead, AuditorFactory()],
                          date=timezone.localdate() + datetime.timedelta(days=20))
    certificate = _valid_certificate(audited, days_left=40)
    InstitutionFactory(name="SP 10 cudza", coordinators=[world.coordinator_b])
    client.force_login(coordinator)
    response = client.get(reverse("dashboard"))
    return response, {"assessment": assessment, "late": late, "audit": audit, "certificate": certificate}


def test_coordinator_sees_one_card_per_own_institution(coordinator_page, world):
    response, _objects = coordinator_page
    names = [card.institution.name for card in response.context["cards"]]
    assert "SP 10 cudza" not in names and "SP 10 cudza" not in response.content.decode()
    assert {"SP 7 szkic", "SP 8 spóźniona", "SP 9 audytowana", world.institution_a.name} <= set(names)


def test_a_draft_shows_the_countdown_and_what_is_missing(coordinator_page):
    response, objects = coordinator_page
    card = next(c for c in response.context["cards"] if c.institution.name == "SP 7 szkic")
    assert card.days_left == 30 and not card.overdue
    # Every criterion was scored; the diagnosis, the plan and the evidence for 1.1 are missing.
    assert card.missing == ["Diagnoza: niektóre pola są puste.", "Plan działania: dodaj co najmniej jedno działanie.",
                            "1 kryterium wymagające dowodu nie ma pliku."]
    html = response.content.decode()
    assert "30 dni do terminu" in html
    assert reverse("audits:self-assessment-open", args=[objects["assessment"].enrolment.pk]) in html


def test_a_complete_self_assessment_has_nothing_missing(client, world, media_root):
    edition = current_edition()
    assessment = complete(self_assessment_for(world.institution_a, edition=edition))
    client.force_login(world.coordinator_a)
    card = next(c for c in client.get(reverse("dashboard")).context["cards"]
                if c.institution == world.institution_a)
    assert card.assessment == assessment and card.missing == []


def test_an_overdue_self_assessment_is_shown_in_red(coordinator_page):
    response, _objects = coordinator_page
    card = next(c for c in response.context["cards"] if c.institution.name == "SP 8 spóźniona")
    assert card.overdue and card.days_overdue == 3
    assert card.missing == ["Samoocena nie została rozpoczęta."]
    assert "3 dni po terminie" in response.content.decode()


def test_the_audit_team_and_the_expiring_certificate_are_shown(coordinator_page):
    response, objects = coordinator_page
    card = next(c for c in response.context["cards"] if c.institution.name == "SP 9 audytowana")
    assert card.audit == objects["audit"]
    assert [m.user.last_name for m in card.team][0] == "Prowadzący"
    assert card.certificate == objects["certificate"] and card.certificate_expiring
    html = response.content.decode()
    assert "Adam Prowadzący (kierownik zespołu)" in html
    assert objects["certificate"].number in html and "wkrótce wygasa" in html


@pytest.fixture
def auditor_queues(world):
    me, other = world.auditor, AuditorFactory()
    today = timezone.localdate()
    upcoming = planned_audit(team=[me], date=today + datetime.timedelta(days=10))
    to_score = planned_audit(team=[me], date=today - datetime.timedelta(days=1))
    scored_i_lead = planned_audit(team=[me, other], date=today - datetime.timedelta(days=2))
    score_all(scored_i_lead)
    scored_other_leads = planned_audit(team=[other, me], date=today - datetime.timedelta(days=3))
    score_all(scored_other_leads)
    not_mine = planned_audit(team=[other], date=today + datetime.timedelta(days=5))
    return {"upcoming": upcoming, "to_score": to_score, "lead": scored_i_lead, "member": scored_other_leads,
            "not_mine": not_mine}


def test_auditor_sees_upcoming_to_score_and_awaiting_signature(client, world, auditor_queues):
    client.force_login(world.auditor)
    response = client.get(reverse("dashboard"))
    mine = response.context["mine"]
    assert auditor_queues["upcoming"] in mine.upcoming
    assert auditor_queues["to_score"] in mine.to_score
    assert {auditor_queues["lead"], auditor_queues["member"]} <= set(mine.awaiting_signature)
    assert auditor_queues["not_mine"] not in mine.upcoming + mine.to_score + mine.awaiting_signature
    html = response.content.decode()
    assert html.count("Podpisz teraz") == 1  # only where the auditor is the lead
    assert f'{auditor_queues["lead"].get_absolute_url()}#audit-sign' in html
    assert auditor_queues["not_mine"].get_absolute_url() not in html


def test_upcoming_audits_are_in_date_order(client, world):
    today = timezone.localdate()
    later = planned_audit(team=[world.auditor], date=today + datetime.timedelta(days=30))
    sooner = planned_audit(team=[world.auditor], date=today + datetime.timedelta(days=3))
    client.force_login(world.auditor)
    upcoming = client.get(reverse("dashboard")).context["mine"].upcoming
    assert upcoming.index(sooner) < upcoming.index(later)


def test_a_cancelled_audit_leaves_the_auditors_dashboard(client, world):
    audit = AuditFactory(team=[world.auditor], status="cancelled")
    client.force_login(world.auditor)
    mine = client.get(reverse("dashboard")).context["mine"]
    assert audit not in mine.upcoming + mine.to_score + mine.awaiting_signature


def test_a_coordinator_without_institutions_is_told_whom_to_contact(client, world):
    client.force_login(UserFactory())
    assert "Skontaktuj się" in client.get(reverse("dashboard")).content.decode()


def test_a_returned_self_assessment_past_the_deadline_is_not_shown_as_overdue(client, world):
    # The deadline binds the first submission only; a returned self-assessment may be resubmitted after it.
    edition = current_edition(deadline=timezone.localdate() - datetime.timedelta(days=5))
    self_assessment_for(world.institution_a, edition=edition, status="returned")
    client.force_login(world.coordinator_a)
    response = client.get(reverse("dashboard"))
    card = next(c for c in response.context["cards"] if c.institution == world.institution_a)
    assert card.assessment_open and not card.overdue
    assert "po terminie" not in response.content.decode()


def test_on_the_deadline_day_the_card_says_it_is_today(client, world):
    edition = current_edition(deadline=timezone.localdate())
    self_assessment_for(world.institution_a, edition=edition)
    client.force_login(world.coordinator_a)
    html = client.get(reverse("dashboard")).content.decode()
    assert "termin mija dziś" in html and "0 dni do terminu" not in html
