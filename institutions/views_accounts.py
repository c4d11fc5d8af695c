"""Every signed-in user's own profile: name, phone, e-mail address (with confirmation), password."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.lib.throttle import too_many, too_many_response
from institutions.authenticated import AuthenticatedHttpRequest

from .forms import EmailChangeForm, PasswordResetForm, ProfileForm
from .selectors import institutions_coordinated_by
from .services import InstitutionError
from .services import users as services


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if form.is_valid():
        services.user_profile_save(user=request.user, **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect("accounts:profile")
    return _render(request, form=form, email_form=EmailChangeForm(user=request.user))


@require_POST
@login_required
def email_change(request: AuthenticatedHttpRequest) -> HttpResponse:
    email_form = EmailChangeForm(request.POST, user=request.user)
    if email_form.is_valid():
        try:
            services.email_change_request(user=request.user, new_email=email_form.cleaned_data["new_email"])
        except InstitutionError as exc:
            email_form.add_error("new_email", str(exc))
        else:
            messages.success(request, _("We sent a link to %(email)s. Your address changes when you open it.")
                             % {"email": email_form.cleaned_data["new_email"]})
            return redirect("accounts:profile")
    request.user.refresh_from_db()  # the bound ProfileForm below must show the saved values
    return _render(request, form=ProfileForm(instance=request.user), email_form=email_form)


def _render(request: AuthenticatedHttpRequest, **context) -> HttpResponse:
    user = request.user
    institutions = institutions_coordinated_by(user=user) if user.is_coordinator else []
    return render(request, "institutions/accounts/profile.html", {**context, "institutions": institutions})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page with the e-mail queued in the outbox and two limits.

    Per client address: over the limit the page answers 429, like the other public forms. Per target
    address: over the limit the page answers as always but no e-mail is queued, so it never tells
    whether an address is known, and nobody can flood a mailbox from many addresses.
    """

    form_class = PasswordResetForm

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if too_many(request, "password-reset", settings.PASSWORD_RESETS_PER_MINUTE):
            return too_many_response(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: auth_forms.PasswordResetForm) -> HttpResponse:
        target = form.cleaned_data["email"].strip().lower()
        if too_many(self.request, "password-reset-account", settings.PASSWORD_RESETS_PER_ACCOUNT, key=target,
                    window=3600):
            return redirect(self.get_success_url())
        return super().form_valid(form)
