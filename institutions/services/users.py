"""Accounts: KWP's user management and everyone's own profile (with a confirmed e-mail change)."""

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from core.emails import email_queue
from core.lib.history import history_author

from .. import tokens
from ..models import User
from . import InstitutionError
from .invitations import invitation_send, invitations_revoke


@transaction.atomic
def user_save(*, user: User, by: User | None = None) -> User:
    """Create or update an account. A new account gets no usable password but an invitation to set one."""
    is_new = user.pk is None
    # An invitation already sent went to the old address (often a typo KWP is correcting): it must stop
    # working, or whoever owns that address could set the password and take the account.
    old_email = "" if is_new else User.objects.filter(pk=user.pk).values_list("email", flat=True).first() or ""
    readdressed = not is_new and old_email.lower() != user.email.lower()
    if is_new:
        user.set_unusable_password()
    if user.role != User.Role.AUDITOR and user.role != User.Role.KWP_STAFF:
        user.police_unit = None
    user.save()
    if not user.is_active:
        invitations_revoke(user=user)
    elif (is_new or readdressed) and user.email and not user.has_usable_password():
        invitation_send(user=user, by=by)  # also revokes the older links
    elif readdressed:
        invitations_revoke(user=user)
    if readdressed and old_email:  # as when the owners change it themselves: the old address is told
        email_queue(template="email-changed", to=[old_email],
                    context={"username": user.username, "new_email": user.email})
    return user


@transaction.atomic
def user_set_active(*, user: User, active: bool, by: User) -> User:
    """Accounts are never deleted (history keeps the name); a deactivated one cannot sign in."""
    if user.pk == by.pk and not active:
        raise InstitutionError(_("You cannot deactivate your own account."))
    user.is_active = active
    history_author(user, by)
    user.save(update_fields=["is_active"])
    if not active:
        invitations_revoke(user=user)
    return user


@transaction.atomic
def user_profile_save(*, user: User, first_name: str, last_name: str, phone: str) -> User:
    user.first_name, user.last_name, user.phone = first_name, last_name, phone
    history_author(user, user)
    user.save(update_fields=["first_name", "last_name", "phone"])
    return user


def email_change_request(*, user: User, new_email: str) -> None:
    """A confirmation link goes to the new address; nothing changes until it is opened.

    Whether another account uses the address is checked only on confirmation, so that this form
    does not tell which addresses are known.
    """
    new_email = new_email.strip().lower()
    if new_email == user.email.lower():
        raise InstitutionError(_("This is already your e-mail address."))
    email_queue(template="email-change", to=[new_email], context={"user_id": user.pk, "new_email": new_email})


def email_change_context(context: dict) -> dict:
    user = User.objects.get(pk=context["user_id"])
    # The current address is signed in: once the address changes, the link stops working.
    value = {"u": user.pk, "new": context["new_email"], "old": user.email.lower()}
    return {"token": tokens.make_signed(value, salt=tokens.EMAIL_CHANGE_SALT),
            "days": tokens.EMAIL_CHANGE_LIFETIME.days}


def password_reset_send(*, user: User, email: str) -> None:
    """Queue the password-reset e-mail; the link is made when it is sent (the outbox keeps no token)."""
    email_queue(template="password-reset", to=[email], context={"user_id": user.pk, "username": user.get_username()})


def password_reset_context(context: dict) -> dict:
    # Django's token depends on the password and last login: a link made late still stops working once used.
    user = User.objects.get(pk=context["user_id"])
    return {"uid": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)}


@transaction.atomic
def email_change_confirm(*, token: str) -> User:
    value = tokens.read_signed(token, salt=tokens.EMAIL_CHANGE_SALT, max_age=tokens.EMAIL_CHANGE_LIFETIME)
    try:
        user = User.objects.select_for_update().get(pk=value["u"], is_active=True)
        new_email, old_email = value["new"], value["old"]
    except (User.DoesNotExist, KeyError, TypeError):
        raise tokens.LinkError(tokens.LinkProblem.INVALID) from None
    if user.email.lower() != old_email:
        problem = tokens.LinkProblem.USED if user.email.lower() == new_email else tokens.LinkProblem.INVALID
        raise tokens.LinkError(problem)
    if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        raise InstitutionError(_("Another account uses this e-mail address. Contact KWP staff."))
    user.email = new_email
    history_author(user, user)
    user.save(update_fields=["email"])
    if old_email:
        email_queue(template="email-changed", to=[old_email],
                    context={"username": user.username, "new_email": new_email})
    return user
