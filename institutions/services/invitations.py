"""Single-use links to set the first password (the token rules are in institutions.tokens)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.emails import email_queue

from .. import tokens
from ..models import Invitation, User
from . import InstitutionError


def invitations_revoke(*, user: User) -> int:
    return Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def invitation_send(*, user: User, by: User | None = None) -> Invitation:
    """A new single-use link to set the first password; older open invitations of the user stop working.

    Only the invitation's id goes to the outbox; the token is signed again when the e-mail is rendered.
    """
    if not user.is_active:
        raise InstitutionError(_("This account is deactivated; reactivate it before sending an invitation."))
    if user.has_usable_password():
        raise InstitutionError(_("This user has already set a password; they can use “Forgot your password?”."))
    if not user.email:
        raise InstitutionError(_("This user has no e-mail address."))
    User.objects.select_for_update().get(pk=user.pk)  # one resend at a time per user
    invitation = _invitation_create(user=user, by=by)
    email_queue(template="invitation", to=[user.email],
                context={"invitation_id": invitation.pk, "username": user.username})
    return invitation


def _invitation_create(*, user: User, by: User | None) -> Invitation:
    invitations_revoke(user=user)
    invitation = Invitation.objects.create(
        user=user, created_by=by, expires_at=timezone.now() + tokens.INVITATION_LIFETIME, nonce=tokens.new_nonce(),
    )
    invitation.token_hash = tokens.token_hash(tokens.invitation_token(invitation.pk, invitation.nonce))
    invitation.save(update_fields=["token_hash"])
    return invitation


def invitation_context(context: dict) -> dict:
    if "invitation_id" not in context:
        # Queued before invitations had their own table (only the user's id was stored): issue one now.
        invitation = _invitation_create(user=User.objects.get(pk=context["user_id"]), by=None)
    else:
        invitation = Invitation.objects.get(pk=context["invitation_id"])
    token = tokens.invitation_token(invitation.pk, invitation.nonce)
    if tokens.token_hash(token) != invitation.token_hash:  # the row was edited: never send a dead link
        raise RuntimeError(f"Invitation {invitation.pk}: token does not match the stored hash")
    return {"token": token, "days": tokens.INVITATION_LIFETIME.days}


def invitation_for_token(token: str) -> Invitation:
    """The invitation a link names, if it may still be used; LinkError says why not."""
    invitation_id = tokens.invitation_id_from(token)
    invitation = Invitation.objects.select_related("user").filter(pk=invitation_id).first()
    tokens.invitation_check(invitation, token)
    assert invitation is not None  # invitation_check raised otherwise
    if not invitation.user.is_active:
        raise tokens.LinkError(tokens.LinkProblem.REVOKED)
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Set the first password. Compare-and-set on used_at: of two simultaneous submissions one wins."""
    invitation = invitation_for_token(token)
    claimed = Invitation.objects.filter(
        pk=invitation.pk, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).update(used_at=timezone.now())
    if not claimed:
        raise tokens.LinkError(tokens.LinkProblem.USED)
    user = invitation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


def invitation_request_new(*, email: str) -> None:
    """Someone whose link expired asks for a new one. Says nothing about whether the address is known:
    only an active account that has never set a password gets a fresh invitation."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is not None and not user.has_usable_password():
        invitation_send(user=user)
