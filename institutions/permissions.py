"""Role checks for views. Which rows a user may see is decided in the apps' selectors."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from .models import User

View = Callable[..., HttpResponseBase]


def role_required(*roles: str) -> Callable[[View], View]:
    """Sign-in required; then 403 unless the user has one of `roles` (KWP superusers pass too)."""

    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
            user: User = request.user  # type: ignore[assignment]
            if not (user.role in roles or (User.Role.KWP_STAFF in roles and user.is_kwp)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


kwp_required = role_required(User.Role.KWP_STAFF)
