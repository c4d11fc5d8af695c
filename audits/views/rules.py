"""The rulebooks in force, for everyone (no account needed): a page and a PDF per programme."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from institutions.models import Programme

from ..rules_pdf import rulebook_pdf
from ..selectors.rules import rulebook_in_force, rules_in_force
from ..selectors.self_assessments import today_in_warsaw


def rules_public(request: HttpRequest) -> HttpResponse:
    return render(request, "audits/rules/public.html", {"rules": rules_in_force(today=today_in_warsaw())})


def rules_public_pdf(request: HttpRequest, programme: str) -> HttpResponse:
    if programme.upper() not in Programme.values:
        raise Http404
    rulebook = rulebook_in_force(programme.upper(), today=today_in_warsaw())
    if rulebook is None:
        raise Http404
    filename, pdf = rulebook_pdf(rulebook)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=3600"
    return response
