import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from certification.models import Certificate, CertificateEvent
from certification.services import (
    certificate_issue,
    certificate_pdf_resend,
    certificate_render,
    certificate_rerender,
)
from zpb.tests.helpers import wait_for

from . import factories
from .helpers import broker_unreachable

READY = Certificate.PdfStatus.READY


def issue_and_commit(granting):
    with transaction.atomic():
        return certificate_issue(decision=granting, by=None)


def pdf_ready(certificate) -> bool:
    certificate.refresh_from_db()
    return certificate.pdf_status == READY


@pytest.mark.celery
def test_a_real_worker_renders_the_pdf(celery_worker, reference_data):
    certificate = issue_and_commit(factories.decision())
    assert wait_for(lambda: pdf_ready(certificate))
    with certificate.pdf.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


@pytest.mark.celery
def test_with_the_broker_down_the_certificate_waits_and_beat_sends_it_again(celery_worker, reference_data, monkeypatch):
    granting = factories.decision()
    with broker_unreachable(monkeypatch):
        certificate = issue_and_commit(granting)  # the dispatch after commit fails quietly
    certificate.refresh_from_db()
    assert certificate.pdf_status == Certificate.PdfStatus.PENDING

    # The broker is back: the periodic resend (beat) queues it again and the worker renders it.
    assert certificate_pdf_resend(older_than=datetime.timedelta(0)) == 1
    assert wait_for(lambda: pdf_ready(certificate))


@pytest.mark.django_db
def test_resend_leaves_recent_pending_certificates_alone(reference_data):
    factories.certificate()
    assert certificate_pdf_resend(older_than=datetime.timedelta(minutes=5)) == 0


@pytest.mark.django_db
def test_rendering_twice_renders_once(reference_data):
    certificate = factories.certificate()
    assert certificate_render(certificate_id=certificate.pk) is True
    assert certificate_render(certificate_id=certificate.pk) is True
    assert certificate.events.filter(action=CertificateEvent.Action.RENDERED).count() == 1


@pytest.mark.django_db
def test_a_failed_render_is_recorded_on_the_certificate(reference_data):
    class BrokenRenderer:
        def render(self, certificate):
            raise ValueError("no font")

    certificate = factories.certificate()
    with pytest.raises(ValueError):
        certificate_render(certificate_id=certificate.pk, renderer=BrokenRenderer())
    certificate.refresh_from_db()
    assert (certificate.pdf_status, certificate.pdf_error) == (Certificate.PdfStatus.FAILED, "ValueError: no font")


@pytest.mark.django_db
def test_a_rerender_keeps_the_number_and_the_code(reference_data, kwp):
    certificate = factories.certificate()
    certificate_render(certificate_id=certificate.pk)
    number, code = certificate.number, certificate.verification_code
    certificate_rerender(certificate=certificate, by=kwp)
    certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    assert (certificate.number, certificate.verification_code, certificate.pdf_status) == (number, code, READY)


@pytest.mark.celery
def test_with_the_broker_down_the_komendants_list_waits_and_the_sweep_sends_it_again(
    celery_worker, reference_data, monkeypatch
):
    from certification.commission import proposal_lists_resend
    from certification.models import FileStatus, Proposal

    commission = factories.commission()
    audit = factories.signed_audit()
    with broker_unreachable(monkeypatch), transaction.atomic():
        proposal = factories.closed_proposal(commission=commission, audits=[audit])  # its dispatch fails quietly
    proposal.refresh_from_db()
    assert proposal.list_status == FileStatus.PENDING
    assert proposal_lists_resend() == 0  # younger than a task may run: its own dispatch may still be in flight

    Proposal.objects.filter(pk=proposal.pk).update(closed_at=timezone.now() - datetime.timedelta(hours=1))
    assert proposal_lists_resend() == 1
    assert wait_for(lambda: Proposal.objects.get(pk=proposal.pk).list_status == FileStatus.READY)


@pytest.mark.django_db
def test_the_sweep_leaves_alone_a_list_and_a_ceremony_file_a_task_carries(reference_data, world):
    """Queued moments ago (its `queued_at`), however old the request: no second message while the first is in
    flight; only rows never queued, or queued longer ago than any task may run, are queued again."""
    from certification.ceremony import ceremony_file_request, ceremony_files_resend
    from certification.commission import proposal_lists_resend
    from certification.models import CeremonyFile, Proposal

    proposal = factories.closed_proposal(commission=factories.commission(), audits=[factories.signed_audit()])
    factories.certificate()
    ceremony = ceremony_file_request(edition=factories.edition(), kind=CeremonyFile.Kind.PRINT, by=world.kwp)
    long_ago, now = timezone.now() - datetime.timedelta(hours=1), timezone.now()
    Proposal.objects.filter(pk=proposal.pk).update(closed_at=long_ago, list_queued_at=now)
    CeremonyFile.objects.filter(pk=ceremony.pk).update(created_at=long_ago, queued_at=now)
    assert proposal_lists_resend() == 0
    assert ceremony_files_resend() == 0
