"""The audit protocol as a PDF: WeasyPrint renders an HTML template from the protocol's snapshot; the file is
signed with KWP's key when one is configured (core.lib.signing, docs/signing.md).

No database writes and no Celery here. Everything printed comes from the JSON frozen at signing, so a
re-render prints the same document. Fonts (the certificate's, shipped in static/certification/fonts) and the
stylesheet are read through file:// URLs under static/ only; nothing is fetched from the network.
"""

import datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.lib.pdf import CSS, HTML, FontConfiguration, LocalOnlyFetcher
from core.lib.signing import sign_pdf

from .models import AuditProtocol

STATIC = Path(settings.BASE_DIR) / "static"


class ProtocolRenderer:
    template_name = "audits/pdf/protocol.html"
    stylesheet = STATIC / "audits" / "pdf" / "protocol.css"
    language = "pl"

    def render(self, protocol: AuditProtocol) -> bytes:
        with translation.override(self.language):
            html = render_to_string(self.template_name, self.get_context(protocol))
        fonts = FontConfiguration()
        fetcher = LocalOnlyFetcher(STATIC)
        css = CSS(filename=str(self.stylesheet), font_config=fonts, url_fetcher=fetcher)
        document = HTML(string=html, base_url=self.stylesheet.parent.as_uri() + "/", url_fetcher=fetcher)
        return sign_pdf(document.write_pdf(stylesheets=[css], font_config=fonts))

    def get_context(self, protocol: AuditProtocol) -> dict:
        data = protocol.snapshot
        return {
            "protocol": protocol,
            "data": data,
            "date": datetime.date.fromisoformat(data["date"]),
            "signed_at": timezone.localtime(datetime.datetime.fromisoformat(data["signed_at"])),
            "percent": Decimal(data["percent"]),
        }
