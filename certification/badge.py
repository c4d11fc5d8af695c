"""The certificate badge schools embed on their websites: a small SVG that says what the register says.

Rendered from a template (autoescaped: names with & or < stay text), self-contained: system fonts only, no
scripts, no external references. The view serves it with a CSP that forbids scripts should it be opened directly.
"""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from institutions.models import Institution, Programme

from . import selectors
from .models import Certificate

WIDTH, HEIGHT = 340, 76
# Text colours on white with a contrast ratio above 4.5:1; the frame takes the same colour.
COLOURS = {
    Certificate.Status.VALID: "#146c43",
    Certificate.Status.NOT_YET_VALID: "#7a5a00",
    Certificate.Status.EXPIRED: "#495057",
    Certificate.Status.REVOKED: "#b02a37",
    "none": "#495057",
}


@dataclass(frozen=True)
class Badge:
    status: str  # a Certificate.Status or "none"
    programme: str
    stage: str
    line: str
    holder: str

    @property
    def colour(self) -> str:
        return COLOURS[self.status]

    @property
    def title(self) -> str:
        return f"{self.programme}: {self.stage}, {self.line} ({self.holder})"


def badge_for(institution: Institution) -> Badge:
    certificate = selectors.badge_certificate(institution)
    holder = institution.short_name or institution.name
    if certificate is None:
        return Badge("none", str(Programme(institution.programme).label), "Zintegrowana Polityka Bezpieczeństwa",
                     _("no valid certificate"), holder)
    status = certificate.status_on(timezone.localdate())
    day = date_format(certificate.valid_until, "d.m.Y")
    line: str = {
        Certificate.Status.VALID: _("valid until %(day)s") % {"day": day},
        Certificate.Status.NOT_YET_VALID: _("valid from %(day)s")
        % {"day": date_format(certificate.valid_from, "d.m.Y")},
        Certificate.Status.EXPIRED: _("expired on %(day)s") % {"day": day},
        Certificate.Status.REVOKED: _("revoked on %(day)s")
        % {"day": date_format(timezone.localtime(certificate.revoked_at), "d.m.Y") if certificate.revoked_at else ""},
    }[Certificate.Status(status)]
    return Badge(status, certificate.get_programme_display(), certificate.get_kind_display(), line,
                 certificate.holder_name)


def render_svg(badge: Badge) -> str:
    return render_to_string("certification/public/badge.svg", {"badge": badge, "width": WIDTH, "height": HEIGHT})


def embed_snippet(institution: Institution) -> str:
    """The HTML a school pastes into its website: the badge, linked to the verification of its certificate."""
    image = settings.SITE_URL + reverse("certification:badge", args=[institution.public_id])
    link = settings.SITE_URL + reverse("certification:badge-link", args=[institution.public_id])
    return render_to_string("certification/public/_badge_snippet.txt", {
        "image": image, "link": link, "width": WIDTH, "height": HEIGHT,
        "alt": _("Status of our certificate in the Integrated Security Policy programme (check it on the "
                 "Police website)"),
    }).strip()
