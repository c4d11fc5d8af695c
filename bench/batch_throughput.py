"""Certificate batch throughput with 1 and 2 worker processes, and a worker's memory over many certificates.

Usage: .venv/bin/python bench/batch_throughput.py [--size 200] [--memory 500] [--chunk 10]

Needs PostgreSQL and Redis: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/zpb_bench; a scratch
database whose name ends in "bench", dropped, created and migrated on every run) and CELERY_BROKER_URL
(default redis://127.0.0.1:6379/15, purged). Starts a real `celery -A zpb worker --concurrency N` (prefork)
for each run, issues a batch of `--size` granting decisions the way the batch page does (one transaction,
the batch task queued after commit) and times from the commit until the batch row says finished (every PDF
rendered and counted). Then, with one process, it renders a warm-up batch, reads the child process's RSS,
renders `--memory` more certificates and reads it again. PDFs go to a temporary MEDIA_ROOT.
The results on the reference machine are in docs/benchmarks.md ("Batches").
"""

import argparse
import datetime
import importlib
import logging
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zpb_bench")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zpb.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="zpb-bench-media-"))


def fresh_database(url: str) -> None:
    """Drop and create the scratch database (the test factories' unique names start again in every run)."""
    from urllib.parse import urlparse

    import psycopg2

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if not name.endswith("bench"):
        raise SystemExit(f"{name}: the benchmark drops its database; give one whose name ends in 'bench'")
    connection = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username,
                                  password=parts.password, dbname="postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'drop database if exists "{name}"')
        cursor.execute(f'create database "{name}"')
    connection.close()


class Worker:
    """`celery worker` in its own session: with the kernel's autogroup scheduling (Debian's default) CPU time
    is shared between sessions, so a worker started in the benchmark's session would compete with it."""

    def __init__(self, concurrency: int, chunk: int, name: str = "a"):
        self.log = tempfile.NamedTemporaryFile(prefix="zpb-bench-worker-", suffix=".log", delete=False)  # noqa: SIM115
        env = {**os.environ, "CERTIFICATE_BATCH_CHUNK": str(chunk)}
        self.process = subprocess.Popen(
            [str(BASE / ".venv/bin/celery"), "-A", "zpb", "worker", "--pool", "prefork", "--concurrency",
             str(concurrency), "--loglevel", "INFO", "--without-mingle", "--without-gossip",
             "-n", f"bench-{os.getpid()}-{concurrency}-{name}@%h"],
            cwd=BASE, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while b"ready." not in Path(self.log.name).read_bytes():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(Path(self.log.name).read_text()[-3000:])
            time.sleep(0.2)

    def busy_seconds(self, since: int) -> float:
        """Seconds spent in chunk tasks, from the log written after byte `since`."""
        text = Path(self.log.name).read_bytes()[since:].decode()
        return sum(float(m) for m in re.findall(r"certificate_batch_chunk_task\[[^]]+\] succeeded in ([0-9.]+)s", text))

    def log_size(self) -> int:
        return Path(self.log.name).stat().st_size

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def test_module(name: str):
    """The test factories build the decisions; imported by name, so mypy (which skips tests/) does not follow."""
    return importlib.import_module(name)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def decisions(count: int, kwp, first_day: datetime.date) -> list:
    factories = test_module("certification.tests.factories")
    return [factories.decision(decided_on=first_day + datetime.timedelta(days=n % 90), by=kwp)
            for n in range(count)]


def issue_and_wait(chosen: list, kwp, timeout: float = 900) -> float:
    from django.db import transaction

    from certification.models import CertificateBatch
    from certification.services import certificate_batch_issue

    factories = test_module("certification.tests.factories")
    with transaction.atomic():
        batch = certificate_batch_issue(edition=factories.edition(2025), decisions=chosen, by=kwp)
    committed = time.perf_counter()
    while CertificateBatch.objects.get(pk=batch.pk).status != CertificateBatch.Status.FINISHED:
        if time.perf_counter() - committed > timeout:
            raise RuntimeError(f"batch {batch.pk} not finished after {timeout} s")
        time.sleep(0.05)
    elapsed = time.perf_counter() - committed
    batch.refresh_from_db()
    assert (batch.done, batch.failed) == (len(chosen), 0), (batch.done, batch.failed)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--memory", type=int, default=500)
    parser.add_argument("--chunk", type=int, default=10)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--layout", choices=["prefork", "separate"], default="prefork",
                        help="N processes as one worker with --concurrency N, or N workers of concurrency 1, each "
                             "in its own session (its own CPU share under autogroup scheduling)")
    args = parser.parse_args()

    fresh_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import translation

    from institutions.reference import ensure_loaded
    from zpb.celery import app

    logging.getLogger("zpb.audit").setLevel(logging.WARNING)  # one line per certificate issued otherwise
    call_command("migrate", verbosity=0)
    ensure_loaded()
    translation.activate("pl")
    app.control.purge()
    kwp = test_module("institutions.tests.factories").KwpStaffFactory()
    day = datetime.date(2026, 9, 1)
    print(f"batch of {args.size}, chunks of {args.chunk}, load average {os.getloadavg()[0]:.1f}", flush=True)
    for processes in args.processes:
        chosen = decisions(args.size, kwp, day)
        if args.layout == "prefork":
            workers = [Worker(processes, args.chunk)]
        else:
            workers = [Worker(1, args.chunk, name=str(n)) for n in range(processes)]
        try:
            issue_and_wait(decisions(4 * processes, kwp, day), kwp)  # each process imports WeasyPrint first
            offsets = [worker.log_size() for worker in workers]
            elapsed = issue_and_wait(chosen, kwp)
            busy = sum(worker.busy_seconds(offset) for worker, offset in zip(workers, offsets, strict=True))
        finally:
            for worker in workers:
                worker.stop()
        # busy / elapsed: how many processes were rendering at once on average (the fan-out's parallelism).
        print(f"{processes} process(es), {args.layout}: {elapsed:6.2f} s, {args.size / elapsed:5.1f} certificates/s, "
              f"busy {busy / elapsed:.2f} processes on average, load average {os.getloadavg()[0]:.1f}", flush=True)

    if args.memory:
        worker = Worker(1, args.chunk)
        try:
            issue_and_wait(decisions(20, kwp, day), kwp)
            (child,) = worker.children()
            before = rss_mib(child)
            chosen = decisions(args.memory, kwp, day)
            issue_and_wait(chosen, kwp)
            after = rss_mib(child)
        finally:
            worker.stop()
        print(f"worker RSS after 20 warm-up certificates {before:.1f} MiB, after {args.memory} more "
              f"{after:.1f} MiB: growth {after - before:+.1f} MiB", flush=True)


if __name__ == "__main__":
    main()
