from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def home(request: HttpRequest) -> HttpResponse:
    """Public landing page; signed-in users go straight to their start page."""
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "zpb/home.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "zpb/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "zpb/privacy.html")
