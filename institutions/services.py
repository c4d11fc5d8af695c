"""Writes for institutions, coordinators and users."""

from django.db import transaction
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from zpb.emails import email_queue

from .models import Institution, User


class InstitutionError(Exception):
    """A rule was broken; the message is shown to the user."""


@transaction.atomic
def institution_save(*, institution: Institution) -> Institution:
    """Create or update; the serving police unit defaults from the county."""
    if institution.police_unit_id is None:
        institution.police_unit = institution.county.police_unit
    institution.save()
    return institution


@transaction.atomic
def institution_set_active(*, institution: Institution, active: bool) -> Institution:
    # Institutions are never deleted: their history (self-assessments, audits, certificates) must stay.
    institution.is_active = active
    institution.save(update_fields=["is_active", "updated_at"])
    return institution


@transaction.atomic
def coordinator_add(*, institution: Institution, user: User) -> None:
    if not user.is_coordinator:
        raise InstitutionError(_("Only users with the coordinator role can coordinate an institution."))
    institution.coordinators.add(user)


@transaction.atomic
def coordinator_remove(*, institution: Institution, user: User) -> None:
    institution.coordinators.remove(user)


@transaction.atomic
def user_save(*, user: User) -> User:
    """Create or update an account. A new account gets no usable password but an e-mail to set one."""
    is_new = user.pk is None
    if is_new:
        user.set_unusable_password()
    if user.role != User.Role.AUDITOR and user.role != User.Role.KWP_STAFF:
        user.police_unit = None
    user.save()
    if is_new and user.email:
        user_send_invitation(user=user)
    return user


def user_send_invitation(*, user: User) -> None:
    """An e-mail with a link to set the first password (Django's reset token, valid for 3 days)."""
    email_queue(
        template="invitation",
        to=[user.email],
        context={
            "username": user.username,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
