"""Writes for institutions, coordinators and users."""

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

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
def user_save(*, user: User, request: HttpRequest | None = None) -> User:
    """Create or update an account. A new account gets no usable password but an e-mail to set one."""
    is_new = user.pk is None
    if is_new:
        user.set_unusable_password()
    if user.role != User.Role.AUDITOR and user.role != User.Role.KWP_STAFF:
        user.police_unit = None
    user.save()
    if is_new and user.email:
        transaction.on_commit(lambda: user_send_invitation(user=user, request=request))
    return user


def user_send_invitation(*, user: User, request: HttpRequest | None) -> None:
    from .forms import InvitationForm

    form = InvitationForm({"email": user.email})
    if form.is_valid():
        form.save(
            request=request,
            use_https=bool(request and request.is_secure()),
            subject_template_name="registration/invitation_subject.txt",
            email_template_name="registration/invitation_email.txt",
            domain_override=request.get_host() if request else None,
        )
