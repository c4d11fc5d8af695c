"""Shared fixtures: personas, the test world, Polish locale, and Playwright on Debian's Chromium.

Tests run on PostgreSQL (`make test` sets DATABASE_URL); the suite refuses SQLite so that a
green run always means the real database.
"""

import os

import pytest
from django.conf import settings
from django.utils import translation

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


def pytest_configure(config):
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        raise pytest.UsageError("Tests run on PostgreSQL: use `make test` (it sets DATABASE_URL).")


def pytest_collection_modifyitems(config, items):
    # A test that drives the browser is a browser test, marked or not: `-m "not browser"` must never start one.
    for item in items:
        if "page" in getattr(item, "fixturenames", ()) and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True, scope="session")
def _private_media(tmp_path_factory):
    """Uploaded evidence and PDFs of the test run go to a temporary folder, not var/media."""
    from django.conf import settings

    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _polish(settings):
    settings.LANGUAGE_CODE = "pl"
    settings.AXES_ENABLED = False  # force_login and client.login without the request axes wants
    with translation.override("pl"):
        yield


@pytest.fixture(autouse=True)
def _broker_backoff_forgotten():
    """A test that took the broker or the cache down leaves no 'skip it for a while' state to the next one
    (core/lib/dispatch.py, core/lib/versioned_cache.py)."""
    from core.lib import dispatch, versioned_cache

    dispatch.reset()
    versioned_cache.reset()
    yield
    dispatch.reset()
    versioned_cache.reset()


@pytest.fixture
def reference_data(db):
    from institutions.reference import ensure_loaded

    ensure_loaded()


@pytest.fixture
def world(reference_data):
    """Two institutions with their coordinators, an auditor and KWP staff (see zpb/tests/world.py)."""
    from zpb.tests.world import build_world

    return build_world()


@pytest.fixture
def kwp(world):
    return world.kwp


@pytest.fixture
def kwp_client(client, kwp):
    """The test client logged in as KWP staff."""
    client.force_login(kwp)
    return client


@pytest.fixture
def coordinator(world):
    return world.coordinator_a


@pytest.fixture
def stranger(world):
    return world.coordinator_b


@pytest.fixture
def auditor(world):
    return world.auditor


# --- Browser tests -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.getenv("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "pl-PL", "timezone_id": "Europe/Warsaw"}


# Every page reports what the Content-Security-Policy blocked to the console, where the fixture below
# collects it across navigations (Chromium also logs its own "Refused to ..." lines there).
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${where}`);
});
"""


def is_csp_violation(text: str) -> bool:
    return text.startswith("CSP violation:") or ("Refused to" in text and "Content Security Policy" in text)


@pytest.fixture
def page(page):
    # Fail fast: a missing element is a failure, not a reason to wait Playwright's default 30 s.
    page.set_default_timeout(10_000)
    violations: list[str] = []
    page.add_init_script(CSP_REPORTER)
    page.on("console", lambda message: violations.append(f"{page.url}: {message.text}")
            if is_csp_violation(message.text) else None)
    yield page
    assert not violations, "the Content-Security-Policy blocked something:\n" + "\n".join(violations)


@pytest.fixture
def browser_world(transactional_db, live_server):
    """The world for a browser test: committed rows, since the live server reads them from another thread."""
    from institutions.reference import ensure_loaded
    from zpb.tests.world import build_world

    ensure_loaded()
    return build_world()


@pytest.fixture
def login(page, live_server):
    """Log in through the real form, as a person would."""

    def _login(user, password=None):
        from zpb.tests.world import PASSWORD

        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Nazwa użytkownika").fill(user.username)
        page.get_by_label("Hasło").fill(password or PASSWORD)
        page.get_by_role("button", name="Zaloguj").click()
        return page

    return _login


# --- Celery ------------------------------------------------------------------------------


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker (solo pool, in a thread) on the Redis broker, for tests of tasks.

    Needs committed rows, hence the transactional database. Stale messages from earlier
    tests are purged first.
    """
    from celery.contrib.testing.worker import start_worker

    from zpb.celery import app

    assert not app.conf.task_always_eager, "set CELERY_BROKER_URL to Redis (make test does)"
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded evidence goes to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="session")
def signing_keys(tmp_path_factory):
    """A test CA and the KWP signing certificate it issues (PKCS#12 + password file), made once per run."""
    from core.lib.signing_keys import write_signing_key

    return write_signing_key(tmp_path_factory.mktemp("signing"), ca_name="TEST CA ZPB",
                             signer_name="TEST — KWP Kraków ZPB", organisation="TEST")


@pytest.fixture
def signing(settings, signing_keys):
    """PDFs rendered in this test are signed with the test key (docs/signing.md)."""
    settings.PDF_SIGNING_P12 = str(signing_keys.p12)
    settings.PDF_SIGNING_P12_PASSWORD = ""
    settings.PDF_SIGNING_P12_PASSWORD_FILE = str(signing_keys.password_file)
    settings.PDF_SIGNING_TSA_URL = ""
    settings.PDF_SIGNING_TRUSTED_CERTS = []
    return signing_keys
