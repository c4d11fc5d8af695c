"""Audit pages: planning and overview for KWP staff, scoring and signing for the team,
the signed result for the institution's coordinators."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.lib.http import query_text
from core.lib.sections import collect
from core.lib.storage import stored_file_response
from core.ui import PAGE_SIZE
from institutions.authenticated import AuthenticatedHttpRequest
from institutions.models import User
from institutions.permissions import kwp_required, role_required

from ..forms.audits import (
    AuditFilterForm,
    AuditMoveForm,
    AuditPlanForm,
    AuditReasonForm,
    AuditRecommendationForm,
    AuditScoreForm,
    AuditSignForm,
    AuditTeamForm,
    CalendarDayFilterForm,
    CalendarFilterForm,
    PlanningFilterForm,
)
from ..models import Audit
from ..selectors import audits as selectors
from ..selectors.comparison import previous_scores
from ..selectors.confirmations import confirmations_by_item
from ..services import audits as services
from ..services import protocols as protocol_services
from ..services.audits import AuditError, AuditPlanError, AuditScoreConflict
from ..services.protocols import ProtocolError
from ..signals import audit_sections

auditor_required = role_required(User.Role.AUDITOR)


def _filters(form) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}


def _warn(request: AuthenticatedHttpRequest, warnings: list[str]) -> None:
    for warning in warnings:
        messages.warning(request, warning)


# --- KWP: overview, ranking, export, calendar, planning ------------------------------------------


@kwp_required
def audit_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    edition = selectors.edition_for_audits(user=request.user)
    if edition is None:
        return render(request, "audits/audit/no_edition.html")
    return redirect("audits:audit-overview", edition_pk=edition.pk)


@kwp_required
def audit_overview(request: AuthenticatedHttpRequest, edition_pk: int) -> HttpResponse:
    edition = selectors.get_edition_for_audits(user=request.user, pk=edition_pk)
    form = AuditFilterForm(request.GET or None)
    audits = selectors.audit_overview(user=request.user, edition=edition, **_filters(form))
    page = Paginator(audits, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audits/audit/overview.html",
        {
            "edition": edition,
            "editions": selectors.edition_list_for_audits(user=request.user),
            "form": form,
            "page": page,
            "audits": page.object_list,
        },
    )


@kwp_required
def audit_ranking(request: AuthenticatedHttpRequest, edition_pk: int) -> HttpResponse:
    edition = selectors.get_edition_for_audits(user=request.user, pk=edition_pk)
    form = AuditFilterForm(request.GET or None)
    filters = {k: v for k, v in _filters(form).items() if k in ("programme", "kind")}
    page = Paginator(selectors.audit_ranking(user=request.user, edition=edition, **filters), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "audits/audit/ranking.html", {
        "edition": edition, "form": form, "page": page, "ranking": selectors.ranked(page.object_list)})


@kwp_required
def audit_calendar(request: AuthenticatedHttpRequest, edition_pk: int) -> HttpResponse:
    """One week at a time, each day capped to a few audits with a link to the whole day (a peak day of the
    region holds well over a hundred), filterable by county; links to every week keep the filter."""
    edition = selectors.get_edition_for_audits(user=request.user, pk=edition_pk)
    form = CalendarFilterForm(request.GET or None)
    filters = _filters(form)
    weeks = selectors.audit_calendar_weeks(user=request.user, edition=edition, **filters)
    week = _week(request, weeks)
    days = selectors.audit_calendar_week(user=request.user, edition=edition, monday=week.monday, **filters)
    index = weeks.index(week)
    return render(request, "audits/audit/calendar.html", {
        "edition": edition, "form": form, "weeks": weeks, "week": week, "days": days,
        "filter_query": _filter_query(filters), "cap": selectors.CALENDAR_DAY_CAP,
        "previous": weeks[index - 1] if index else None, "next": weeks[index + 1] if index + 1 < len(weeks) else None,
    })


@kwp_required
def audit_calendar_day(request: AuthenticatedHttpRequest, edition_pk: int, day: str) -> HttpResponse:
    """A day of the calendar as a paginated list, double-booked audits first (or only them)."""
    edition = selectors.get_edition_for_audits(user=request.user, pk=edition_pk)
    try:
        date = datetime.date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    form = CalendarDayFilterForm(request.GET or None)
    filters = _filters(form)
    county = {k: v for k, v in filters.items() if k == "county"}
    audits = selectors.audit_calendar_day(user=request.user, edition=edition, day=date, **filters)
    page = Paginator(audits, PAGE_SIZE).get_page(request.GET.get("page"))
    among = selectors.calendar_audits(user=request.user, edition=edition, first=date, last=date, **county)
    double_booked = len(selectors.double_booked_auditors(date, date, among=among if county else None)
                        ) if page.paginator.count else 0
    return render(request, "audits/audit/calendar_day.html", {
        "edition": edition, "form": form, "day": date, "page": page, "audits": page.object_list,
        "double_booked_auditors": double_booked,
        "in_window": edition.audit_window_start <= date <= edition.audit_window_end,
        "week": selectors.monday_of(date), "filter_query": _filter_query(county),
    })


def _filter_query(filters: dict) -> str:
    """The calendar's filters as `&name=value` for links to another week or day (which keep them)."""
    values = {name: getattr(value, "pk", value) for name, value in filters.items()}
    return f"&{urlencode(values)}" if values else ""


