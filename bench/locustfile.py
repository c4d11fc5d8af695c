"""Locust user for bench/load.py: each round requests, for every size side by side, the floor page and then the
next page of the list (S and L alternate which goes first), so both sizes are measured under the same load.

Runs in its own venv (var/bench-venv, made by `make bench`); reads the targets from BENCH_TARGETS (JSON: size ->
the output of bench/load_targets.py plus the server's base URL) and writes the largest response per request name to
BENCH_SIZES. Request names are "<size> <page>". The requests carry X-Forwarded-Proto: https as the production
proxy does, and the session cookie set by hand (the server marks its cookies Secure, which a client talking plain
HTTP to gunicorn would otherwise not send back).
"""

import itertools
import json
import os
from pathlib import Path

from locust import HttpUser, between, events, task

SIZES_TARGETS: dict[str, dict] = json.loads(Path(os.environ["BENCH_TARGETS"]).read_text())
LARGEST: dict[str, int] = {}
_offsets = itertools.count()


@events.request.add_listener
def _size(name, response_length, **kwargs):
    LARGEST[name] = max(LARGEST.get(name, 0), response_length or 0)


@events.quitting.add_listener
def _write_sizes(environment, **kwargs):
    with open(os.environ["BENCH_SIZES"], "w") as out:
        json.dump(LARGEST, out)


# Think time between rounds (BENCH_WAIT="min,max" seconds): 16 clients that never paused would only measure the
# queue in front of the sync workers.
WAIT = [float(x) for x in os.environ.get("BENCH_WAIT", "1,3").split(",")]


class Client(HttpUser):
    wait_time = between(*WAIT)
    host = "http://127.0.0.1"  # every request is absolute: each size has its own server

    def on_start(self):
        self.client.headers["X-Forwarded-Proto"] = "https"
        names = [page["name"] for page in next(iter(SIZES_TARGETS.values()))["pages"]]
        start = next(_offsets) % len(names)  # clients start at different pages, so every page is sampled evenly
        self.pages = itertools.cycle(names[start:] + names[:start])
        self.rounds = itertools.count()

    def _get(self, size: str, url: str, role: str | None, name: str) -> None:
        targets = SIZES_TARGETS[size]
        session = targets["sessions"].get(role) if role else None
        headers = {"Cookie": f"sessionid={session}"} if session else {"Cookie": ""}
        with self.client.get(targets["base"] + url, headers=headers, name=f"{size} {name}", allow_redirects=False,
                             catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")

    @task
    def floor_then_page(self):
        name = next(self.pages)
        sizes = list(SIZES_TARGETS)
        if next(self.rounds) % 2:
            sizes.reverse()
        for size in sizes:
            page = next((p for p in SIZES_TARGETS[size]["pages"] if p["name"] == name), None)
            if page is None:  # a page one data set cannot offer (e.g. no signed audit of the auditor)
                continue
            self._get(size, SIZES_TARGETS[size]["floor"], page["role"] or "kwp", "floor")
            self._get(size, page["url"], page["role"], name)
