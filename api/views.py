"""KWP staff's pages for API tokens: the list, creating one (its key shown once) and revoking."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.ui import PAGE_SIZE
from core.views import run_service
from institutions.authenticated import AuthenticatedHttpRequest
from institutions.permissions import kwp_required

from . import selectors, services
from .forms import TokenForm


@kwp_required
def token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.token_list_for_user(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "api/token_list.html", {"page": page})


@kwp_required
def token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None, users=selectors.token_holders_for_user(user=request.user))
    if form.is_valid():
        outcome = run_service(request, lambda: services.token_create(
            user=form.cleaned_data["user"], name=form.cleaned_data["name"], by=request.user), form=form)
        if outcome.ok:
            token, key = outcome.value
            # The key is in this answer only: not stored, not in a message, not cached by the browser.
            response = render(request, "api/token_created.html", {"token": token, "key": key})
            add_never_cache_headers(response)
            return response
    return render(request, "api/token_form.html", {"form": form})


@require_POST
@kwp_required
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = selectors.get_token_for_user(user=request.user, pk=pk)
    run_service(request, lambda: services.token_revoke(token=token, by=request.user),
                success=_("The token was revoked: requests with its key are refused from now on."))
    return redirect("api:token-list")
