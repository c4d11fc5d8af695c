"""E-mails to the coordinators, sent by a real Celery worker."""

import pytest
from django.core import mail
from django.db import transaction

from audits.services.audits import TeamSlot, audit_plan
from audits.tests.factories_audits import accepted_enrolment, free_past_edition, kwp_auditor
from core.emails import email_render
from core.models import OutgoingEmail
from institutions.tests.factories import InstitutionFactory, KwpStaffFactory, UserFactory
from zpb.tests.helpers import wait_for


@pytest.mark.celery
def test_planning_emails_the_coordinators_through_the_worker(celery_worker, reference_data):
    coordinator = UserFactory(email="koordynator@sp3-bochnia.edu.pl")
    edition = free_past_edition()
    enrolment = accepted_enrolment(edition=edition, institution=InstitutionFactory(
        name="Szkoła Podstawowa nr 3 w Bochni", coordinators=[coordinator]))
    lead = kwp_auditor(first_name="Adam", last_name="Zieliński")
    with transaction.atomic():
        audit_plan(enrolment=enrolment, date=edition.audit_window_start, team=[TeamSlot(lead, True)],
                   by=KwpStaffFactory())

    assert wait_for(lambda: OutgoingEmail.objects.filter(status="sent").exists())
    message = mail.outbox[0]
    assert message.to == ["koordynator@sp3-bochnia.edu.pl"]
    assert message.subject == f"ZPB: audyt – Szkoła Podstawowa nr 3 w Bochni – {edition.audit_window_start:%d.%m.%Y}"
    assert "Adam Zieliński (KWP Kraków) – kierownik zespołu" in message.body


@pytest.mark.parametrize("template", ["audit_planned", "audit_changed", "audit_cancelled", "audit_signed"])
def test_every_audit_email_renders_in_polish(db, template):
    context = {"institution": "SP 3 w Bochni", "edition": "2025/2026", "kind": "Certyfikat (etap I)",
               "date": "14.05.2026", "weekday": "czwartek", "team": [{"name": "Adam Zieliński", "unit": "KWP Kraków",
                                                                      "lead": True}],
               "audit_path": "/audits/audits/1/", "institution_path": "/institutions/1/", "old_date": "12.05.2026",
               "reason": "Wycieczka", "total": 31, "max": 35, "percent": "88.57", "passed": True}
    email = OutgoingEmail(template=template, to=["a@b.pl"], context=context, language="pl")
    message = email_render(email)
    assert "SP 3 w Bochni" in message.subject
    assert "SP 3 w Bochni" in message.body and "SP 3 w Bochni" in message.alternatives[0][0]
