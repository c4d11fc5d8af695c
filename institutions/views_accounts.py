"""Every signed-in user's own profile: name, phone, e-mail address (with confirmation), password."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from institutions.http import AuthenticatedHttpRequest

from .forms import EmailChangeForm, ProfileForm
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
