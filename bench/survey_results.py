"""Time of a school's survey results page as responses grow (aggregation in SQL, fixed queries).

Usage: .venv/bin/python bench/survey_results.py [--renders 30] [--fresh] [responses...]   (default: 5000)

Needs PostgreSQL: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/zpb_bench_surveys) names a
scratch database (its name must contain "bench"), created and migrated if missing — with --fresh dropped
first; its survey rounds are replaced on every run. The school gets `responses` online answers to the pupils'
questionnaire (every question answered, bulk inserts) and three times as many come from other schools of the
region, so the county and region comparisons have work to do. The script renders the page as the coordinator
(Django's test client, warm process, the cache of settings: Redis with CACHE_URL) `renders` times in three
states and prints median, p95 and max and the number of queries of each:

- cold: the cache emptied before every render (every round's answers counted in SQL);
- answering: one more response at the school before every render (the school's rounds counted again,
  the other schools' counts from the cache) — the page while the school is answering;
- cached: nothing changed since the last render.

Figures: docs/surveys.md.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zpb_bench_surveys")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zpb.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("FAST_PASSWORD_HASHER", "true")

from export_memory import ensure_database  # noqa: E402


def fill(responses: int):
    import importlib
    import random
    import uuid

    from django.db import connection
    from django.utils import timezone

    from audits.models import Enrolment
    from institutions.models import County, Institution, InstitutionType, User
    from surveys.models import Answer, Question, Response, Round
    from surveys.selectors import questionnaire_current

    # Test helpers, loaded by name: they are not part of the typed code.
    current_edition = importlib.import_module("audits.tests.factories_self_assessments").current_edition
    default_questionnaires = importlib.import_module("surveys.tests.factories").default_questionnaires

    Round.objects.all().delete()
    default_questionnaires()
    edition = current_edition()
    counties = list(County.objects.select_related("police_unit"))
    coordinator, _ = User.objects.get_or_create(username="bench-coordinator", defaults={"role": "coordinator"})
    questionnaire = questionnaire_current(programme="SPB", audience="pupils_primary")
    assert questionnaire is not None
    questions = list(Question.objects.filter(questionnaire=questionnaire).prefetch_related("options"))
    rounds = []
    for n in range(4):  # the school, and three others across the region
        institution, _ = Institution.objects.get_or_create(
            name=f"Szkoła Podstawowa nr {n + 1} (pomiar)", defaults={
                "type": InstitutionType.PRIMARY, "postal_code": "30-001", "town": "Kraków",
                "county": counties[n % len(counties)], "police_unit": counties[n % len(counties)].police_unit})
        if n == 0:
            institution.coordinators.add(coordinator)
        enrolment, _ = Enrolment.objects.get_or_create(edition=edition, institution=institution)
        rounds.append(Round.objects.create(enrolment=enrolment, questionnaire=questionnaire,
                                           closes_on=edition.ends_on))
    today, pick = timezone.localdate(), random.Random(1)
    for round in rounds:
        batch = Response.objects.bulk_create(
            [Response(round=round, submitted_on=today, nonce=uuid.uuid4().hex) for _ in range(responses)])
        answers = []
        for response in batch:
            for question in questions:
                options = list(question.options.all())
                if question.kind == Question.Kind.TEXT:
                    if pick.random() < 0.1:
                        answers.append(Answer(response=response, round=round, question=question,
                                                  text="Ciemno przy przystanku"))
                else:
                    answers.append(Answer(response=response, round=round, question=question,
                                              option=pick.choice(options)))
        Answer.objects.bulk_create(answers, batch_size=10_000)
    with connection.cursor() as cursor:  # as autovacuum would have done by the time anyone reads results
        cursor.execute("vacuum analyze surveys_answer")
        cursor.execute("vacuum analyze surveys_response")
    return coordinator, rounds[0].enrolment


def one_more_response(enrolment) -> None:
    import uuid

    from django.utils import timezone

    from surveys.models import Answer, Question, Response, Round

    round = Round.objects.get(enrolment=enrolment)
    response = Response.objects.create(round=round, submitted_on=timezone.localdate(), nonce=uuid.uuid4().hex)
    Answer.objects.bulk_create([
        Answer(response=response, round=round, question=q, option=q.options.first())
        for q in round.questionnaire.questions.prefetch_related("options") if q.kind != Question.Kind.TEXT])


def measure(responses: int, renders: int) -> list[str]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    coordinator, enrolment = fill(responses)
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")  # as behind the production proxy
    client.force_login(coordinator)
    url = reverse("surveys:results", args=[enrolment.pk])
    client.get(url)  # warm: templates, translations
    lines = []
    for state in ("cold", "answering", "cached"):
        times, queries = [], 0
        for _ in range(renders):
            if state == "cold":
                cache.clear()
            elif state == "answering":
                one_more_response(enrolment)
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
            queries = max(queries, len(captured))
        if os.environ.get("SHOW_QUERIES"):
            for query in captured.captured_queries:
                print(query["time"], query["sql"][:150])
        ms = sorted(t * 1000 for t in times)
        p95 = ms[max(0, -(-len(ms) * 95 // 100) - 1)]  # nearest rank
        lines.append(f"{responses:>6} responses at the school ({4 * responses} in the region), {state:>9}: "
                     f"median {statistics.median(ms):.0f} ms, p95 {p95:.0f} ms, max {ms[-1]:.0f} ms "
                     f"({renders} renders, load average {os.getloadavg()[0]:.1f}), {queries} queries")
    return lines


def drop_database(url: str) -> None:
    from urllib.parse import urlparse

    import psycopg2

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"--fresh drops the database: {name} does not look like a scratch one")
    connection = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username,
                                  password=parts.password, dbname="postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'drop database if exists "{name}"')
    connection.close()


def main(sizes: list[int], renders: int, fresh: bool) -> None:
    if fresh:
        drop_database(os.environ["DATABASE_URL"])
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import translation

    from institutions.reference import ensure_loaded

    call_command("migrate", verbosity=0)
    ensure_loaded()
    translation.activate("pl")
    for size in sizes:
        for line in measure(size, renders):
            print(line, flush=True)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("responses", nargs="*", type=int, default=[5000])
    parser.add_argument("--renders", type=int, default=30)
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the scratch database first")
    args = parser.parse_args()
    main(args.responses, args.renders, args.fresh)
