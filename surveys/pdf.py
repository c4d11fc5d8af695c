"""The surveys' printouts: the letter/poster (link + QR code), the paper questionnaire and the results.

No database writes and no request: a round (or an enrolment) goes in, (filename, mimetype, bytes) come out. The
stylesheet is read from static/surveys/ only; the renderer fetches nothing else.
"""

from pathlib import Path

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from audits.models import Enrolment
from core.lib.pdf import CSS, HTML, LocalOnlyFetcher

from . import results
from .models import Round
from .selectors import questions_of

ASSETS = Path(settings.BASE_DIR) / "static" / "surveys"


def qr_svg(url: str) -> str:
    svg = segno.make(url, error="m").svg_inline(border=0, omitsize=True, dark="#1b2b4b")
    return mark_safe(svg)  # noqa: S308 - segno's own markup; the URL inside is encoded as modules


def _render(template: str, context: dict) -> bytes:
    with translation.override("pl"):
        html = render_to_string(template, context)
    fetcher = LocalOnlyFetcher(ASSETS)
    css = CSS(filename=str(ASSETS / "print.css"), url_fetcher=fetcher)
    return HTML(string=html, base_url=ASSETS.as_uri() + "/", url_fetcher=fetcher).write_pdf(stylesheets=[css])


def _context(round: Round) -> dict:
    url = round.get_public_url()
    return {"round": round, "institution": round.enrolment.institution, "url": url, "qr": qr_svg(url)}


def letter_pdf(round: Round) -> tuple[str, str, bytes]:
    return f"ankieta-{round.pk}-list.pdf", "application/pdf", _render("surveys/pdf/letter.html", _context(round))


def questionnaire_pdf(round: Round) -> tuple[str, str, bytes]:
    context = {**_context(round), "questions": list(questions_of(round.questionnaire))}
    return f"ankieta-{round.pk}-papier.pdf", "application/pdf", _render("surveys/pdf/questionnaire.html", context)


def results_pdf(enrolment: Enrolment) -> tuple[str, str, bytes | None]:
    """The school's results as on the results page (groups above the minimum), without written answers;
    no content when no group is shown yet."""
    data = [r for r in results.enrolment_results(enrolment=enrolment) if r.school.shown]
    filename = f"ankiety-wyniki-{enrolment.edition.start_year}.pdf"
    if not data:
        return filename, "application/pdf", None
    context = {"enrolment": enrolment, "institution": enrolment.institution, "results": data,
               "minimum": results.minimum(), "day": timezone.localdate()}
    return filename, "application/pdf", _render("surveys/pdf/results.html", context)
