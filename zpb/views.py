from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from institutions.models import User
from institutions.selectors import institution_list_for_user

from .lib.sections import collect
from .signals import dashboard_sections


def home(request: HttpRequest) -> HttpResponse:
    """Public landing page; signed-in users go straight to their start page."""
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "zpb/home.html")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The start page after login, one per role."""
    user: User = request.user  # type: ignore[assignment]
    if user.is_kwp:
        template = "zpb/dashboard_kwp.html"
    elif user.is_auditor:
        template = "zpb/dashboard_auditor.html"
    else:
        template = "zpb/dashboard_coordinator.html"
    institutions = institution_list_for_user(user=user)
    context = {
        "sections": collect(dashboard_sections, request=request),
        "institutions": institutions.filter(is_active=True)[:20] if not user.is_kwp else None,
        "active_institutions": institutions.filter(is_active=True).count() if user.is_kwp else None,
    }
    return render(request, template, context)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "zpb/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "zpb/privacy.html")
