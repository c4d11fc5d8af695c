"""The security log: one structured line per event (logger "zpb.audit"), e.g.

    event=login_failed username="jan kowalski" ip=203.0.113.7

Values are written key=value; a value with spaces, quotes, "=" or control characters is JSON-quoted, so a
typed user name can never start a line of its own or forge another key. The fields are also attached to the
record as `audit`, for a JSON formatter.
"""

import json
import logging
import re

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from core.lib.http import client_ip

logger = logging.getLogger("zpb.audit")
PLAIN = re.compile(r"^[\w.:/@+-]+$")


def _value(value) -> str:
    text = "-" if value is None or value == "" else str(value)
    return text if PLAIN.match(text) else json.dumps(text, ensure_ascii=False)


def audit(event: str, **fields) -> None:
    line = " ".join([f"event={event}"] + [f"{key}={_value(value)}" for key, value in fields.items()])
    logger.info(line, extra={"audit": {"event": event, **fields}})


def who(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        user = None
    return {"user": user.get_username() if user else None, "user_id": user.pk if user else None,
            "ip": client_ip(request) if request is not None else None}


@receiver(user_logged_in, dispatch_uid="zpb.audit.login")
def _logged_in(sender, request, user, **kwargs):
    audit("login", user=user.get_username(), user_id=user.pk, ip=client_ip(request) if request else None)


@receiver(user_login_failed, dispatch_uid="zpb.audit.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    audit("login_failed", username=credentials.get("username"), ip=client_ip(request) if request else None)


def _locked_out(sender, request, username, ip_address, **kwargs):
    audit("lockout", username=username, ip=ip_address)


def connect() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="zpb.audit.lockout")
