"""The KWP dashboard's statistics over the whole register (editions over time, counties of an edition) kept in
the shared cache under a version that every write they depend on bumps (core/lib/versioned_cache.py).

They are the same for every KWP user and change only when an enrolment, a certificate, an institution or an
edition does; reading them at every visit meant grouping all enrolments and certificates of every edition, a
cost that grows with each year of history. The numbers stay exact: the version is bumped by the saves
themselves (services, admin, data fixes alike), so the next visit rebuilds them. The "what waits" counts are
never cached: they are what staff act on.
"""

from collections.abc import Callable
from typing import TypeVar

from core.lib.versioned_cache import VersionedCache

_stats = VersionedCache("kwp-stats")
T = TypeVar("T")


def cached(name: str, parts: tuple, build: Callable[[], T]) -> T:
    return _stats.cached(name, parts, build)


def _certificate_saved(sender, update_fields=None, **kwargs) -> None:
    from certification.public_cache import PDF_FIELDS

    if update_fields is None or not set(update_fields) <= PDF_FIELDS:  # not a PDF render's own save
        _stats.bump()


def _changed(sender, **kwargs) -> None:
    _stats.bump()


def _certificate_event(sender, instance, created: bool, **kwargs) -> None:
    # A revocation updates the certificate in one UPDATE (no save signal); its event row is always written.
    if created and instance.action == instance.Action.REVOKED:
        _stats.bump()


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from audits.models import Edition, Enrolment
    from certification.models import Certificate, CertificateEvent
    from institutions.models import County, Institution

    post_save.connect(_certificate_saved, sender=Certificate, dispatch_uid="kwp-stats-certificate-saved")
    post_save.connect(_certificate_event, sender=CertificateEvent, dispatch_uid="kwp-stats-certificate-event")
    for model in (Certificate, Enrolment, Institution, Edition, County):
        post_delete.connect(_changed, sender=model, dispatch_uid=f"kwp-stats-{model.__name__}-deleted")
        if model is not Certificate:
            post_save.connect(_changed, sender=model, dispatch_uid=f"kwp-stats-{model.__name__}-saved")
