import pytest
from django.core import mail
from django.db import transaction

from institutions.services import user_save
from institutions.tests.factories import UserFactory
from zpb.emails import email_outbox_flush, email_queue, email_send
from zpb.models import OutgoingEmail
from zpb.tests.helpers import wait_for


@pytest.mark.celery
def test_invitation_is_sent_by_a_real_worker(celery_worker, reference_data):
    user = UserFactory.build(username="nowa", email="nowa@szkola.edu.pl")
    with transaction.atomic():
        user_save(user=user)

    assert wait_for(lambda: OutgoingEmail.objects.filter(status="sent").exists())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nowa@szkola.edu.pl"]
    assert message.subject == "Certyfikacja ZPB: Twoje konto"
    assert "/accounts/reset/" in message.body


def test_sending_twice_sends_once(db):
    email = email_queue(template="invitation", to=["a@b.pl"], context={"username": "a", "uid": "MQ", "token": "x-y"})
    assert email_send(email_id=email.pk) is True
    assert email_send(email_id=email.pk) is True
    assert len(mail.outbox) == 1


def test_pending_emails_are_flushed_again(db, django_capture_on_commit_callbacks):
    email = email_queue(template="invitation", to=["a@b.pl"], context={"username": "a", "uid": "MQ", "token": "x-y"})
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=email.created_at.replace(year=2020))
    # Queued again on the broker; the row stays pending until a worker has sent it.
    assert email_outbox_flush() == 1
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING


def test_no_recipients_means_no_email(db):
    assert email_queue(template="invitation", to=["", ""], context={}) is None
    assert not OutgoingEmail.objects.exists()
