"""The role dashboards (the start page after login) and the history of objects (exports: views_exports.py)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from audits.selectors.self_assessments import current_edition, current_or_latest_edition
from certification import county_map
from certification.selectors import EXPIRING_DAYS
from core.ui import PAGE_SIZE
from institutions.authenticated import AuthenticatedHttpRequest
from institutions.permissions import kwp_required

from . import stats_cache
from .forms import EditionChoiceForm
from .selectors import kwp
from .selectors.auditor import auditor_dashboard
from .selectors.coordinator import coordinator_cards
from .selectors.history import history_for
from .selectors.start_page import start_page_sections
from .selectors.unit import serving_units, unit_for_user, unit_next, unit_numbers, unit_rows, with_labels


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The start page after login: the role's dashboard, then the cards of the other apps."""
    user = request.user
    context: dict[str, Any] = {"sections": start_page_sections(user=user)}
    if user.is_kwp:
        return _kwp_dashboard(request, context)
    if user.is_auditor:
        context["mine"] = auditor_dashboard(user=user)
        return render(request, "reports/dashboard_auditor.html", context)
    edition = current_edition()
    context |= {"edition": edition, "cards": coordinator_cards(user=user, edition=edition)}
    return render(request, "reports/dashboard_coordinator.html", context)


def _kwp_dashboard(request: AuthenticatedHttpRequest, context: dict) -> HttpResponse:
    default = current_or_latest_edition()
    form = EditionChoiceForm(request.GET if "edition" in request.GET else None, initial={"edition": default})
    edition = (form.cleaned_data["edition"] if form.is_bound and form.is_valid() else None) or default
    if edition is not None:
        counties = stats_cache.cached("counties", (edition.pk,), lambda: kwp.county_rows(edition=edition))
        trend = stats_cache.cached("trend", (), kwp.edition_trend)
        areas = kwp.area_rows(edition=edition)
        context |= {
            "waiting": kwp.waiting_for_kwp(user=request.user, edition=edition),
            "numbers": kwp.edition_numbers(edition=edition), "counties": counties, "trend": trend, "areas": areas,
            "expiring_days": kwp.EXPIRING_DAYS, "chart_data": _chart_data(counties, trend, areas),
        }
    # Today's register per county (not per edition): the same map and table as on the public register.
    context |= {"form": form, "edition": edition, "county_map": county_map.render_cached(request)}
    return render(request, "reports/dashboard_kwp.html", context)


def _chart_data(counties, trend, areas) -> dict:
    """What charts.js draws; the tables next to the charts show the same numbers."""
    return {
        "series": {"enrolled": _("Enrolled"), "certified": _("Certified"), "lider": _("Lider titles"),
                   "audit": _("Audit score, share of the maximum"), "self": _("Self-score, share of the maximum")},
        "counties": {"labels": [c.name for c in counties], "enrolled": [c.enrolled for c in counties],
                     "certified": [c.certified for c in counties]},
        "trend": {"labels": [t.name for t in trend], "enrolled": [t.enrolled for t in trend],
                  "certified": [t.certified for t in trend], "lider": [t.lider for t in trend]},
        "areas": {"labels": [f"{a.programme} {a.number}. {a.title}" for a in areas],
                  "audit": [float(a.audit_share) if a.audit_share is not None else None for a in areas],
                  "self": [float(a.self_share) if a.self_share is not None else None for a in areas]},
    }


@login_required
def unit(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The county view: a prevention officer's own unit; KWP staff choose any unit (403 for anyone else)."""
    user = request.user
    police_unit = unit_for_user(user=user, unit_pk=request.GET.get("unit"))
    edition = current_or_latest_edition()
    context: dict[str, Any] = {"unit": police_unit, "edition": edition,
                               "units": serving_units() if user.is_kwp else None}
    if police_unit is not None:
        page = Paginator(unit_rows(user=user, unit=police_unit, edition=edition), PAGE_SIZE).get_page(
            request.GET.get("page"))
        context |= {
            "page": page, "rows": with_labels(page),
            "counties": police_unit.counties.order_by("name"),
            "numbers": unit_numbers(user=user, unit=police_unit, edition=edition),
            "next": unit_next(user=user, unit=police_unit, edition=edition),
            "expiring_days": EXPIRING_DAYS,
        }
    return render(request, "reports/unit.html", context)


@kwp_required
def history(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    """Who changed what and when, for one institution, partner, user, self-assessment, audit, decision or
    certificate (KWP staff only)."""
    history = history_for(kind=kind, pk=pk, page=request.GET.get("page"))
    return render(request, "reports/history.html", {"history": history})
