from django.conf import settings
from django.http import HttpRequest, QueryDict


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind PROXY_COUNT trusted proxies it is the entry of X-Forwarded-For
    that the outermost trusted proxy appended; anything before it may be forged by the client."""
    proxies = settings.PROXY_COUNT
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def query_text(request: HttpRequest, name: str, default: str = "", *, params: QueryDict | None = None) -> str:
    """A text query parameter (from `params` if given, else the query string), stripped. A value the
    database cannot store or compare (a NUL byte: PostgreSQL rejects it in any query) counts as absent,
    as a form's CharField would refuse it."""
    value = (request.GET if params is None else params).get(name, default)
    return default if "\x00" in value else value.strip()
