"""The audit protocol as a PDF: WeasyPrint renders an HTML template from the protocol's snapshot.

No database writes and no Celery here. Everything printed comes from the JSON frozen at signing, so a
re-render prints the same document. Fonts (the certificate's, shipped in static/certification/fonts) and the
stylesheet are read through file:// URLs under static/ only; nothing is fetched from the network.
"""

import datetime
import logging
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import AuditProtocol

# WeasyPrint logs every step at INFO; set before importing it.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher  # noqa: E402

STATIC = Path(settings.BASE_DIR) / "static"


class StaticAssetsFetcher(URLFetcher):
    """Lets WeasyPrint read files under static/ only."""

    def __init__(self, root: Path) -> None:
        super().__init__(allowed_protocols=("file",))
        self.root_uri = root.resolve().as_uri() + "/"

    def fetch(self, url: str, headers=None):
        if not url.startswith(self.root_uri):
            raise ValueError(f"Resource outside the static assets: {url}")
        return super().fetch(url, headers)


class ProtocolRenderer:
    template_name = "audits/pdf/protocol.html"
    stylesheet = STATIC / "audits" / "pdf" / "protocol.css"
    language = "pl"

    def render(self, protocol: AuditProtocol) -> bytes:
        with translation.override(self.language):
            html = render_to_string(self.template_name, self.get_context(protocol))
        fonts = FontConfiguration()
        fetcher = StaticAssetsFetcher(STATIC)
        css = CSS(filename=str(self.stylesheet), font_config=fonts, url_fetcher=fetcher)
        document = HTML(string=html, base_url=self.stylesheet.parent.as_uri() + "/", url_fetcher=fetcher)
        return document.write_pdf(stylesheets=[css], font_config=fonts)

    def get_context(self, protocol: AuditProtocol) -> dict:
        data = protocol.snapshot
        return {
            "protocol": protocol,
            "data": data,
            "date": datetime.date.fromisoformat(data["date"]),
            "signed_at": timezone.localtime(datetime.datetime.fromisoformat(data["signed_at"])),
            "percent": Decimal(data["percent"]),
        }
