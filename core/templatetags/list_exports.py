"""`{% list_exports "institutions" %}`: download buttons for a list, offered by the apps that export it.

Lists live in lower apps and must not name the reporting app's URLs; they ask through a signal.
"""

from django import template

from ..lib.sections import collect
from ..signals import list_exports as list_exports_signal

register = template.Library()


@register.inclusion_tag("zpb/_list_exports.html", takes_context=True)
def list_exports(context, name: str, **kwargs) -> dict:
    # The links are POST forms (ordering an export creates a job): they need the page's CSRF token.
    links = collect(list_exports_signal, request=context["request"], name=name, **kwargs)
    return {"links": links, "csrf_token": context.get("csrf_token")}
