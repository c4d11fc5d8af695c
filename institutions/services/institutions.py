"""Institutions and who coordinates them."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.emails import email_queue
from core.lib.history import history_author

from ..models import Institution, User
from . import InstitutionError
from .invitations import invitation_send
from .users import user_save


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
    if not user.is_coordinator or user.is_administrator:
        raise InstitutionError(_("Only users with the coordinator role can coordinate an institution."))
    institution.coordinators.add(user)


@transaction.atomic
def coordinator_remove(*, institution: Institution, user: User) -> None:
    institution.coordinators.remove(user)


@transaction.atomic
def coordinator_invite(
    *, institution: Institution, by: User, first_name: str, last_name: str, email: str, phone: str = ""
) -> bool:
    """Give a person access to the institution: a new coordinator account with an invitation (True), or an
    existing coordinator linked to it (False). An address of an auditor or KWP account is refused."""
    if institution.coordinators.filter(email__iexact=email.strip()).exists():
        raise InstitutionError(_("%(email)s already coordinates this institution.") % {"email": email.strip()})
    user, created = coordinator_for_email(email=email, first_name=first_name, last_name=last_name, phone=phone, by=by)
    coordinator_link(institution=institution, user=user, created=created, by=by)
    return created


def coordinator_link(*, institution: Institution, user: User, created: bool, by: User) -> bool:
    """Add the coordinator to the institution and tell them; True when they got an invitation (a new
    account, or one that never set a password, for whom "sign in with your account" would lead nowhere)."""
    institution.coordinators.add(user)
    if created:
        return True
    if not user.has_usable_password():
        invitation_send(user=user, by=by)
        return True
    email_queue(template="coordinator-added", to=[user.email],
                context={"institution_id": institution.pk, "name": institution.name})
    return False


def coordinator_for_email(
    *, email: str, first_name: str, last_name: str, phone: str, by: User
) -> tuple[User, bool]:
    """The coordinator account with this address, created (and invited) when there is none; True if created."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        if user.is_administrator:
            raise InstitutionError(
                _("%(email)s belongs to an administrator account; it cannot coordinate an institution.")
                % {"email": email}
            )
        if not user.is_coordinator:
            raise InstitutionError(
                _("%(email)s belongs to an account with another role (%(role)s).")
                % {"email": email, "role": user.get_role_display()}
            )
        if not user.is_active:
            # Deactivated on purpose: linking it quietly would give access to nobody (or, once
            # reactivated, to someone KWP meant to shut out). KWP decides first.
            raise InstitutionError(
                _("%(email)s belongs to a deactivated account. Reactivate it under Users if this person "
                  "should coordinate the institution, then try again.") % {"email": email}
            )
        return user, False
    if User.objects.filter(username__iexact=email).exists():
        raise InstitutionError(_("The login %(email)s is already taken.") % {"email": email})
    user = User(username=email, email=email, first_name=first_name, last_name=last_name, phone=phone,
                role=User.Role.COORDINATOR)
    history_author(user, by)
    user_save(user=user, by=by)
    return user, True
