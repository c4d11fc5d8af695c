"""The public questionnaire: no account, no address or device stored, one response per browser."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.lib.throttle import too_many, too_many_response

from .forms import AnswerForm
from .models import Round
from .selectors import questions_published, round_by_token
from .services import SurveyError
from .services.answers import AlreadyAnswered, response_submit

COOKIE_SALT = "surveys.answered"


def _cookie_name(round: Round) -> str:
    return f"zpb_survey_{round.pk}"


def _answered(request: HttpRequest, round: Round) -> bool:
    return request.get_signed_cookie(_cookie_name(round), default=None, salt=COOKIE_SALT) == round.token


@never_cache
def answer(request: HttpRequest, token: str) -> HttpResponse:
    round = round_by_token(token)
    if round is None:
        return render(request, "surveys/public/unknown.html", status=404)
    if not round.is_open:
        return render(request, "surveys/public/closed.html", {"round": round}, status=410)
    if _answered(request, round):
        return redirect("surveys-public:answer-done", token=round.token)
    if request.method == "POST" and too_many(request, "survey-answer", settings.SURVEY_ANSWERS_PER_MINUTE):
        return too_many_response(request, _(
            "Too many answers came from this network in the last minute. Wait a minute and send your answers "
            "again. Nothing was saved."), title=_("Too many answers at once"))
    questions = questions_published(round.questionnaire)
    form = AnswerForm(request.POST or None, round=round, questions=questions)
    error = ""
    if form.is_valid():
        if form.is_bot:  # pretend success, store nothing
            return redirect("surveys-public:answer-done", token=round.token)
        try:
            response_submit(round=round, nonce=form.cleaned_data["nonce"], answers=form.answers())
        except AlreadyAnswered as exc:  # a replay or a double click: say so, store nothing more
            return _done(round, request=request, notice=str(exc))
        except SurveyError as exc:
            error = str(exc)
        else:
            return _done(round)
    if form.errors.get("nonce"):
        form.renew_nonce()
    return render(request, "surveys/public/answer.html", {"round": round, "form": form, "error": error},
                  status=400 if request.method == "POST" else 200)


def _done(round: Round, *, request: HttpRequest | None = None, notice: str = "") -> HttpResponse:
    """The thank-you page (redirected to; shown at once with a notice after a replayed form) and the cookie
    that tells this browser's next visit it has answered."""
    if request is not None and notice:
        response = render(request, "surveys/public/done.html", {"round": round, "notice": notice})
    else:
        response = redirect("surveys-public:answer-done", token=round.token)
    # Until a few days after closing: long enough to stop a second response, then the browser forgets.
    days = max((round.closes_on - timezone.localdate()).days, 0) + 7
    response.set_signed_cookie(_cookie_name(round), round.token, salt=COOKIE_SALT, max_age=days * 86400,
                               httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
    return response


@never_cache
def answer_done(request: HttpRequest, token: str) -> HttpResponse:
    round = round_by_token(token)
    if round is None:
        return render(request, "surveys/public/unknown.html", status=404)
    return render(request, "surveys/public/done.html", {"round": round})
