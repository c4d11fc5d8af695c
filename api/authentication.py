"""`Authorization: Bearer <key>` (or `Token <key>`): a person's API token, looked up by the key's hash."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from core.audit import audit
from core.lib.http import client_ip

from .models import PREFIX_LENGTH
from .selectors import token_by_key
from .services import token_touch

KEYWORDS = (b"bearer", b"token")


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None  # no token: anonymous, or the session of a signed-in person
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid Authorization header: give one key after Bearer."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid API token.")) from None
        token = token_by_key(key)
        if token is None or token.revoked_at is not None:
            # In the security log: someone holds a revoked key, or is guessing (only the key's start is logged).
            audit("api_token_refused", reason="revoked" if token else "unknown", prefix=key[:PREFIX_LENGTH],
                  ip=client_ip(request))
            raise exceptions.AuthenticationFailed(_("Invalid or revoked API token."))
        if not token.user.is_active:
            audit("api_token_refused", reason="inactive account", prefix=token.key_prefix, ip=client_ip(request))
            raise exceptions.AuthenticationFailed(_("The token's account is deactivated."))
        token_touch(token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "A personal API token created by KWP staff (/api/tokens/)."}
