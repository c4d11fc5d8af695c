from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static

from core.privacy import privacy_notice

from .a11y import statement
from .health import health


def home(request: HttpRequest) -> HttpResponse:
    """Public landing page; signed-in users go straight to their start page."""
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "zpb/home.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    """The statutory accessibility statement, in the structure of the ministry's template."""
    return render(request, "zpb/accessibility.html", {"a11y": statement()})


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "zpb/privacy.html", {"privacy": privacy_notice()})


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and bots ask for /favicon.ico whatever the pages link to: send them to the static icon."""
    return HttpResponsePermanentRedirect(static("zpb/favicon.ico"))


def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer: 200 when this host can serve, 503 naming the part that failed. No login, no session."""
    checks = health()
    healthy = all(state == "ok" for state in checks.values())
    response = JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def bench_floor(request: HttpRequest) -> HttpResponse:
    """The load benchmark's floor: the middleware, the session and the user, and nothing else."""
    return HttpResponse("ok", content_type="text/plain")
