"""The public pages everyone sees the same (the register, a verification by code) kept in the shared cache.

Versioned (core/lib/versioned_cache.py): whatever can change what those pages show (a certificate issued or
revoked, any saved change to a certificate, an institution activated, deactivated or moved to another county)
bumps the version, so the next visitor sees the change at once. Only where every process shares the cache
(PUBLIC_PAGE_CACHE, see settings); when the cache cannot be reached the page is built as if nothing were cached.
"""

from core.lib.versioned_cache import VersionedCache

_pages = VersionedCache("public-pages")
bump = _pages.bump
cached = _pages.cached
version_tag = _pages.version_tag


# Saved changes that reach the public pages without going through the services (the admin, data fixes).
# Saves of the PDF's own fields alone (every render) change nothing public.
PDF_FIELDS = frozenset({
    "pdf", "pdf_status", "pdf_error", "pdf_rendered_at", "pdf_requested_at", "pdf_queued_at", "pdf_sha256",
})


def _certificate_saved(sender, update_fields=None, **kwargs) -> None:
    if update_fields is None or not set(update_fields) <= PDF_FIELDS:
        bump()


def _changed(sender, **kwargs) -> None:
    bump()


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from institutions.models import Institution

    from .models import Certificate

    post_save.connect(_certificate_saved, sender=Certificate, dispatch_uid="public-cache-certificate-saved")
    post_delete.connect(_changed, sender=Certificate, dispatch_uid="public-cache-certificate-deleted")
    # The register shows only active institutions, with their county.
    post_save.connect(_changed, sender=Institution, dispatch_uid="public-cache-institution-saved")
