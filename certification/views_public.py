"""Public, no login: the certificate badge schools embed, and the register as open data (CSV, JSON, dictionary).

What every visitor gets the same is kept in the public page cache (public_cache.py), whose version changes on
every issue, revocation or change of a certificate, so a revoked certificate's badge says so at the next request.
"""

import hashlib
import re

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.lib.throttle import too_many, too_many_response
from institutions.models import PUBLIC_ID_ALPHABET, PUBLIC_ID_LENGTH, Institution

from . import badge as badges
from . import open_data, public_cache, selectors

PUBLIC_ID = re.compile(f"[{PUBLIC_ID_ALPHABET}]{{{PUBLIC_ID_LENGTH}}}")
# Browsers and proxies may keep a badge this long; the server's copy follows a revocation at once.
BADGE_MAX_AGE = 5 * 60
OPEN_DATA_MAX_AGE = 10 * 60
# An SVG opened on its own runs in our origin: it may load nothing and run nothing.
SVG_CSP = "default-src 'none'; sandbox"


def _institution(public_id: str) -> Institution:
    if not PUBLIC_ID.fullmatch(public_id):
        raise Http404
    return get_object_or_404(Institution.objects.select_related("county"), public_id=public_id)


def _etag(content: bytes | str) -> str:
    data = content.encode() if isinstance(content, str) else content
    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'


def _public(request: HttpRequest, response: HttpResponseBase, *, etag: str, max_age: int) -> HttpResponseBase:
    """Cacheable by anyone for `max_age`, revalidated by its ETag (304 when unchanged). The language comes from
    the cookie (zpb.middleware), hence Vary: Cookie."""
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=max_age)
    patch_vary_headers(response, ["Cookie"])
    # Django's own helper, typed for HttpResponse: a streamed CSV is answered the same way.
    return get_conditional_response(request, etag=etag, response=response) or response  # type: ignore[arg-type]


@require_safe
def badge(request: HttpRequest, public_id: str) -> HttpResponseBase:
    institution = _institution(public_id)
    svg = public_cache.cached("badge", (public_id,), lambda: badges.render_svg(badges.badge_for(institution)))
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Security-Policy"] = SVG_CSP
    response["Cross-Origin-Resource-Policy"] = "cross-origin"  # embedded on schools' own websites
    return _public(request, response, etag=_etag(svg), max_age=BADGE_MAX_AGE)


@require_safe
def badge_link(request: HttpRequest, public_id: str) -> HttpResponse:
    """Where the embedded badge links: the verification of the certificate it shows (the school's snippet stays
    the same when a new certificate is issued), or the register when there is none."""
    certificate = selectors.badge_certificate(_institution(public_id))
    if certificate is None:
        return redirect("certification:register")
    return redirect("certification:verify-code", certificate.verification_code)


def open_data_page(request: HttpRequest) -> HttpResponse:
    """The data dictionary, the licence and the download links."""
    context = {"fields": open_data.FIELDS, "licence": open_data.LICENCE, "licence_url": open_data.LICENCE_URL,
               "attribution": open_data.ATTRIBUTION, "publisher": open_data.PUBLISHER,
               "delimiter": open_data.CSV_DELIMITER}
    return render(request, "certification/public/open_data.html", context)


def _throttled(request: HttpRequest) -> HttpResponse | None:
    if too_many(request, "open-data", settings.OPEN_DATA_DOWNLOADS_PER_MINUTE):
        return too_many_response(
            request, _("The register was downloaded too many times from your address in a short time. Wait a minute "
                       "and try again."),
            title=_("Too many downloads"), back=(reverse("certification:open-data"), _("Back to open data")))
    return None


@require_safe
def open_data_csv(request: HttpRequest) -> HttpResponseBase:
    """Streamed as the rows are read; the ETag is the public cache's version (it changes with every certificate
    issued, revoked or changed, and every day), so an unchanged register answers 304 without a query."""
    if refused := _throttled(request):
        return refused
    day = timezone.localdate().isoformat()
    response = StreamingHttpResponse(open_data.csv_lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rejestr-zpb-{day}.csv"'
    version = public_cache.version_tag()
    if version is None:  # no shared cache: nothing to revalidate against
        patch_cache_control(response, public=True, max_age=OPEN_DATA_MAX_AGE)
        return response
    return _public(request, response, etag=_etag(f"csv:{version}"), max_age=OPEN_DATA_MAX_AGE)


@require_safe
def open_data_json(request: HttpRequest) -> HttpResponseBase:
    if refused := _throttled(request):
        return refused
    body = public_cache.cached("open-data-json", (), open_data.json_bytes)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    return _public(request, response, etag=_etag(body), max_age=OPEN_DATA_MAX_AGE)
