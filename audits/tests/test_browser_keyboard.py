"""Keyboard only (WCAG 2.1.1): a coordinator's diagnosis and one criterion, an auditor's score and the lead's
signature. Tab / Shift+Tab / Enter / typing, never a click; focus is asserted after each save and each error."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from audits.models import Audit
from audits.tests.factories_audits import free_past_edition, planned_audit
from audits.tests.factories_self_assessments import current_edition, enrolment_for
from institutions.tests.factories import InstitutionFactory, county
from zpb.tests.keyboard import focus_within, focused, log_in, tab_to, type_into
from zpb.tests.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_fills_the_diagnosis_and_a_criterion_by_keyboard(browser_world, page, live_server):
    from audits.services.self_assessments import self_assessment_open

    w = browser_world
    enrolment = enrolment_for(w.institution_a, current_edition())
    assessment = self_assessment_open(enrolment=enrolment, by=w.coordinator_a)
    log_in(page, live_server.url, w.coordinator_a.username, PASSWORD)

    page.goto(live_server.url + reverse("audits:self-assessment-diagnosis", kwargs={"pk": assessment.pk}))
    expect(page).to_have_title(re.compile(r"^Diagnoza · Samoocena"))
    type_into(page, "Ankietowani uczniowie", "-5")
    type_into(page, "Ankietowani rodzice", "150")
    type_into(page, "Główne wnioski z diagnozy", "Najwięcej zdarzeń przemocy rówieśniczej w szatni.")
    tab_to(page, "Zapisz diagnozę")
    page.keyboard.press("Enter")
    # The error (a negative number, refused by the form's own check): focus is on the field to correct.
    assert focused(page)["name"].startswith("Ankietowani uczniowie")
    assert focused(page)["invalid"]
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("240")
    tab_to(page, "Zapisz diagnozę")
    page.keyboard.press("Enter")
    # The save: focus is on the message that says so.
    expect(page.get_by_text("Diagnoza została zapisana.")).to_be_visible()
    assert focus_within(page, ".alert") and "Diagnoza została zapisana." in focused(page)["name"]

    page.goto(live_server.url + reverse("audits:self-assessment-criteria", kwargs={"pk": assessment.pk}))
    expect(page).to_have_title(re.compile(r"^Kryteria · Samoocena"))
    type_into(page, "Samoocena punktowa", "99")
    type_into(page, "Co zrobiono i z jakim efektem", "Ankiety i wizja lokalna z partnerami.")
    tab_to(page, re.compile("^Zapisz kryterium"))
    page.keyboard.press("Enter")
    assert focused(page)["name"].startswith("Samoocena punktowa") and focused(page)["invalid"]
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("5")
    tab_to(page, re.compile("^Zapisz kryterium"))
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile(r"Kryterium .* zostało zapisane\."))).to_be_visible()
    assert focus_within(page, ".alert") and "zostało zapisane" in focused(page)["name"]
    assessment.refresh_from_db()
    assert assessment.surveyed_students == 240
    assert assessment.answers.filter(score=5).count() == 1


def test_auditor_scores_and_the_lead_signs_by_keyboard(browser_world, page, live_server):
    w = browser_world
    school = InstitutionFactory(name="Szkoła Podstawowa nr 5 w Bochni", county=county("1201"),
                                coordinators=[w.coordinator_a])
    audit = planned_audit(edition=free_past_edition(), institution=school, team=[w.auditor], self_score=5)
    log_in(page, live_server.url, w.auditor.username, PASSWORD)
    page.goto(live_server.url + reverse("audits:audit-detail", kwargs={"pk": audit.pk}))
    live = page.locator("#audit-live")
    page.evaluate("document.getElementById('audit-live').dataset.original = 'yes'")

    # An error first: more points than the criterion has. Focus goes to the field to correct.
    type_into(page, re.compile(r"^Punkty audytu"), "99")
    page.keyboard.press("Enter")
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    assert focused(page)["name"].startswith("Punkty audytu") and focused(page)["invalid"]
    expect(live).to_contain_text("Nie zapisano kryterium")

    articles = page.locator("article[id^=criterion-]")
    for i in range(articles.count()):
        if i:
            tab_to(page, re.compile(r"^Punkty audytu"))
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.type("5")
        page.keyboard.press("Enter")
        expect(articles.nth(i).get_by_text("Zapisano.")).to_be_visible()
        # After the save focus stays in the criterion just saved, and the live region announces it.
        assert focus_within(page, f"#{articles.nth(i).get_attribute('id')}")
        expect(live).to_contain_text("Zapisano kryterium")
    # The live region itself was never replaced, only its content (screen readers keep listening to it).
    assert page.evaluate("document.getElementById('audit-live').dataset.original") == "yes"

    type_into(page, "Podsumowanie", "Placówka dobrze współpracuje z partnerami.")
    tab_to(page, "Podpisz audyt")
    page.once("dialog", lambda dialog: dialog.accept())
    page.keyboard.press("Enter")
    expect(page.get_by_text("Audyt podpisano; koordynatorzy zostali powiadomieni o wyniku.")).to_be_visible()
    assert "Audyt podpisano" in focused(page)["name"]
    assert Audit.objects.get(pk=audit.pk).status == Audit.Status.SIGNED