def _week(request: AuthenticatedHttpRequest, weeks: list[selectors.CalendarWeek]) -> selectors.CalendarWeek:
    """The week asked for (?week=<its Monday>), else this week if it is one of them, else the first with audits."""
    by_monday = {week.monday.isoformat(): week for week in weeks}
    asked = by_monday.get(query_text(request, "week"))
    this_week = by_monday.get(selectors.monday_of(timezone.localdate()).isoformat())
    return asked or this_week or next((w for w in weeks if w.audits), weeks[0])


@kwp_required
def audit_plan(request: AuthenticatedHttpRequest, edition_pk: int) -> HttpResponse:
    edition = selectors.get_edition_for_audits(user=request.user, pk=edition_pk)
    filter_form = PlanningFilterForm(request.GET or None)
    rows = selectors.audit_planning_rows(user=request.user, edition=edition, **_filters(filter_form))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    preselected = request.GET.getlist("enrolment")
    form = AuditPlanForm(request.POST or None, edition=edition, shown=page.object_list,
                         initial={"enrolments": preselected})
    row_errors: dict[int, list[str]] = {}
    if _finding(request):
        form.keep_as_typed()
    elif form.is_valid():
        try:
            audits, warnings = services.audit_plan_many(rows=form.rows(), team=form.team(), by=request.user)
        except AuditPlanError as exc:
            form.add_error(None, str(exc))
            row_errors = exc.row_errors
        else:
            messages.success(request, ngettext("%(count)d audit was planned.", "%(count)d audits were planned.",
                                               len(audits)) % {"count": len(audits)})
            _warn(request, warnings)
            return redirect("audits:audit-overview", edition_pk=edition.pk)
    # Suggested: auditors of the units serving the ticked institutions, or those on the page if none is ticked.
    page_units = {e.institution.police_unit_id for e in page.object_list}
    ticked = _selected(form, "enrolments")
    units = {e.institution.police_unit_id for e in page.object_list if str(e.pk) in ticked} or page_units
    return render(request, "audits/audit/plan.html", {
        "edition": edition, "form": form, "filter_form": filter_form, "page": page,
        "table": form.table(page.object_list, row_errors),
        **_team_picker(request, form, units=units, context_units=page_units),
    })


def _selected(form, name: str) -> set[str]:
    if form.is_bound:
        return set(form.data.getlist(name))
    return {str(v) for v in form.initial.get(name, [])}


# The team picker: a search for auditors instead of a list of all of them (hundreds in the region). Typing asks
# auditor_search (htmx) for the candidate rows; without JavaScript the form's "Search" button (name="find")
# sends the whole form back, which is shown again as typed with the matches, nothing saved.
AUDITOR_QUERY = "auditor_q"


def _finding(request: AuthenticatedHttpRequest) -> bool:
    return request.method == "POST" and "find" in request.POST


def _team_picker(request: AuthenticatedHttpRequest, form, *, units, context_units) -> dict:
    """The team fields' context: the candidates and what is ticked; `context_units` go into the page for the
    search (it suggests from the ticked institutions it is sent, else from these)."""
    auditors, lead = _selected(form, "auditors"), _selected(form, "lead")
    q = query_text(request, AUDITOR_QUERY, params=request.POST) if _finding(request) else ""
    return {
        "candidates": selectors.auditor_candidates(ticked=auditors | lead, suggested_units=units, q=q),
        "selected_auditors": auditors, "selected_lead": lead, "context_units": sorted(u for u in context_units if u),
    }


