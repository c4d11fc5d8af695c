"""Reads of the api app: the tokens KWP staff manage. What a token sees comes from the other apps' selectors."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from institutions.models import User
from institutions.selectors import user_list_for_user

from .models import ApiToken, hash_key


def token_list_for_user(*, user: User) -> QuerySet[ApiToken]:
    if not user.is_kwp:
        return ApiToken.objects.none()
    return ApiToken.objects.select_related("user", "created_by", "revoked_by").order_by("-created_at", "-pk")


def get_token_for_user(*, user: User, pk: int) -> ApiToken:
    return get_object_or_404(token_list_for_user(user=user), pk=pk)


def token_holders_for_user(*, user: User) -> QuerySet[User]:
    """Whom KWP staff may give a token: the active accounts they manage (users' page rule)."""
    return user_list_for_user(user=user).filter(is_active=True).select_related("police_unit")


def token_by_key(key: str) -> ApiToken | None:
    return ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
