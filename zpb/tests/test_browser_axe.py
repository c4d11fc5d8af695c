"""axe-core on every page the app serves, for every role, at 1280 and 320 px, and on each form's error state.

The pages come from the access matrix (every app's `tests/access.py`): each URL name × role that answers
200 to a GET, with the matrix world's real object ids. The world is seeded once for the module and every
role keeps one signed-in browser context, so the whole pass stays within the CI budget. A serious or
critical violation fails the page's own test, which prints the rule, the selector and the HTML snippet.

axe-core is vendored in zpb/tests/assets/axe-core (never served, never fetched at test time). A run in
which every page passed records its date for the accessibility statement (`zpb.a11y.record_check`).
"""

import json
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.test import Client
from django.urls import reverse

from zpb.tests.matrix import ROLES
from zpb.tests.test_access_matrix import CASES

AXE = Path(__file__).parent / "assets" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = (1280, 320)
FAILING_IMPACTS = {"serious", "critical"}

# GET answers that are files, not pages.
DOWNLOADS = {
    "certification:certificate-pdf", "certification:batch-zip", "audits:self-assessment-evidence-download",
    "reports:export-job-download", "admin:index",
    "certification:proposal-list-pdf", "certification:ceremony-file-download",
    "audits:rules-public-pdf", "audits:confirmation-file", "audits:audit-protocol-pdf",
    "surveys:round-letter", "surveys:round-paper",
    # The API's answers are JSON (and its schema YAML); its documentation page (api:docs) is a page.
    "api:schema", "api:register", "api:register-lider", "api:verify", "api:county-list", "api:police-unit-list",
    "api:institution-list", "api:institution-detail", "api:edition-list", "api:edition-detail",
    "api:enrolment-list", "api:enrolment-detail", "api:audit-list", "api:audit-detail", "api:certificate-list",
    "api:certificate-detail",
    "certification:open-data-csv", "certification:open-data-json", "certification:badge",
}
# Forms whose empty submission is not an error but an action (language switch, log out, filters).
NOT_ERROR_FORMS = "form[action*='/i18n/'], form[action*='/logout/'], form[method=get], form[data-confirm]"

PAGES = [
    (role, name) for name, case in sorted(CASES.items()) for role in ROLES
    if case.method == "get" and case.expect[role] == 200 and name not in DOWNLOADS
]
FORM_PAGES = sorted({name for _, name in PAGES})

# The world is seeded once, committed, in the `site` fixture; the mark only gets the test database set up.
pytestmark = pytest.mark.django_db

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200), impact: n.impact,
                         why: (n.any[0] || n.all[0] || {}).message || ''})),
  }));
}"""

# Empties a form's fields and submits it without the browser's own validation, so the server answers.
SUBMIT_EMPTY = """(selector) => {
  const form = [...document.querySelectorAll('main form[method=post], main form[method=POST]')]
    .find(f => !f.matches(selector) && f.querySelector('input:not([type=hidden]), select, textarea'));
  if (!form) return false;
  form.noValidate = true;
  form.querySelectorAll('input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file]), textarea')
    .forEach(el => { el.value = ''; });
  form.querySelectorAll('select').forEach(el => { if (!el.multiple) el.selectedIndex = 0; });
  const button = form.querySelector('button[type=submit], button:not([type]), input[type=submit]');
  form.requestSubmit(button || undefined);
  return true;
}"""


# WCAG 1.4.10 (reflow): at 320 px nothing but a scrollable region may be wider than the viewport.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return '';
  const wide = [...document.body.querySelectorAll('*')].filter(el => el.getBoundingClientRect().right > width + 1
    && !el.closest('.table-responsive') && ![...el.children].some(c => c.getBoundingClientRect().right > width + 1));
  return wide.slice(0, 5).map(el => el.outerHTML.slice(0, 120)).join(' | ');
}"""


