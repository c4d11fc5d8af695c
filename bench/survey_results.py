"""Time of a school's survey results page as responses grow (aggregation in SQL, fixed queries).

Usage: .venv/bin/python bench/survey_results.py [responses...]   (default: 5000)

Needs PostgreSQL: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/zpb_bench_surveys) names a
scratch database, created and migrated if missing; its survey rounds are replaced on every run. The
school gets `responses` online answers to the pupils' questionnaire (every question answered) and three
times as many come from other schools of the region, so the county and region comparisons have work
to do. The script renders the page as the coordinator (Django's test client, warm) and prints the
median and worst of 10 renders and the number of queries. Figures: docs/surveys.md.
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


def measure(responses: int) -> str:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    coordinator, enrolment = fill(responses)
    client = Client(HTTP_HOST="127.0.0.1")
    client.defaults["wsgi.url_scheme"] = "https"  # production settings redirect plain HTTP
    client.force_login(coordinator)
    url = reverse("surveys:results", args=[enrolment.pk])
    client.get(url)  # warm: templates, translations
    times = []
    for _ in range(10):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    if os.environ.get("SHOW_QUERIES"):
        for query in queries.captured_queries:
            print(query["time"], query["sql"][:150])
    return (f"{responses:>6} responses at the school ({4 * responses} in the region): median "
            f"{statistics.median(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms, {len(queries)} queries")


def main(sizes: list[int]) -> None:
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
        print(measure(size), flush=True)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [5000])