@kwp_required
def auditor_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The team picker's candidate rows as the KWP types (htmx), keeping the ticked auditors and the lead."""
    enrolments = request.GET.getlist("enrolments")
    units = selectors.police_units_of_enrolments(enrolments) if enrolments else request.GET.getlist("suggest_unit")
    auditors, lead = set(request.GET.getlist("auditors")), set(request.GET.getlist("lead"))
    candidates = selectors.auditor_candidates(ticked=auditors | lead, suggested_units=units,
                                              q=query_text(request, AUDITOR_QUERY))
    return render(request, "audits/audit/_auditor_candidates.html", {
        "candidates": candidates, "selected_auditors": auditors, "selected_lead": lead})


# --- KWP: changing one audit ---------------------------------------------------------------------


@kwp_required
def audit_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    audit = selectors.get_audit_for_user(user=request.user, pk=pk)
    form = AuditMoveForm(request.POST or None, edition=audit.enrolment.edition, initial={"date": audit.date})
    if form.is_valid():
        try:
            warnings = services.audit_move(audit=audit, by=request.user, **form.cleaned_data)
        except AuditError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The audit was moved; the coordinators were informed."))
            _warn(request, warnings)
            return redirect(audit)
    return render(request, "audits/audit/move.html", {"audit": audit, "form": form})


@kwp_required
def audit_team(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    audit = selectors.get_audit_for_user(user=request.user, pk=pk)
    team = selectors.audit_team(audit=audit)
    initial = {"auditors": [m.user_id for m in team], "lead": [m.user_id for m in team if m.is_lead]}
    form = AuditTeamForm(request.POST or None, initial=initial)
    if _finding(request):
        form.keep_as_typed()
    elif form.is_valid():
        try:
            warnings = services.audit_team_change(audit=audit, team=form.team(), reason=form.cleaned_data["reason"],
                                         by=request.user)
        except AuditError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The audit team was changed; the coordinators were informed."))
            _warn(request, warnings)
            return redirect(audit)
    return render(
        request,
        "audits/audit/team.html",
        {
            "audit": audit,
            "form": form,
            **_team_picker(request, form, units={audit.institution.police_unit_id},
                           context_units={audit.institution.police_unit_id}),
        },
    )


@kwp_required
def audit_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    audit = selectors.get_audit_for_user(user=request.user, pk=pk)
    form = AuditReasonForm(request.POST or None)
    if form.is_valid():
        try:
            services.audit_cancel(audit=audit, reason=form.cleaned_data["reason"], by=request.user)
        except AuditError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The audit was cancelled; the coordinators were informed."))
            return redirect(audit)
    return render(request, "audits/audit/cancel.html", {"audit": audit, "form": form})


@require_POST
@kwp_required
def audit_reopen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    audit = selectors.get_audit_for_user(user=request.user, pk=pk)
    form = AuditReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise AuditError(_("Give the reason for this change."))
        services.audit_reopen(audit=audit, reason=form.cleaned_data["reason"], by=request.user)
    except AuditError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The audit was reopened; the team can change the scores and sign it again."))
    return redirect(audit)


# --- Auditors: my audits, scoring, signing -------------------------------------------------------


@auditor_required
def audit_mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "audits/audit/mine.html", selectors.audits_of_auditor(user=request.user))


@login_required
def audit_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    audit = selectors.get_audit_for_user(user=request.user, pk=pk)
    sections = collect(audit_sections, audit=audit, request=request)
    return render(request, "audits/audit/detail.html", {**_detail_context(request, audit), "sections": sections})