class Site:
    """The seeded world, the live server and one signed-in browser context per role."""

    def __init__(self, url, world, contexts):
        self.url, self.world, self.contexts = url, world, contexts
        self.urls = {name: reverse(name, kwargs=case.kwargs(world)) for name, case in CASES.items()
                     if name != "admin:index"}
        self.form_roles: dict[str, str] = {}
        self.failures = 0

    def open(self, role, name):
        page = self.contexts[role].pages[0]
        response = page.goto(self.url + self.urls[name])
        assert response.status == 200, f"GET {self.urls[name]} as {role}: {response.status}"
        if not response.text().lstrip().lower().startswith("<!doctype"):
            pytest.skip("an htmx fragment: checked inside the page that loads it")
        return page


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, browser, browser_context_args):
    from pytest_django.live_server_helper import LiveServer

    from institutions.reference import ensure_loaded
    from zpb.tests.world import build_world

    # pytest-django's live_server would flush the database after every test; the module seeds once.
    server = LiveServer("localhost:0")
    server._live_server_modified_settings.enable()
    contexts = {}
    with django_db_blocker.unblock():
        # What the migrations loaded (reference data, default rulebooks), restored after the module's flush so
        # the tests that run after it find the database as they expect.
        before = connection.creation.serialize_db_to_string()
        ensure_loaded()
        world = build_world()
        for role in ROLES:
            context = browser.new_context(**browser_context_args)
            # An init script runs before the page's own and outside its CSP (a script tag would be refused).
            context.add_init_script(path=str(AXE))
            context.set_default_timeout(10_000)
            user = world.user(role)
            if user is not None:
                client = Client()
                client.force_login(user)
                cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
                context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": server.url}])
            context.new_page()
            contexts[role] = context
        site = Site(server.url, world, contexts)
        yield site
        for context in contexts.values():
            context.close()
        server.stop()
        server._live_server_modified_settings.disable()
        call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(before)
        with connection.cursor() as cursor:  # the restored rows keep their ids: sequences continue after them
            for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
                cursor.execute(sql)
    if site.failures == 0 and site.form_roles:
        from zpb.a11y import record_check

        record_check(pages=len(PAGES), forms=len(site.form_roles))


def violations(page) -> list[str]:
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        # Let the page's own resize handling (scrollable tables become focusable, app.js) run first.
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        for v in page.evaluate(RUN_AXE, TAGS):
            if v["impact"] not in FAILING_IMPACTS:
                continue
            for node in v["nodes"]:
                found.append(f"[{width}px] {v['id']} ({v['impact']}): {v['help']}\n    {node['target']}\n"
                             f"    {node['html']}\n    {node['why']}")
        if width == 320:
            overflow = page.evaluate(OVERFLOW)
            if overflow:
                found.append(f"[320px] reflow: the page scrolls sideways; too wide: {overflow}")
    return found


def check(site, page, what):
    found = violations(page)
    if found:
        site.failures += 1
        pytest.fail(f"{what}: {len(found)} serious/critical\n" + "\n".join(found), pytrace=False)


@pytest.mark.browser
@pytest.mark.parametrize(("role", "name"), PAGES, ids=[f"{name}-{role}" for role, name in PAGES])
def test_page_has_no_serious_violations(site, role, name):
    page = site.open(role, name)
    has_form = page.evaluate(
        "(s) => [...document.querySelectorAll('main form[method=post], main form[method=POST]')]"
        ".some(f => !f.matches(s) && f.querySelector('input:not([type=hidden]), select, textarea'))",
        NOT_ERROR_FORMS,
    )
    if has_form:
        site.form_roles.setdefault(name, role)
    check(site, page, f"{site.urls[name]} as {role}")


@pytest.mark.browser
@pytest.mark.parametrize("name", FORM_PAGES)
def test_form_error_state_has_no_serious_violations(site, name):
    role = site.form_roles.get(name)
    if role is None:
        pytest.skip("no form to submit on this page")
    page = site.open(role, name)
    with page.expect_navigation():
        assert page.evaluate(SUBMIT_EMPTY, NOT_ERROR_FORMS)
    check(site, page, f"{site.urls[name]} as {role}, submitted empty")


def test_axe_is_vendored_with_its_licence():
    assert AXE.stat().st_size > 100_000
    assert "Mozilla Public License" in (AXE.parent / "LICENSE").read_text()
    assert json.dumps(TAGS)
