"""`/healthz` for a load balancer: can this host serve? Database, cache, broker and media storage, each bounded.

Every check has a short timeout of its own (the database's connect timeout, the cache's socket timeouts,
a 1-second Redis ping, S3_TIMEOUT_SECONDS), so a part that hangs makes the answer a fast 503, not a hung probe.
The answer names the parts and says ok/error only: no addresses, URLs or exception messages (they may carry
credentials); the exception goes to the log.
"""

import contextlib
import logging
import uuid
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection

logger = logging.getLogger(__name__)
BROKER_TIMEOUT_SECONDS = 1.0


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache() -> None:
    probe = uuid.uuid4().hex
    cache.set("healthz", probe, timeout=30)
    if cache.get("healthz") != probe:
        raise RuntimeError("the cache did not return what was stored")


def check_broker() -> None:
    url = settings.CELERY_BROKER_URL
    scheme = urlsplit(url).scheme
    if scheme == "memory":  # the embedded mode: tasks run inline, there is no broker to reach
        return
    if scheme in ("redis", "rediss"):
        import redis

        client = redis.Redis.from_url(
            url, socket_connect_timeout=BROKER_TIMEOUT_SECONDS, socket_timeout=BROKER_TIMEOUT_SECONDS,
            retry_on_timeout=False,
        )
        try:
            client.ping()
        finally:
            client.close()
        return
    from kombu import Connection

    with Connection(url, connect_timeout=BROKER_TIMEOUT_SECONDS) as broker:
        broker.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)


def check_storage() -> None:
    """Object storage: one listing of at most one key under the prefix (the bucket exists, the key may list it).
    A local folder: its listing; one not created yet holds nothing yet."""
    bucket = getattr(default_storage, "bucket_name", None)  # storages.backends.s3.S3Storage
    if bucket:
        client = default_storage.connection.meta.client  # type: ignore[attr-defined]
        client.list_objects_v2(Bucket=bucket, Prefix=default_storage.location, MaxKeys=1)  # type: ignore[attr-defined]
        return
    with contextlib.suppress(FileNotFoundError):
        default_storage.listdir("")


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "storage": check_storage,
}


def health() -> dict[str, str]:
    """Each part's state: "ok" or "error"."""
    states = {}
    for name, check in CHECKS.items():
        try:
            check()
            states[name] = "ok"
        except Exception:
            logger.warning("Health check failed: %s", name, exc_info=True)
            states[name] = "error"
    return states