@require_POST
@auditor_required
def audit_score(request: AuthenticatedHttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    audit = selectors.get_audit_for_user(user=request.user, pk=pk)
    criterion = get_object_or_404(selectors.audit_criteria(audit), pk=criterion_pk)
    form = AuditScoreForm(request.POST, prefix=f"c{criterion.pk}", max_points=criterion.max_points)
    saved, notice = False, None
    if form.is_valid():
        try:
            services.audit_score_save(audit=audit, criterion=criterion, by=request.user, **form.cleaned_data)
            saved = True
        except AuditScoreConflict as exc:
            form, notice = None, str(exc)  # type: ignore[assignment]  # show the current values, not the stale input
        except AuditError as exc:
            form.add_error(None, str(exc))
    if request.htmx:
        context = _detail_context(request, audit, criteria=[criterion], forms={criterion.pk: None if saved else form})
        context |= {"row": context["rows"][0], "saved": saved, "notice": notice}
        return render(request, "audits/audit/score_response.html", context)
    if saved:
        messages.success(request, _("Criterion %(code)s saved.") % {"code": criterion.code})
        return redirect(f"{audit.get_absolute_url()}#criterion-{criterion.pk}")
    if notice:
        messages.error(request, notice)
    return render(request, "audits/audit/detail.html", _detail_context(request, audit, forms={criterion.pk: form}))


@require_POST
@auditor_required
def audit_sign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    audit = selectors.get_audit_for_user(user=request.user, pk=pk)
    form = AuditSignForm(request.POST)
    form.is_valid()  # both fields optional; always valid
    try:
        audit = services.audit_sign(audit=audit, by=request.user, **form.cleaned_data)
    except AuditError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The audit was signed; the coordinators were informed of the result."))
    return redirect(audit)


# --- Recommendations and the protocol -------------------------------------------------------------


@require_POST
@auditor_required
def audit_recommendation_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    audit = selectors.get_audit_for_user(user=request.user, pk=pk)
    try:  # the service checks the text (empty, too long) and says what is wrong
        protocol_services.recommendation_add(audit=audit, text=request.POST.get("text", ""), by=request.user)
    except ProtocolError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The recommendation was added."))
    return redirect(f"{audit.get_absolute_url()}#recommendations")


@require_POST
@auditor_required
def audit_recommendation_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    recommendation = selectors.get_recommendation_for_user(user=request.user, pk=pk)
    try:
        protocol_services.recommendation_delete(recommendation=recommendation, by=request.user)
    except ProtocolError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The recommendation was deleted."))
    return redirect(f"{recommendation.audit.get_absolute_url()}#recommendations")


@login_required
def audit_protocol_pdf(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    protocol = selectors.get_protocol_for_user(user=request.user, pk=pk)
    if not protocol.is_ready:
        raise Http404(_("The PDF of this protocol is not ready yet."))
    try:
        return stored_file_response(protocol.pdf, as_attachment=True, filename=protocol.pdf_filename,
                                    content_type="application/pdf")
    except FileNotFoundError:
        raise Http404(_("The PDF of this protocol is not ready yet.")) from None


# --- The audit page's context ----------------------------------------------------------------------


def _detail_context(
    request: AuthenticatedHttpRequest, audit: Audit, *, criteria=None, forms: dict | None = None
) -> dict:
    user = request.user
    team = selectors.audit_team(audit=audit)
    member = next((m for m in team if m.user_id == user.pk), None)
    can_score = bool(member) and user.is_auditor and audit.is_open_for_scoring
    rows = selectors.audit_criterion_rows(audit=audit, criteria=criteria)
    for row in rows:
        for evidence in row.evidence:
            evidence.url = reverse("audits:self-assessment-evidence-download", kwargs={"pk": evidence.pk})
        row.form = (forms or {}).get(row.criterion.pk)
        if row.form is None and can_score:
            row.form = AuditScoreForm(prefix=f"c{row.criterion.pk}", max_points=row.criterion.max_points, initial={
                "score": row.score.score if row.score else None, "comment": row.score.comment if row.score else "",
                "version": row.version})
    scored, total = selectors.audit_progress(audit=audit)
    self_assessment = selectors.audit_self_assessment(audit=audit)
    return {
        "audit": audit,
        "team": team,
        "rows": rows,
        "can_score": can_score,
        "scored": scored,
        "total": total,
        "is_lead": bool(member and member.is_lead) and user.is_auditor,
        "self_assessment": self_assessment,
        "action_items": selectors.audit_action_plan(self_assessment=self_assessment),
        "places": selectors.audit_places(self_assessment=self_assessment),
        "partnerships": selectors.audit_partnerships(audit=audit),
        "history": selectors.audit_history(user=user, audit=audit),
        "sign_form": AuditSignForm(initial={"summary": audit.summary}),
        "reopen_form": AuditReasonForm(),
        "recommendations": selectors.audit_recommendations(audit=audit),
        "recommendation_form": AuditRecommendationForm() if member and audit.status == Audit.Status.PLANNED else None,
        "protocols": selectors.audit_protocols(user=user, audit=audit),
        "previous_recommendations": selectors.recommendation_rows(self_assessment=self_assessment),
        "show_guidance": not user.is_coordinator,
        "previous": previous_scores(enrolment=audit.enrolment),
        "confirmations": confirmations_by_item(self_assessment, confirmed_only=True),
        "warnings": selectors.auditor_double_bookings([audit])
        if user.is_kwp and audit.status == Audit.Status.PLANNED
        else [],
    }
