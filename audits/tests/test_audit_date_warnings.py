"""Planning warns (never refuses) about weekends, Polish public holidays and a team without the county's unit."""

import datetime

import pytest
from django.urls import reverse

from audits.services.audits import PlanRow, TeamSlot, audit_move, audit_plan_many
from audits.tests.factories_audits import accepted_enrolment, free_past_edition
from institutions.tests.factories import AuditorFactory, InstitutionFactory, KwpStaffFactory, county, police_unit

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def edition(reference_data):
    return free_past_edition(2025)  # audits 1.05–30.06.2026


@pytest.fixture
def bochnia_school(reference_data):
    return InstitutionFactory(name="Szkoła Podstawowa nr 1 w Bochni", county=county("1201"))


def plan(edition, institution, day, team):
    audits, warnings = audit_plan_many(rows=[PlanRow(accepted_enrolment(edition=edition, institution=institution),
                                                     day)], team=team, by=KwpStaffFactory())
    return audits[0], warnings


def local_team():
    return [TeamSlot(AuditorFactory(police_unit=police_unit("KPP Bochnia")), is_lead=True)]


def test_a_weekday_with_the_county_unit_on_the_team_gives_no_warning(edition, bochnia_school):
    assert plan(edition, bochnia_school, D(2026, 5, 20), local_team())[1] == []


def test_a_saturday_is_planned_with_a_warning(edition, bochnia_school):
    audit, warnings = plan(edition, bochnia_school, D(2026, 5, 16), local_team())
    assert audit.pk and warnings == ["Szkoła Podstawowa nr 1 w Bochni: 16.05.2026 to sobota."]


def test_a_public_holiday_is_planned_with_a_warning_naming_it(edition, bochnia_school):
    audit, warnings = plan(edition, bochnia_school, D(2026, 6, 4), local_team())  # Corpus Christi
    assert audit.pk and warnings == [
        "Szkoła Podstawowa nr 1 w Bochni: 04.06.2026 to dzień ustawowo wolny od pracy (Dzień Bożego Ciała)."]


def test_a_team_without_an_officer_of_the_county_unit_gets_a_warning(edition, bochnia_school):
    team = [TeamSlot(AuditorFactory(police_unit=police_unit("KWP Kraków")), is_lead=True)]
    audit, warnings = plan(edition, bochnia_school, D(2026, 5, 20), team)
    assert audit.pk and warnings == ["Szkoła Podstawowa nr 1 w Bochni: w zespole nie ma nikogo z KPP Bochnia, "
                                     "jednostki obsługującej powiat bocheński."]


def test_moving_to_a_holiday_warns_too(edition, bochnia_school):
    audit, _warnings = plan(edition, bochnia_school, D(2026, 5, 20), local_team())
    warnings = audit_move(audit=audit, date=D(2026, 5, 3), reason="Prośba szkoły", by=KwpStaffFactory())
    assert warnings == ["Szkoła Podstawowa nr 1 w Bochni: 03.05.2026 to dzień ustawowo wolny od pracy "
                        "(Święto Narodowe Trzeciego Maja)."]


def test_the_warning_is_shown_after_moving_on_the_audit_page(client, edition, bochnia_school):
    audit, _warnings = plan(edition, bochnia_school, D(2026, 5, 20), local_team())
    client.force_login(KwpStaffFactory())
    response = client.post(reverse("audits:audit-move", args=[audit.pk]),
                           {"date": "2026-05-16", "reason": "Prośba szkoły"}, follow=True)
    assert "16.05.2026 to sobota." in response.content.decode()
