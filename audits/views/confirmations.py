"""Partner confirmations: the coordinator sends and revokes links; the partner confirms without an account."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.lib.storage import stored_file_response
from core.lib.throttle import too_many, too_many_response
from core.views import run_service
from institutions.authenticated import AuthenticatedHttpRequest
from institutions.tokens import LinkError, LinkProblem

from ..forms.confirmations import ConfirmationRequestForm, PartnerConfirmationForm
from ..selectors import self_assessments as selectors
from ..selectors.confirmations import get_confirmation_for_user
from ..services import confirmations as services
from ..uploads import content_disposition

# Link checks allowed per client address and minute (tokens cannot be tried in bulk).
PER_MINUTE = getattr(settings, "PARTNER_CONFIRMATIONS_PER_MINUTE", 20)
PROBLEM_STATUS = {LinkProblem.INVALID: 404, LinkProblem.EXPIRED: 410, LinkProblem.REVOKED: 410,
                  LinkProblem.USED: 409}


def _to_plan(assessment_pk: int, item_pk: int) -> HttpResponse:
    return redirect(reverse("audits:self-assessment-plan", args=[assessment_pk]) + f"#confirmations-{item_pk}")


def _problem(request: HttpRequest, problem: LinkProblem) -> HttpResponse:
    """A clear page for a link that cannot be used; nothing is stored."""
    return render(request, "audits/confirmations/problem.html", {"problem": problem.value},
                  status=PROBLEM_STATUS[problem])


@require_POST
@login_required
def confirmation_send(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    assessment = selectors.get_self_assessment_for_user(user=request.user, pk=pk, write=True)
    item = selectors.get_action_item_for_user(user=request.user, assessment=assessment, pk=item_pk)
    form = ConfirmationRequestForm(request.POST, item=item)
    if form.is_valid():
        partnership = form.cleaned_data["partnership"]
        run_service(request, lambda: services.confirmation_request(item=item, partnership=partnership,
                                                                   by=request.user),
                    success=_("A confirmation link was sent to %(partner)s.") % {"partner": partnership.partner.name})
    else:
        messages.error(request, _("Choose one of the partners responsible for this action."))
    return _to_plan(assessment.pk, item.pk)


@require_POST
@login_required
def confirmation_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    confirmation = get_confirmation_for_user(user=request.user, pk=pk, write=True)
    run_service(request, lambda: services.confirmation_revoke(confirmation=confirmation, by=request.user),
                success=_("The link was revoked: it can no longer be used."))
    return _to_plan(confirmation.item.self_assessment_id, confirmation.item_id)


@login_required
def confirmation_file(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    confirmation = get_confirmation_for_user(user=request.user, pk=pk)
    try:
        response = stored_file_response(confirmation.file, content_type="application/pdf")
    except FileNotFoundError:
        raise Http404 from None
    response["Content-Disposition"] = content_disposition(confirmation.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def partner_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The public page a partner's link opens: what the item is, and a form to confirm it once."""
    if too_many(request, "partner-confirmation", PER_MINUTE):
        return too_many_response(request, _(
            "Too many confirmation links were opened from your address in a short time. Wait a minute and try "
            "again."))
    try:
        confirmation = services.confirmation_for_token(token)
    except LinkError as exc:
        return _problem(request, exc.problem)
    form = PartnerConfirmationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            done = services.confirmation_submit(token=token, done_on=data["done_on"], note=data["note"],
                                                upload=data["file"], checked=form.checked)
        except LinkError as exc:  # revoked or confirmed while the form was open
            return _problem(request, exc.problem)
        except services.ConfirmationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            return render(request, "audits/confirmations/done.html", {"confirmation": done})
    return render(request, "audits/confirmations/confirm.html", {"confirmation": confirmation, "form": form})
