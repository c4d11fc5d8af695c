"""Memory and time of the institutions export (CSV and XLSX) as the list grows.

Usage: .venv/bin/python bench/export_memory.py [sizes...]   (default: 1000 10000)

Needs PostgreSQL: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/zpb_bench) names a scratch
database, created and migrated if missing; its institutions are replaced on every run. For each size
the export is written to a temporary file as the export worker does
and the script prints the wall time and query count of one pass and tracemalloc's peak of Python
allocations in another.
Flat memory across sizes is the point: rows come from a server-side cursor in chunks.
The results on the project's reference machine are in docs/reports.md.
"""

import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zpb_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zpb.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")


def ensure_database(url: str) -> None:
    import psycopg2

    parts = urlparse(url)
    connection = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username,
                                  password=parts.password, dbname="postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("select 1 from pg_database where datname = %s", [parts.path.lstrip("/")])
        if cursor.fetchone() is None:
            cursor.execute(f'create database "{parts.path.lstrip("/")}"')
    connection.close()


def fill(size: int) -> None:
    from institutions.models import County, Institution, InstitutionType

    Institution.objects.all().delete()
    counties = list(County.objects.select_related("police_unit"))
    Institution.objects.bulk_create(
        Institution(
            type=InstitutionType.PRIMARY, name=f"Szkoła Podstawowa nr {n} im. Marii Konopnickiej w Miejscowości {n}",
            rspo=str(100000 + n), postal_code="30-001", town=f"Miejscowość {n}", county=counties[n % len(counties)],
            police_unit=counties[n % len(counties)].police_unit, email=f"sekretariat{n}@szkola.example.pl",
        )
        for n in range(size)
    )


def measure(size: int, fmt: str) -> str:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from institutions.models import Institution
    from reports import exports

    def consume():
        # What the export worker does (reports/services/export_jobs.py), minus the copy to storage.
        target = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the caller
        exports.write(exports.institutions_export(Institution.objects.all()), fmt, target)
        return target, target.tell()

    # Timed apart from the memory pass: tracemalloc slows allocation-heavy code several times over.
    reset_queries()  # the query log is capped (9,000 entries) and filling the database used it up
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response, size_bytes = consume()
        elapsed = time.perf_counter() - started
    response.close()
    tracemalloc.start()
    response, _size = consume()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    response.close()
    return (f"{size:>6} institutions, {fmt:4}: peak {peak / 2**20:6.1f} MiB, {elapsed:5.2f} s, "
            f"{len(queries)} queries, file {size_bytes / 2**20:.1f} MiB")


def main(sizes: list[int]) -> None:
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import translation

    call_command("migrate", verbosity=0)
    translation.activate("pl")
    for size in sizes:
        fill(size)
        for fmt in ("csv", "xlsx"):
            print(measure(size, fmt), flush=True)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1000, 10000])
