import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from core.emails import email_outbox_flush, email_queue, email_send
from core.models import OutgoingEmail
from institutions.services.invitations import invitation_for_token, invitation_send
from institutions.services.users import user_save
from institutions.tests.factories import UserFactory
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
    assert "/accounts/invitation/" in message.body


def invitation_for(user) -> OutgoingEmail:
    user.set_unusable_password()
    user.save()
    invitation = invitation_send(user=user)
    return OutgoingEmail.objects.get(context__invitation_id=invitation.pk)


def test_sending_twice_sends_once(reference_data):
    email = invitation_for(UserFactory())
    assert email_send(email_id=email.pk) is True
    assert email_send(email_id=email.pk) is True
    assert len(mail.outbox) == 1


def test_the_outbox_keeps_no_password_token(reference_data):
    user = UserFactory(email="nowy@szkola.edu.pl")
    email = invitation_for(user)
    assert set(email.context) == {"invitation_id", "username"}
    email_send(email_id=email.pk)
    # The link in the message is made at sending time, and its token is the one whose hash is stored.
    token = re.search(r"/accounts/invitation/([^/]+)/", mail.outbox[0].body).group(1)
    assert invitation_for_token(token).user == user


def test_a_failed_send_waits_and_is_retried_by_the_flush(reference_data, settings):
    email = invitation_for(UserFactory())
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(minutes=10))
    settings.EMAIL_BACKEND = "zpb.tests.test_emails.BrokenBackend"
    with pytest.raises(ConnectionRefusedError):
        email_send(email_id=email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts, "SMTP down" in email.last_error) == ("pending", 1, True)
    assert email.next_attempt_at > timezone.now()
    assert email_outbox_flush() == 0  # not yet: it waits for its next attempt

    OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    assert email_outbox_flush() == 1


def test_after_three_days_of_failures_the_email_is_marked_failed(reference_data, settings):
    email = invitation_for(UserFactory())
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(days=4))
    settings.EMAIL_BACKEND = "zpb.tests.test_emails.BrokenBackend"
    with pytest.raises(ConnectionRefusedError):
        email_send(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED


def test_no_recipients_means_no_email(db):
    assert email_queue(template="invitation", to=["", ""], context={}) is None
    assert not OutgoingEmail.objects.exists()


class BrokenBackend(BaseEmailBackend):
    """An SMTP server that refuses connections (Django's own backend interface, not our code)."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP down")
