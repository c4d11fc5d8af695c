"""Submitting survey answers under load: 32 clients, each a fresh browser, against gunicorn.

Usage: .venv/bin/python bench/survey_submit.py [clients] [seconds] [port]   (default: 32 30 8172)

Needs PostgreSQL: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/zpb_bench_surveys) names a
scratch database, created and migrated if missing. The script opens a round on the pupils'
questionnaire, starts gunicorn (3 workers, as deploy/zpb-web.service, DEBUG off, no TLS redirect, the
per-address limit raised: every client shares 127.0.0.1 like a school behind one address), and runs
`clients` threads for `seconds`: each loads the questionnaire (form number and CSRF cookie), answers
every question and sends it, then starts again as a new browser. It prints the number of responses
and the latency of the submissions (p50, p95, max), then stops the gunicorn it started.
The clients run on the same machine and take CPU from the server: the figures are an upper bound.
Figures: docs/surveys.md.
"""

import http.client
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zpb_bench_surveys")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zpb.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from export_memory import ensure_database  # noqa: E402


def prepare() -> tuple[str, list[tuple[str, list[str]]]]:
    """A fresh round; its token and, per question, the field name and the values a client may send."""
    import importlib

    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from audits.models import Enrolment
    from institutions.models import County, Institution, InstitutionType
    from institutions.reference import ensure_loaded
    from surveys.models import Question, Round
    from surveys.selectors import questionnaire_current

    call_command("migrate", verbosity=0)
    ensure_loaded()
    importlib.import_module("surveys.tests.factories").default_questionnaires()
    edition = importlib.import_module("audits.tests.factories_self_assessments").current_edition()
    county = County.objects.select_related("police_unit").first()
    assert county is not None
    institution, _ = Institution.objects.get_or_create(
        name="Szkoła Podstawowa (pomiar wysyłania)", defaults={
            "type": InstitutionType.PRIMARY, "postal_code": "30-001", "town": "Kraków", "county": county,
            "police_unit": county.police_unit})
    enrolment, _ = Enrolment.objects.get_or_create(edition=edition, institution=institution)
    questionnaire = questionnaire_current(programme="SPB", audience="pupils_primary")
    assert questionnaire is not None
    round = Round.objects.create(enrolment=enrolment, questionnaire=questionnaire,
                                 closes_on=timezone.localdate())
    fields = []
    for question in questionnaire.questions.prefetch_related("options"):
        values = ["Ciemno przy przystanku"] if question.kind == Question.Kind.TEXT else \
            [str(o.pk) for o in question.options.all()]
        fields.append((f"q{question.pk}", values))
    return round.token, fields


def client(port: int, token: str, fields, until: float, latencies: list[float], errors: list[str]) -> None:
    n = 0
    while time.monotonic() < until:
        n += 1
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        path = f"/ankieta/{token}/"
        connection.request("GET", path)
        page = connection.getresponse()
        html = page.read().decode()
        cookies = "; ".join(c.split(";")[0] for c in page.headers.get_all("Set-Cookie") or [])
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        nonce = re.search(r'name="nonce" value="([^"]+)"', html)
        if not (csrf and nonce):
            errors.append(f"GET {page.status}")
            continue
        data = {"csrfmiddlewaretoken": csrf.group(1), "nonce": nonce.group(1)}
        for name, values in fields:
            data[name] = values[n % len(values)]
        started = time.perf_counter()
        connection.request("POST", path, body=urlencode(data), headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies})
        answer = connection.getresponse()
        answer.read()
        latencies.append(time.perf_counter() - started)
        if answer.status != 302:
            errors.append(f"POST {answer.status}")
        connection.close()


def main(clients: int, seconds: int, port: int) -> None:
    ensure_database(os.environ["DATABASE_URL"])
    token, fields = prepare()
    env = {**os.environ, "DEBUG": "false", "SECRET_KEY": "bench-only-" + "x" * 40, "SECURE_SSL_REDIRECT": "false",
           "ALLOWED_HOSTS": "127.0.0.1", "SURVEY_ANSWERS_PER_MINUTE": "1000000", "LOG_LEVEL": "WARNING",
           "STATIC_ROOT": f"/tmp/zpb-bench-static-{port}"}
    # DEBUG off serves hashed static names from the manifest, as in production.
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "zpb.wsgi:application", "--bind",
                               f"127.0.0.1:{port}", "--workers", "3", "--log-level", "warning"],
                              cwd=ROOT, env=env, start_new_session=True)
    try:
        time.sleep(4)
        for _ in range(6):  # every worker imports and warms up before the clock starts
            warm = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            warm.request("GET", f"/ankieta/{token}/")
            warm.getresponse().read()
        latencies: list[float] = []
        errors: list[str] = []
        until = time.monotonic() + seconds
        threads = [threading.Thread(target=client, args=(port, token, fields, until, latencies, errors))
                   for _ in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    if not latencies:
        sys.exit(f"no submission went through: {errors[:3]}")
    ms = sorted(x * 1000 for x in latencies)
    p95 = ms[max(0, -(-len(ms) * 95 // 100) - 1)]  # nearest rank
    print(f"{clients} clients, {seconds} s: {len(ms)} responses ({len(ms) / seconds:.0f}/s), submit p50 "
          f"{statistics.median(ms):.0f} ms, p95 {p95:.0f} ms, max {ms[-1]:.0f} ms, errors {len(errors)}"
          + (f" (first: {errors[0]})" if errors else ""))


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(*(args + [32, 30, 8172][len(args):]))
