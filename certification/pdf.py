"""The certificate as a PDF: WeasyPrint renders an HTML template with the project's own font, and the file is
signed with KWP's key when one is configured (core.lib.signing, docs/signing.md).

No database writes, no request and no Celery here: a certificate goes in, the file comes out.
Everything printed is read from fields frozen on the certificate when it was issued, so a
re-render is identical. Fonts and styles are read from static/certification/ through file://
URLs only; the renderer fetches nothing from the network.
"""

import re
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from audits.models import Stage
from core.lib.pdf import CSS, HTML, FontConfiguration, LocalOnlyFetcher
from core.lib.signing import sign_pdf
from institutions.models import Programme

from .models import Certificate, Proposal

ASSETS = Path(settings.BASE_DIR) / "static" / "certification"

PROGRAMME_TITLES: dict[str, Promise] = {
    Programme.SPB: pgettext_lazy("certificate title", "Safety Promoting School"),
    Programme.UWPB: pgettext_lazy("certificate title", "Safety Promoting University"),
}


def _stem_matches(word: str, candidate: str) -> bool:
    """Polish declension changes a town's ending (Bochnia → w Bochni, Kraków → w Krakowie)."""
    word, candidate = word.casefold(), candidate.casefold()
    common = 0
    for a, b in zip(word, candidate, strict=False):
        if a != b:
            break
        common += 1
    return common >= max(3, len(word) - 3) and common >= max(3, len(candidate) - 4)


def town_in_name(name: str, town: str) -> bool:
    """True when the name already says where the institution is (“… w Bochni” for Bochnia): the town
    line would only repeat it. Only the words after “w”/“we” count, each word of the town in turn."""
    words = re.findall(r"[\w-]+", name)
    town_words = re.findall(r"[\w-]+", town)
    if not town_words:
        return True
    for i, word in enumerate(words):
        if word.casefold() in ("w", "we"):
            after = words[i + 1:i + 1 + len(town_words)]
            if len(after) == len(town_words) and all(map(_stem_matches, town_words, after)):
                return True
    return False


def decision_reference(reference: str) -> str:
    """“Decyzja nr 12/2026” when the reference already starts with the word, else the word is added."""
    reference = reference.strip()
    if re.match(r"(decyzja|decision)\b", reference, re.IGNORECASE):
        return reference
    return _("Decision %(reference)s") % {"reference": reference}


