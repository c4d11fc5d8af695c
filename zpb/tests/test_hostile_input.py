"""Property-based: random and hostile values posted to every form of the app, and sent to every GET filter,
never give a server error, and a refused answer stores nothing.

Nothing here is a hand list. The URLs come from the URL resolver (through the access matrix, which gives each
URL real object ids and tells which role may use it); the fields come from the forms each view uses (found in
the view's code: the form classes it names, or a class-based view's form_class) and from the form the page
shows (formset prefixes, management fields, the options of each select). Each example runs in a savepoint that
is rolled back, so every request starts from the same world.

Runtime is bounded by the "hostile" Hypothesis profile: two explicit examples (a NUL byte, then an out-of-range
number in every field) and 3 drawn ones per URL, about 2 minutes (HYPOTHESIS_PROFILE=hostile-long draws 40).
"""

import inspect
import os
import re
import time
from html.parser import HTMLParser

import pytest
from django import forms
from django.core.cache import cache
from django.db import transaction
from django.forms.formsets import BaseFormSet
from django.urls import get_resolver, reverse
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from zpb.tests.test_access_matrix import CASES
from zpb.tests.test_get_never_writes import writes

# No shrinking: the example that failed is reported as drawn (each draw is labelled with its URL), which keeps
# a failing run as short as a passing one.
settings.register_profile(
    "hostile", max_examples=int(os.getenv("HOSTILE_EXAMPLES", "3")), deadline=None, derandomize=True, database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "hostile-long", max_examples=40, deadline=None, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = os.getenv("HYPOTHESIS_PROFILE", "hostile")

# Roles tried in this order: the first one the access matrix lets through is the one that posts.
ROLE_ORDER = ("kwp", "coordinator_a", "auditor", "anonymous")
ALLOWED = (200, 302)
# Tables a refused request may still touch: the session (messages, form timers) and the login lockout's.
UNTRACKED = ("axes_accessattempt", "axes_accessfailurelog", "axes_accesslog", "axes_accessattemptexpiration")
ERROR_MARKERS = ("is-invalid", "invalid-feedback", "errorlist", "alert-danger")

HOSTILE = [
    "", " ", "\x00", "a\x00b", "x" * 5000, "1" * 40, "-1", "0", "-0", "1e309", "NaN", "Infinity", "3.14159",
    "9" * 20, "-9223372036854775809", "2147483648", "0001-01-01", "9999-12-31", "10000-01-01", "2026-02-30",
    "31.12.2026", "1900-01-01T00:00", "<script>alert(1)</script>", "'; DROP TABLE institutions_institution; --",
    "=HYPERLINK(\"http://x\")", "../../etc/passwd", "%00", "\u202e\u0644\u0627", "👩‍👩‍👧‍👦" * 50, "ＺＰＢ", "١٢٣",
    "true", "on", "off", "None", "null", "[]", "{}", "\r\n\r\n", "\t",
]
# Text the test client can encode (no lone surrogates).
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)


def hostile(extra: list[str] | None = None):
    options = [st.sampled_from(HOSTILE), TEXT, st.integers(min_value=-(2**70), max_value=2**70).map(str)]
    if extra:
        options.insert(0, st.sampled_from(extra))
    return st.one_of(*options)


# --- What a page's forms post ---------------------------------------------------------------------------


class FormFields(HTMLParser):
    """The named fields of the page's POST forms that submit to `path`: {name: (kind, [values seen])}."""

    def __init__(self, path: str):
        super().__init__()
        self.path, self.fields, self.in_form, self.select = path, {}, False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = (attrs.get("action") or "").split("?")[0]
            self.in_form = (attrs.get("method") or "").lower() == "post" and action in ("", self.path)
        elif not self.in_form:
            return
        elif tag in ("input", "textarea", "select") and attrs.get("name"):
            kind = attrs.get("type", "text") if tag == "input" else tag
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            entry = self.fields.setdefault(attrs["name"], (kind, []))
            if attrs.get("value") is not None:
                entry[1].append(attrs["value"])
            self.select = entry if tag == "select" else None
        elif tag == "option" and self.select is not None and attrs.get("value") is not None:
            self.select[1].append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None


def page_fields(client, path: str) -> dict:
    response = client.get(path)
    if response.status_code != 200 or "text/html" not in response.headers.get("Content-Type", ""):
        return {}
    parser = FormFields(path)
    parser.feed(response.content.decode(errors="replace"))
    return parser.fields


# --- Which forms a view uses -----------------------------------------------------------------------------


def view_forms(view) -> list[type]:
    """The form and formset classes a view names in its code (or a class-based view's form_class)."""
    found = []
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        form_class = getattr(view_class, "form_class", None)
        return [form_class] if form_class else []
    func = inspect.unwrap(view)
    code = getattr(func, "__code__", None)
    if code is None:
        return []
    names = set(code.co_names)
    for const in code.co_consts:  # names used in nested functions (lambdas given to services)
        if inspect.iscode(const):
            names |= set(const.co_names)
    for name in names:
        value = func.__globals__.get(name)
        if isinstance(value, type) and issubclass(value, forms.BaseForm | BaseFormSet):
            found.append(value)
    return found


GET_READ = re.compile(r"""request\.GET(?:\.get|\.getlist)?[\(\[]\s*["'](\w+)["']""")


def query_parameters(view) -> dict:
    """Query parameters the view's module reads straight from request.GET (besides its forms' fields)."""
    try:
        source = inspect.getsource(inspect.getmodule(inspect.unwrap(view)))
    except (OSError, TypeError):
        return {}
    return {name: ("text", []) for name in GET_READ.findall(source)}


