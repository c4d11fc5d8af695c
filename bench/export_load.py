"""Keeps two export jobs in flight for a while: the "while two exports run" phase of bench/load.py.

Run by bench/load.py with the benchmark's environment (DATABASE_URL, CELERY_BROKER_URL) while a real
`celery -A zpb worker` builds the jobs. Orders exports the way the list pages do (`export_job_start`, as the
KWP user, the heaviest lists: the last full edition's audit results and all institutions, XLSX) and orders
the next one as soon as one of the two finishes, until --duration seconds have passed or the file --stop
appears. Prints one JSON line at the end: jobs finished and failed, their build times, and the share of the
time two jobs were running (the check that the phase measured what it says).

Usage: .venv/bin/python bench/export_load.py --duration 90 [--stop FILE]
"""

import argparse
import itertools
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zpb.settings")

IN_FLIGHT = 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=90)
    parser.add_argument("--stop", type=Path, help="stop as soon as this file exists")
    args = parser.parse_args()

    import django

    django.setup()
    from audits.models import Edition
    from institutions.models import User
    from reports.models import ExportJob
    from reports.services.export_jobs import export_job_start

    kwp = User.objects.get(username="kwp")
    editions = list(Edition.objects.order_by("-start_year").values_list("pk", flat=True))
    past = editions[1] if len(editions) > 1 else editions[0]
    orders = itertools.cycle([
        (ExportJob.Kind.AUDITS, {"edition_pk": [str(past)]}),
        (ExportJob.Kind.INSTITUTIONS, {}),
    ])
    live = [ExportJob.Status.QUEUED, ExportJob.Status.RUNNING]
    mine: list[int] = []
    started = time.monotonic()
    both_running = samples = 0
    while time.monotonic() - started < args.duration and not (args.stop and args.stop.exists()):
        in_flight = ExportJob.objects.filter(pk__in=mine, status__in=live).count()
        for _ in range(IN_FLIGHT - in_flight):
            kind, parameters = next(orders)
            mine.append(export_job_start(user=kwp, kind=kind, fmt=ExportJob.Format.XLSX, parameters=parameters).pk)
        samples += 1
        both_running += ExportJob.objects.filter(pk__in=mine, status=ExportJob.Status.RUNNING).count() == IN_FLIGHT
        time.sleep(0.5)
    jobs = ExportJob.objects.filter(pk__in=mine)
    builds = [(job.finished_at - job.started_at).total_seconds() for job in jobs
              if job.status == ExportJob.Status.DONE and job.started_at and job.finished_at]
    print(json.dumps({
        "ordered": len(mine), "finished": len(builds),
        "failed": jobs.filter(status=ExportJob.Status.FAILED).count(),
        "build_seconds_mean": round(sum(builds) / len(builds), 1) if builds else None,
        "build_seconds_max": round(max(builds), 1) if builds else None,
        "both_running_share": round(both_running / samples, 2) if samples else 0,
    }), flush=True)


if __name__ == "__main__":
    main()
