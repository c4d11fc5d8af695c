"""The KWP dashboard's criteria areas at scale: the summary read against the live join it replaced, and
the whole dashboard against the floor view, one client, in-process (Django test client, DEBUG off).

Usage: DATABASE_URL=postgres://…/<a seed_scale database> .venv/bin/python bench/dashboard_areas.py [--runs 15]
Prints the median and the worst of `--runs` timings (after one warm-up) per measurement.
The results on the reference machine are in docs/benchmarks.md ("Pulpit KWP").
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zpb.settings")
os.environ.update(DEBUG="false", SECRET_KEY=os.environ.get("SECRET_KEY", "bench-only-key"), BENCH="true",
                  SECURE_SSL_REDIRECT="false")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# Static URLs without a collectstatic manifest (production settings otherwise): the pages' own cost is measured.
settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

from django.db.models import F, FilteredRelation, Q, Sum  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from audits.models import Audit, AuditScore, Edition  # noqa: E402
from institutions.models import User  # noqa: E402
from reports.selectors import kwp  # noqa: E402


def live_area_rows(edition: Edition) -> list:
    """The definition before the summary: every signed audit score of the edition joined to its self-score."""
    area = "criterion__area__"
    keys = (f"{area}rulebook__programme", f"{area}number", f"{area}title")
    return list(
        AuditScore.objects.annotate(own=FilteredRelation(
            "audit__enrolment__self_assessment__answers",
            condition=Q(audit__enrolment__self_assessment__answers__criterion=F("criterion")),
        ))
        .filter(audit__enrolment__edition=edition, audit__status=Audit.Status.SIGNED, score__isnull=False,
                own__score__isnull=False)
        .values(*keys)
        .annotate(points=Sum("score"), self_points=Sum("own__score"), maximum=Sum("criterion__max_points"))
        .order_by(*keys[:2])
    )


def timed(label: str, call: Callable[[], object], runs: int) -> None:
    call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    print(f"{label:<48} median {statistics.median(times):7.1f} ms   max {max(times):7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    setup_test_environment()
    editions = list(Edition.objects.order_by("-start_year"))
    current, past = editions[0], editions[1]
    client = Client(headers={"x-forwarded-proto": "https"})
    client.force_login(User.objects.get(username="kwp"))
    for edition in (past, current):
        name = edition.name
        timed(f"areas {name}: live join (before)", partial(live_area_rows, edition), runs)
        timed(f"areas {name}: summary (now)", partial(kwp.area_rows, edition=edition), runs)
        timed(f"dashboard {name}", partial(client.get, f"{reverse('dashboard')}?edition={edition.pk}"), runs)
    timed("floor", partial(client.get, reverse("bench-floor")), runs)


if __name__ == "__main__":
    main()
