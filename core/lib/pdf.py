"""What every WeasyPrint renderer of the project shares: a URL fetcher that reads local files under one folder
and nothing else (no network, no other file on the disk).

Renderers import WeasyPrint's classes from here: its per-step INFO log is turned down before WeasyPrint is
imported (a worker rendering hundreds of PDFs would otherwise drown its log).
"""

import logging
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher  # noqa: E402

# Renderers import WeasyPrint from here, so the log level above is set before WeasyPrint is first imported.
__all__ = ["CSS", "HTML", "FontConfiguration", "LocalOnlyFetcher"]


class LocalOnlyFetcher(URLFetcher):
    """Lets WeasyPrint read file:// URLs under `root` only; with no root it refuses every URL (a document
    that embeds nothing). `..` segments and symlinks are resolved first, so they cannot lead outside."""

    def __init__(self, root: Path | None = None) -> None:
        super().__init__(allowed_protocols=("file",))
        self.root = root.resolve() if root is not None else None

    def is_allowed(self, url: str) -> bool:
        if self.root is None:
            return False
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return False
        path = Path(url2pathname(parts.path)).resolve()
        return path.is_relative_to(self.root)

    def fetch(self, url: str, headers=None):
        if not self.is_allowed(url):
            raise ValueError(f"Resource outside {self.root or 'the document'}: {url}")
        return super().fetch(url, headers)
