"""Survey answers under load: pupils of an IT lesson answering at once, against gunicorn with production
settings. Run by `make bench-survey` (arguments in BENCH_ARGS).

Usage: .venv/bin/python bench/survey_load.py [--users 32] [--duration 120] [--workers 3] [--runs 1]

The database is BENCH_DB_SURVEY (a DATABASE_URL; default zpb_bench_survey on 127.0.0.1): created and migrated
if missing; every run opens a fresh round on the pupils' questionnaire (bench/survey_targets.py). The server is
the one of bench/load.py (gunicorn, sync workers — 3 by default, as deploy/zpb-web.service — DEBUG off, Redis
cache, BENCH=true for the floor page), with the per-address limit on answers raised: all users come from
127.0.0.1. The users are locust (var/bench-venv) running bench/locustfile_survey.py: each a pupil who opens the
page, thinks a few seconds, sends the answers and starts again as a new browser. The load average is sampled
every 5 s while locust runs. Prints p50/p95 of the floor, the answer page, the submission and the thank-you page
per run, with the load average; CSV and JSON go to var/bench/. Figures: docs/benchmarks.md, docs/surveys.md.
"""

import argparse
import csv
import datetime
import json
import os
import platform
import subprocess
import threading
import urllib.request

from load import OUT, PY, ROOT, ensure_database, manage, production_env, serve, stop

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/zpb_bench_survey"
NAMES = ["floor", "answer page (GET)", "submit (POST)", "thank-you page"]


def survey_env() -> dict[str, str]:
    env = production_env("S")
    env.update({
        "DATABASE_URL": os.environ.get("BENCH_DB_SURVEY", DEFAULT_DB),
        # A school answers from one address; here every user is 127.0.0.1, and the run is several classes' worth.
        "SURVEY_ANSWERS_PER_MINUTE": "1000000",
        "STATIC_ROOT": str(OUT / "static-survey"),
        # Persistent database connections, as .env.example sets for production.
        "DB_CONN_MAX_AGE": os.environ.get("DB_CONN_MAX_AGE", "60"),
    })
    return env


class LoadAverage(threading.Thread):
    """Samples the 1-minute load average every `every` seconds until stopped."""

    def __init__(self, every: float = 5) -> None:
        super().__init__(daemon=True)
        self.every, self.halt = every, threading.Event()
        self.samples: list[float] = []

    def run(self) -> None:
        while not self.halt.wait(self.every):
            self.samples.append(os.getloadavg()[0])

    def summary(self) -> str:
        s = self.samples or [os.getloadavg()[0]]
        return f"{min(s):.1f}–{max(s):.1f} (mean {sum(s) / len(s):.1f})"


def warm_up(port: int, targets: dict) -> None:
    """Every worker loads templates and translations before the clock starts."""
    for _ in range(12):
        for path, cookie in ((f"/ankieta/{targets['token']}/", ""),
                             ("/bench/floor/", f"sessionid={targets['floor_session']}")):
            request = urllib.request.Request(f"http://127.0.0.1:{port}{path}",
                                             headers={"X-Forwarded-Proto": "https", "Cookie": cookie})
            urllib.request.urlopen(request, timeout=60).read()


def run_once(args: argparse.Namespace, env: dict[str, str], n: int) -> dict:
    targets_file = OUT / f"survey-targets-{n}.json"
    targets_file.write_text(subprocess.run([PY, "bench/survey_targets.py"], cwd=ROOT, env=env, check=True,
                                           text=True, stdout=subprocess.PIPE).stdout)
    targets = json.loads(targets_file.read_text())
    server = serve(env, args.port, args.workers)
    load = LoadAverage()
    started = datetime.datetime.now(datetime.UTC)
    try:
        warm_up(args.port, targets)
        load.start()
        result = subprocess.run([
            args.locust, "-f", str(ROOT / "bench" / "locustfile_survey.py"), "--headless", "--only-summary",
            "-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{args.duration}s",
            "-H", f"http://127.0.0.1:{args.port}", "--csv", str(OUT / f"survey-{n}"),
        ], cwd=ROOT, env={**os.environ, "BENCH_SURVEY_TARGETS": str(targets_file)})
        if result.returncode not in (0, 1):  # 1: some requests failed; reported below
            raise SystemExit(f"locust exited with {result.returncode}")
    finally:
        load.halt.set()
        stop(server)
    stored = manage(env, "shell", "-c", "from surveys.models import Response; "
                    f"print(Response.objects.filter(round={targets['round']}).count())", capture=True).strip()
    rows = {}
    with open(OUT / f"survey-{n}_stats.csv") as stats:
        for row in csv.DictReader(stats):
            if row["Name"] in NAMES:
                rows[row["Name"]] = {"count": int(row["Request Count"]), "failures": int(row["Failure Count"]),
                                     "p50": float(row["50%"]), "p95": float(row["95%"]),
                                     "max": float(row["Max Response Time"])}
    return {"started": started.strftime("%Y-%m-%d %H:%M UTC"), "load": load.summary(), "samples": load.samples,
            "stored": int(stored.splitlines()[-1]), "pages": rows}


def report(runs: list[dict], args: argparse.Namespace) -> str:
    lines = [f"{args.users} users, think {os.environ.get('BENCH_THINK', '3,8')} s, {args.workers} gunicorn "
             f"workers, {args.duration} s per run; {os.cpu_count()} CPUs, {platform.platform()}",
             "", "| run | load average (1 min) | page | requests | failed | p50 ms | p95 ms | max ms |",
             "|---|---|---|---|---|---|---|---|"]
    for i, run in enumerate(runs, 1):
        for name in NAMES:
            row = run["pages"].get(name)
            if row:
                lines.append(f"| {i} ({run['started']}, {run['stored']} stored) | {run['load']} | {name} | "
                             f"{row['count']} | {row['failures']} | {row['p50']:.0f} | {row['p95']:.0f} | "
                             f"{row['max']:.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--spawn-rate", type=float, default=4, help="users started per second")
    parser.add_argument("--duration", type=int, default=120, help="seconds of load per run")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8114")))
    parser.add_argument("--locust", default=os.environ.get("LOCUST", str(ROOT / "var" / "bench-venv" / "bin" /
                                                                            "locust")))
    args = parser.parse_args()
    env = survey_env()
    ensure_database(env["DATABASE_URL"])
    OUT.mkdir(parents=True, exist_ok=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    runs = []
    for n in range(1, args.runs + 1):
        runs.append(run_once(args, env, n))
        (OUT / "survey-results.json").write_text(json.dumps(runs, indent=1))
    table = report(runs, args)
    (OUT / "survey-report.md").write_text(table + "\n")
    print("\n" + table)


if __name__ == "__main__":
    main()