class CertificateRenderer:
    """Renders one certificate. Subclasses may change the template, the stylesheet or the texts."""

    template_name = "certification/pdf/certificate.html"
    stylesheet = ASSETS / "pdf" / "certificate.css"
    page_size = "A4 landscape"
    language = "pl"
    qr_error_level = "m"

    def render(self, certificate: Certificate) -> tuple[str, str, bytes]:
        """(filename, mimetype, bytes) of the certificate's PDF."""
        with translation.override(self.language):
            html = render_to_string(self.template_name, self.get_context(certificate))
        fonts, fetcher, stylesheets = self._assets()
        document = HTML(string=html, base_url=ASSETS.as_uri() + "/", url_fetcher=fetcher)
        pdf = sign_pdf(document.write_pdf(stylesheets=stylesheets, font_config=fonts))
        return self.get_filename(certificate), "application/pdf", pdf

    _cache = threading.local()

    def _assets(self) -> tuple[FontConfiguration, LocalOnlyFetcher, list[CSS]]:
        """Fonts and stylesheets, parsed once per thread: it halves the time of a render."""
        key = (type(self), str(self.stylesheet), self.page_size)
        cached = getattr(self._cache, "assets", {})
        if key not in cached:
            fonts, fetcher = FontConfiguration(), LocalOnlyFetcher(ASSETS)
            stylesheets = [
                CSS(filename=str(self.stylesheet), font_config=fonts, url_fetcher=fetcher),
                CSS(string=f"@page {{ size: {self.page_size}; margin: 0 }}", font_config=fonts),
            ]
            cached[key] = (fonts, fetcher, stylesheets)
            self._cache.assets = cached
        return cached[key]

    def get_filename(self, certificate: Certificate) -> str:
        return certificate.pdf_filename

    def get_context(self, certificate: Certificate) -> dict[str, Any]:
        url = certificate.get_verification_url()
        return {
            "certificate": certificate,
            **self.get_texts(certificate),
            "verification_url": url,
            "qr_svg": self.qr_svg(url),
            "grantor": _("Małopolska Regional Police Commander"),
            "decision": certificate.decision,
            "show_town": not town_in_name(certificate.holder_name, certificate.holder_town),
            "reference": decision_reference(certificate.decision.reference),
        }

    def get_texts(self, certificate: Certificate) -> dict[str, Any]:
        programme = PROGRAMME_TITLES[certificate.programme]
        if certificate.kind == Stage.LIDER:
            return {
                "heading": pgettext_lazy("certificate heading", "Title"),
                "title_prefix": _("Project Leader"),
                "programme_title": programme,
                "awarded": pgettext_lazy("certificate label", "The title is awarded to:"),
                "period": _("in the school year %(year)s") % {"year": certificate.school_year},
            }
        subtitle: str | Promise
        if certificate.kind == Stage.EXTENSION:
            awarded = pgettext_lazy("certificate label", "The extension of the certificate is granted to:")
            subtitle = _("extension of the certificate")
        else:
            awarded, subtitle = pgettext_lazy("certificate label", "The certificate is awarded to:"), ""
        return {
            "heading": pgettext_lazy("certificate heading", "Certificate"),
            "subtitle": subtitle,
            "programme_title": programme,
            "awarded": awarded,
            "period": _("for meeting the criteria of the programme in the %(edition)s edition")
            % {"edition": certificate.edition_name},
        }

    def qr_svg(self, url: str) -> str:
        # omitsize: a viewBox instead of pixel sizes, so CSS sets the printed size.
        svg = segno.make(url, error=self.qr_error_level).svg_inline(border=0, omitsize=True, dark="#1b2b4b")
        return mark_safe(svg)  # noqa: S308 - segno's own markup; the URL inside is encoded as modules


class CertificatesPrintRenderer(CertificateRenderer):
    """Many certificates in one PDF, one page each, in the order given (the ceremony's print file)."""

    def render_many(self, certificates: Iterable[Certificate]) -> bytes:
        fonts, fetcher, stylesheets = self._assets()
        pages = []
        document = None
        for certificate in certificates:
            with translation.override(self.language):
                html = render_to_string(self.template_name, self.get_context(certificate))
            document = HTML(string=html, base_url=ASSETS.as_uri() + "/", url_fetcher=fetcher).render(
                stylesheets=stylesheets, font_config=fonts
            )
            pages.extend(document.pages)
        if document is None:
            raise ValueError("No certificate to print")
        return document.copy(pages).write_pdf()


class ProposalListRenderer:
    """The list for the Komendant (wykaz): the closed proposal's institutions and outcomes, with room to sign."""

    template_name = "certification/pdf/proposal_list.html"
    stylesheet = ASSETS / "pdf" / "list.css"
    language = "pl"

    def render(self, proposal: Proposal) -> tuple[str, str, bytes]:
        from .commission import proposal_list_rows

        context = {
            "proposal": proposal, "commission": proposal.commission, "edition": proposal.commission.edition,
            "rows": list(proposal_list_rows(proposal)),
            "members": list(proposal.commission.members.select_related("user")),
            "grantor": _("Małopolska Regional Police Commander"),
        }
        with translation.override(self.language):
            html = render_to_string(self.template_name, context)
        fonts, fetcher = FontConfiguration(), LocalOnlyFetcher(ASSETS)
        css = CSS(filename=str(self.stylesheet), font_config=fonts, url_fetcher=fetcher)
        document = HTML(string=html, base_url=ASSETS.as_uri() + "/", url_fetcher=fetcher)
        return proposal.list_filename, "application/pdf", document.write_pdf(stylesheets=[css], font_config=fonts)
