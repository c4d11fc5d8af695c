"""The rulebook as a PDF, rendered by WeasyPrint from the data (no database writes, no request, no Celery).

Rendered when asked for and cached: the document is a few pages (tens of milliseconds to render), and the
cache key is a digest of its HTML, so a rulebook edited before any edition uses it never serves a stale
file, while a locked one (an edition uses it) is rendered once per cache lifetime. A worker would only add
a waiting page for something faster than the round trip to it.
"""

import hashlib
import logging

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.lib.pdf import CSS, HTML, LocalOnlyFetcher

from .models import RulebookVersion
from .selectors.editions import rulebook_catalogue

logger = logging.getLogger(__name__)
CACHE_SECONDS = 24 * 3600
STYLE = """
@page { size: A4; margin: 18mm 16mm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; color: #22262e; }
h1 { font-size: 15pt; margin: 0 0 4pt; } h2 { font-size: 11.5pt; margin: 14pt 0 4pt; }
table { width: 100%; border-collapse: collapse; }
th, td { border-bottom: 0.5pt solid #bbb; padding: 3pt; text-align: left; } td.num, th.num { text-align: right; }
dl { margin: 0; } dt { font-weight: bold; float: left; width: 48%; } dd { margin: 0 0 3pt 50%; }
.visually-hidden { display: none; }
"""


def rulebook_pdf_html(rulebook: RulebookVersion) -> str:
    with translation.override("pl"):
        return render_to_string("audits/rules/pdf.html", {
            "rulebook": rulebook, "areas": list(rulebook_catalogue(rulebook)),
        })


def rulebook_pdf(rulebook: RulebookVersion) -> tuple[str, bytes]:
    """(filename, PDF bytes) of the rulebook, from the cache when its content is unchanged."""
    html = rulebook_pdf_html(rulebook)
    key = f"rulebook-pdf:{rulebook.pk}:{hashlib.sha256(html.encode()).hexdigest()}"
    filename = f"regulamin-{rulebook.programme.lower()}-{rulebook.effective_from:%Y-%m-%d}.pdf"
    try:
        cached = cache.get(key)
    except Exception:  # the cache is down: render anyway, the page must not fail with it
        logger.warning("Cache unreachable; rendering the rulebook PDF without it", exc_info=True)
        cached = None
    if cached is not None:
        return filename, cached
    started = timezone.now()
    # The document embeds nothing: a fetcher without a root refuses any URL in it.
    pdf = HTML(string=html, url_fetcher=LocalOnlyFetcher()).write_pdf(stylesheets=[CSS(string=STYLE)])
    logger.info("Rendered the rulebook PDF %s in %s", rulebook.pk, timezone.now() - started)
    try:
        cache.set(key, pdf, CACHE_SECONDS)
    except Exception:
        logger.warning("Cache unreachable; the rulebook PDF was not cached", exc_info=True)
    return filename, pdf
