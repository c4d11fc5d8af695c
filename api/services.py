"""Writes: creating and revoking API tokens (KWP staff)."""

import datetime
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit
from core.services import ServiceError
from institutions.models import User

from .models import KEY_PREFIX, PREFIX_LENGTH, ApiToken, hash_key

# last_used_at is written at most this often per token, so a busy client does not write on every request.
LAST_USED_EVERY = datetime.timedelta(minutes=1)


def token_create(*, user: User, name: str, by: User) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it with its key, which is stored only as a hash (show it once)."""
    if not by.is_kwp:
        raise ServiceError(_("Only KWP staff can create API tokens."))
    if not user.is_active:
        raise ServiceError(_("The account is deactivated: it cannot get an API token."))
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, key_prefix=key[:PREFIX_LENGTH], key_hash=hash_key(key),
                                    created_by=by)
    transaction.on_commit(lambda: audit("api_token_created", token_id=token.pk, prefix=token.key_prefix,
                                        for_user=user.get_username(), by=by.get_username()))
    return token, key


def token_revoke(*, token: ApiToken, by: User) -> None:
    if not by.is_kwp:
        raise ServiceError(_("Only KWP staff can revoke API tokens."))
    changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=by
    )
    if not changed:
        raise ServiceError(_("The token has already been revoked."))
    transaction.on_commit(lambda: audit("api_token_revoked", token_id=token.pk, prefix=token.key_prefix,
                                        by=by.get_username()))


def token_touch(token: ApiToken) -> None:
    """Record that the token was used, at most once per LAST_USED_EVERY."""
    now = timezone.now()
    if token.last_used_at and now - token.last_used_at < LAST_USED_EVERY:
        return
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_EVERY)
    ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
