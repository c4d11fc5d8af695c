"""Pages reached without signing in: the application to join, and the links sent by e-mail."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.lib.dates import short_date
from core.lib.http import query_text
from core.lib.throttle import too_many, too_many_response

from .forms import ApplicationCoordinatorFormSet, ApplicationForm, EmailOnlyForm
from .models import Application, Institution, User
from .selectors import institution_public_search, institutions_coordinated_by
from .services import InstitutionError, applications, invitations, users
from .tokens import LinkError, LinkProblem

REQUESTS_PER_MINUTE = 5
SEARCHES_PER_MINUTE = 60  # the institution look-up, typed letter by letter


def _too_many(request: HttpRequest) -> HttpResponse:
    return too_many_response(request)


def apply(request: HttpRequest) -> HttpResponse:
    # Searching or choosing an institution posts the form too, so that nothing typed so far is lost;
    # only "Send application" submits it.
    picking = request.method == "POST" and ("choose" in request.POST or "search" in request.POST)
    chosen = _chosen_institution(request)
    if chosen is not None and chosen.takes_part and (request.method != "POST" or picking):  # e.g. an old link
        messages.warning(request, _already_in_programme(chosen))
        chosen = None
    form = ApplicationForm(request.POST or None, initial={"institution": chosen})
    formset = ApplicationCoordinatorFormSet(request.POST or None, instance=Application(), prefix="coordinators")
    if request.method == "POST" and not picking:
        if too_many(request, "join-apply", settings.APPLICATIONS_PER_MINUTE):
            return _too_many(request)
        if form.is_bot:  # pretend success, store nothing
            return redirect("join:sent")
        if form.is_valid() and formset.is_valid():
            coordinators = [f.save(commit=False) for f in formset.forms if f.has_changed()]
            try:
                with transaction.atomic():
                    applications.application_submit(application=form.save(), coordinators=coordinators)
            except InstitutionError as exc:
                messages.error(request, str(exc))
            else:
                return redirect("join:sent")
    elif picking:  # shown again as typed, without errors: it has not been sent yet
        form, formset = _as_typed(form, chosen), _as_typed_formset(formset)
    q = query_text(request, "q", params=request.POST if picking else None)
    if q and too_many(request, "join-search", SEARCHES_PER_MINUTE):  # the look-up without JavaScript
        return _too_many(request)
    results = institution_public_search(q=q) if q else []
    context = {"form": form, "formset": formset, "chosen": chosen, "q": q, "results": results}
    return render(request, "institutions/public/apply.html", context)


def _typed(form) -> dict:
    return {name: form[name].data for name in form.fields}


def _as_typed(form: ApplicationForm, chosen: Institution | None) -> ApplicationForm:
    return ApplicationForm(initial=_typed(form) | {"institution": chosen})


def _as_typed_formset(formset):
    return ApplicationCoordinatorFormSet(
        instance=Application(), prefix="coordinators", initial=[_typed(f) for f in formset.forms if f.has_changed()]
    )


def _chosen_institution(request: HttpRequest) -> Institution | None:
    pk: str | None
    if "choose" in request.POST:
        pk = request.POST["choose"]  # "" is "choose another"
    else:
        pk = request.POST.get("institution") or request.GET.get("institution")
    return Institution.objects.filter(pk=pk).first() if pk and str(pk).isdigit() else None


def _already_in_programme(institution: Institution) -> str:
    return _("%(name)s is already in the programme since %(day)s; contact its coordinator or KWP staff.") % {
        "name": institution.name, "day": short_date(institution.joined_on) if institution.joined_on else "—",
    }


def institution_search(request: HttpRequest) -> HttpResponse:
    """The htmx part of the application form: known institutions by RSPO number or name."""
    if too_many(request, "join-search", SEARCHES_PER_MINUTE):
        return _too_many(request)
    q = query_text(request, "q")
    return render(request, "institutions/public/_search_results.html",
                  {"q": q, "results": institution_public_search(q=q)})


def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "institutions/public/sent.html")


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        application, now = applications.application_confirm(token=token)
    except LinkError as exc:
        return _link_problem(request, exc.problem, kind="application")
    except InstitutionError as exc:
        messages.error(request, str(exc))
        return redirect("join:apply")
    return render(request, "institutions/public/confirmed.html", {"application": application, "now": now})


def confirm_request(request: HttpRequest) -> HttpResponse:
    return _request_new(request, kind="application")


# --- Invitations ---------------------------------------------------------------------------------


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = invitations.invitation_for_token(token)
    except LinkError as exc:
        return _link_problem(request, exc.problem, kind="invitation")
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.invitation_accept(token=token, password=form.cleaned_data["new_password1"])
        except LinkError as exc:
            return _link_problem(request, exc.problem, kind="invitation")
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your password is set. Welcome to ZPB Certification."))
        return redirect(_start_page(user))
    return render(request, "institutions/public/invitation.html", {"form": form, "invitation": invitation})


def _start_page(user: User) -> str:
    """A coordinator of one institution starts on its page; everyone else on the start page."""
    if user.is_coordinator:
        institutions = list(institutions_coordinated_by(user=user)[:2])
        if len(institutions) == 1:
            return institutions[0].get_absolute_url()
    return reverse("dashboard")


def invitation_request(request: HttpRequest) -> HttpResponse:
    return _request_new(request, kind="invitation")


def _request_new(request: HttpRequest, *, kind: str) -> HttpResponse:
    """Ask for a new invitation or confirmation link. The answer is the same for any address."""
    form = EmailOnlyForm(request.POST or None)
    if request.method == "POST":
        if too_many(request, f"request-{kind}", REQUESTS_PER_MINUTE):
            return _too_many(request)
        if form.is_valid():
            if kind == "invitation":
                invitations.invitation_request_new(email=form.cleaned_data["email"])
            else:
                applications.application_confirmation_request_new(email=form.cleaned_data["email"])
            return render(request, "institutions/public/request_sent.html", {"kind": kind})
    return render(request, "institutions/public/request_new.html", {"form": form, "kind": kind})


def _link_problem(request: HttpRequest, problem: LinkProblem, *, kind: str) -> HttpResponse:
    context = {"problem": problem.value, "kind": kind, "form": EmailOnlyForm()}
    return render(request, "institutions/public/link_problem.html", context)


# --- E-mail change -------------------------------------------------------------------------------


def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Opened from the new address; works signed in or not, since the link itself proves the address."""
    try:
        user = users.email_change_confirm(token=token)
    except LinkError as exc:
        return _link_problem(request, exc.problem, kind="email")
    except InstitutionError as exc:
        messages.error(request, str(exc))
        return redirect("accounts:profile" if request.user.is_authenticated else "login")
    messages.success(request, _("Your e-mail address is now %(email)s.") % {"email": user.email})
    return redirect("accounts:profile" if request.user.is_authenticated else "login")

