"""The embedded mode, as `make run` starts it: SQLite in a fresh folder, demo data, Celery tasks inline,
e-mails printed to the console. The rest of the suite runs on PostgreSQL, so this is the one place
where a construct only PostgreSQL understands (or any other break of `make run`) shows up.

The app is started by `make run` itself (on a free port, with VAR_DIR pointing at a temporary folder),
and a browser drives the main journeys against it. E-mails are read from the server's console output,
as a person trying the demo reads them. Any answer of 500 or error in the server's log fails the test.
"""

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from audits.tests.browser_steps import open_tab, score_every_criterion
from certification.tests.helpers import pdf_qr_codes

pytestmark = pytest.mark.embedded

DEMO_PASSWORD = "zpb-demo-2026"
NEW_PASSWORD = "Nowe-Haslo-Koordynatora-2026"
# What the test run's environment sets for PostgreSQL/Redis must not leak into `make run`.
NOT_INHERITED = (
    "DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "CELERY_TASK_ALWAYS_EAGER", "CACHE_URL",
    "EMAIL_BACKEND", "USE_SMTP", "SITE_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "MEDIA_ROOT", "STATIC_ROOT",
    "FAST_PASSWORD_HASHER", "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "PYTEST_ARGS",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class EmbeddedApp:
    def __init__(self, folder: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / "server.log"
        env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED} | {"VAR_DIR": str(folder / "var")}
        # `-o .venv/.installed`: use the virtualenv as it is (make test has just made it).
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "-o", ".venv/.installed", "run", "HOST=127.0.0.1", f"PORT={self.port}"],
            cwd=settings.BASE_DIR, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT,
            start_new_session=True,  # runserver's autoreloader starts a child: stop the whole group
        )
        self._wait_until_up()

    def _wait_until_up(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"`make run` exited with {self.process.returncode}:\n{self.output()}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2):
                    return
            except OSError:
                time.sleep(0.5)
        raise AssertionError(f"`make run` did not answer within {timeout} s:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def link(self, pattern: str) -> str:
        """The last link matching `pattern` in the e-mails printed so far: to this server (its port)."""
        for _ in range(50):
            found = re.findall(rf"http://[^/\s]+{pattern}", self.output())
            if found:
                assert found[-1].startswith(self.url + "/"), f"{found[-1]} does not lead to {self.url}"
                return found[-1]
            time.sleep(0.1)
        raise AssertionError(f"no e-mail with a link {pattern} in the server's output")

    def errors(self) -> list[str]:
        return [line for line in self.output().splitlines()
                if re.search(r'" 5\d\d \d|Traceback|^ERROR|Internal Server Error', line)]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


@pytest.fixture
def embedded_app(tmp_path):
    app = EmbeddedApp(tmp_path)
    yield app
    app.stop()


@pytest.fixture
def watched_page(page: Page):
    """The page, remembering every answer of 500 or more."""
    page.server_errors = []
    page.on("response", lambda r: r.status >= 500 and page.server_errors.append(f"{r.status} {r.url}"))
    return page


def log_in(page: Page, app: EmbeddedApp, username: str, password: str = DEMO_PASSWORD) -> None:
    page.context.clear_cookies()
    page.goto(f"{app.url}/accounts/login/")
    page.get_by_label("Nazwa użytkownika").fill(username)
    page.get_by_label("Hasło").fill(password)
    page.get_by_role("button", name="Zaloguj").click()
    expect(page).to_have_url(re.compile("/start/"))


def apply_to_join(page: Page, app: EmbeddedApp) -> None:
    page.goto(app.url)
    page.get_by_role("link", name="Dołącz do programu").click()
    started = time.monotonic()
    page.locator("#id_type").select_option("primary")
    page.locator("#id_name").fill("Szkoła Podstawowa nr 4 w Niepołomicach")
    page.locator("#id_county").select_option(label="wielicki")
    page.locator("#id_street").fill("ul. Szkolna")
    page.locator("#id_building").fill("4")
    page.locator("#id_postal_code").fill("32-005")
    page.locator("#id_town").fill("Niepołomice")
    first = page.get_by_role("group", name="Koordynator 1")
    first.get_by_label("Imię").fill("Ewa")
    first.get_by_label("Nazwisko").fill("Lis")
    first.get_by_label("Stanowisko").fill("pedagog szkolny")
    first.get_by_label("E-mail").fill("ewa.lis@sp4-niepolomice.example.pl")
    page.get_by_label("Partnerzy, z którymi zaczynacie").fill("Gmina Niepołomice – bezpieczna droga do szkoły")
    page.get_by_label("Imię i nazwisko dyrektora").fill("Jan Kowalczyk")
    page.get_by_label("Dyrektor placówki wyraża zgodę").check()
    page.get_by_label("Twój adres e-mail").fill("sekretariat@sp4-niepolomice.example.pl")
    page.get_by_label("Zapoznałem(-am) się z informacją").check()
    time.sleep(max(0.0, 3.5 - (time.monotonic() - started)))  # the form's minimum filling time (anti-bot)
    page.get_by_role("button", name="Wyślij zgłoszenie").click()
    expect(page.get_by_role("heading", name="Sprawdź skrzynkę e-mail")).to_be_visible()

    page.goto(app.link(r"/join/confirm/[^/\s]+/"))
    expect(page.get_by_role("heading", name="Adres e-mail potwierdzony")).to_be_visible()


def accept_and_set_password(page: Page, app: EmbeddedApp) -> None:
    log_in(page, app, "kwp")
    page.get_by_role("navigation").get_by_role("link", name="Zgłoszenia").click()
    page.get_by_role("link", name="Szkoła Podstawowa nr 4 w Niepołomicach").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Przyjmij zgłoszenie").click()
    expect(page.get_by_text("Zgłoszenie zostało przyjęte")).to_be_visible()

    page.context.clear_cookies()
    page.goto(app.link(r"/accounts/invitation/[^/\s]+/"))
    expect(page.get_by_text("ewa.lis@sp4-niepolomice.example.pl")).to_be_visible()
    page.get_by_label("Nowe hasło").first.fill(NEW_PASSWORD)
    page.get_by_label("Nowe hasło (powtórz)").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Ustaw hasło").click()
    expect(page.get_by_text("Hasło zostało ustawione. Witamy w systemie Certyfikacja ZPB.")).to_be_visible()
    expect(page.get_by_role("heading", name="Szkoła Podstawowa nr 4 w Niepołomicach")).to_be_visible()


def complete_and_submit_the_demo_self_assessment(page: Page, app: EmbeddedApp) -> None:
    """The demo coordinator's draft: the missing diagnosis fields, then every criterion with a PDF."""
    log_in(page, app, "koordynator")
    page.get_by_role("link", name=re.compile("Kontynuuj samoocenę")).click()
    open_tab(page, "Diagnoza")
    page.get_by_label("Data wizji lokalnej").fill("2026-10-05")
    page.get_by_label("Wskazane niebezpieczne miejsca").fill("Szatnia, przejście przy boisku.")
    page.get_by_role("button", name="Zapisz diagnozę").click()
    expect(page.get_by_text("Diagnoza została zapisana.")).to_be_visible()

    score_every_criterion(page)

    open_tab(page, "Podsumowanie")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Złóż samoocenę").click()
    expect(page.get_by_text("Samoocena została złożona.")).to_be_visible()


def verify_a_demo_certificate(page: Page, app: EmbeddedApp, tmp_path: Path) -> None:
    """KWP downloads a demo certificate; its QR code leads to the public verification page of this server."""
    log_in(page, app, "kwp")
    page.goto(f"{app.url}/certificates/?status=valid")
    pdf_link = page.get_by_role("link", name=re.compile("Pobierz PDF certyfikatu")).first
    pdf = page.request.get(app.url + pdf_link.get_attribute("href"))
    assert pdf.ok, pdf.status
    (verification_url,) = pdf_qr_codes(pdf.body(), tmp_path)
    assert re.match(rf"{re.escape(app.url)}/certificates/verify/\w+/$", verification_url), verification_url

    page.context.clear_cookies()
    page.goto(verification_url)
    expect(page.get_by_role("heading", name="Certyfikat jest ważny")).to_be_visible()


@pytest.mark.browser
def test_make_run_serves_the_main_journeys(embedded_app, watched_page, tmp_path):
    page, app = watched_page, embedded_app
    apply_to_join(page, app)
    accept_and_set_password(page, app)
    complete_and_submit_the_demo_self_assessment(page, app)
    verify_a_demo_certificate(page, app, tmp_path)

    assert not page.server_errors, page.server_errors
    assert not app.errors(), "\n".join(app.errors())