def form_fields(form_classes: list[type]) -> dict:
    fields = {}
    for form_class in form_classes:
        if isinstance(form_class, dict):  # query parameters read from request.GET
            fields |= form_class
            continue
        if issubclass(form_class, BaseFormSet):
            continue  # a formset's field names carry its prefix: they come from the page
        for name, field in form_class.base_fields.items():
            fields[name] = (type(field).__name__, [str(value) for value, _ in getattr(field, "choices", [])][:50])
    return fields


def views_by_name() -> dict:
    views = {}

    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern, f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix)
            elif pattern.name:
                views[prefix + pattern.name] = pattern.callback

    walk(get_resolver())
    return views


def targets():
    """(URL name, role, method) for every URL: POST where its view uses a form, GET where it takes filters."""
    views = views_by_name()
    for name, case in sorted(CASES.items()):
        view = views.get(name)
        if view is None:
            continue
        role = next((r for r in ROLE_ORDER if case.expect[r] in ALLOWED), None)
        if role is None:
            continue
        form_classes = view_forms(view)
        yield name, role, "post", form_classes
        if case.method == "get":
            yield name, role, "get", form_classes + [query_parameters(view)]


# --- Values --------------------------------------------------------------------------------------------------


def value_strategy(kind: str, seen: list[str]):
    if kind in ("hidden",) and seen:
        return st.one_of(st.sampled_from(seen), hostile())  # keep a formset's management data mostly intact
    if kind in ("select", "radio", "checkbox") or seen:
        return hostile(seen or ["on"])
    if kind in ("number", "IntegerField", "DecimalField", "FloatField"):
        return st.one_of(st.integers(min_value=-(2**80), max_value=2**80).map(str), hostile())
    if kind in ("date", "DateField", "DateTimeField"):
        return st.one_of(st.dates().map(str), hostile())
    return hostile()


@st.composite
def payload(draw, fields: dict) -> dict:
    data = {}
    for name, (kind, seen) in sorted(fields.items()):
        if draw(st.integers(0, 9)) == 0:
            continue  # sometimes a field is missing altogether
        data[name] = draw(value_strategy(kind, seen))
    # And a few fields nobody expects.
    for extra in draw(st.lists(st.sampled_from(["id", "pk", "institution", "user", "status", "q", "page"]),
                               max_size=2, unique=True)):
        data.setdefault(extra, draw(hostile()))
    return data


def is_refusal(response) -> bool:
    if response.status_code >= 400:
        return True
    if response.status_code == 200:
        text = response.content.decode(errors="replace") if not response.streaming else ""
        return any(marker in text for marker in ERROR_MARKERS)
    return False


def changed_tables(before: dict, after: dict) -> dict:
    return {table: after[table] - before.get(table, 0) for table in after
            if after[table] != before.get(table) and table not in UNTRACKED}


# --- The test ----------------------------------------------------------------------------------------------


@pytest.fixture
def plan(client, world):
    """For every target: its role, method, URL and fields; the fields are read once, before any example."""
    items = []
    for name, role, method, form_classes in targets():
        case = CASES[name]
        url = reverse(name, kwargs=case.kwargs(world))
        fields = form_fields(form_classes)
        if method == "post":
            user = world.user(role)
            client.logout()
            if user is not None:
                client.force_login(user)
            fields |= page_fields(client, url) if case.method == "get" else {}
            if not fields:
                continue
        else:
            fields |= {"q": ("text", []), "page": ("number", [])}
        items.append((name, role, method, url, fields))
    return items


def test_hostile_values_never_give_a_500_and_a_refusal_stores_nothing(client, world, plan):
    # One Hypothesis run per URL (its own examples, within the profile's budget), all on the same world.
    for name, role, method, url, fields in plan:
        check_one(client, world, name, role, method, url, fields)


def check_one(client, world, name, role, method, url, fields):
    user = world.user(role)

    # Besides the drawn examples, two explicit ones every time: a NUL byte in every field, and a number out of
    # every range (the two values that reached the database and gave a 500 before).
    @settings(settings.get_profile(PROFILE))
    @given(values=payload(fields))
    @example(values={field: "a\x00b" for field in fields})
    @example(values={field: "9" * 20 for field in fields})
    def check(values):
        cache.clear()  # rate limits would otherwise answer every later example with 429
        with transaction.atomic():
            client.logout()
            if user is not None:
                client.force_login(user)
            before = writes()
            started = time.monotonic()
            response = getattr(client, method)(url, values)  # an exception in the view fails the test here
            if os.getenv("HOSTILE_TIMING") and time.monotonic() - started > 0.5:
                print(f"slow {time.monotonic() - started:.1f}s {method} {url} {sorted(values)}")
            after = writes()
            assert response.status_code < 500, f"{method.upper()} {url} as {role}: {response.status_code}"
            if is_refusal(response):
                changed = changed_tables(before, after)
                where = f"{method.upper()} {url} as {role} refused ({response.status_code})"
                assert not changed, f"{where} but wrote {changed}"
            transaction.set_rollback(True)

    check()


def test_the_forms_are_found_from_the_views_not_from_a_list():
    found = {name: classes for name, _role, method, classes in targets() if method == "post" and classes}
    names = {cls.__name__ for classes in found.values() for cls in classes}
    # A few the app certainly has, found through their views.
    assert {"ApplicationForm", "DiagnosisForm", "InstitutionFilterForm"} <= names, sorted(names)
    assert len(found) >= 30, sorted(found)
