"""Locust user for bench/load.py: each client alternates the floor page and the next page of the list.

Runs in its own venv (var/bench-venv, made by `make bench`); reads the targets from BENCH_TARGETS (the JSON
of bench/load_targets.py) and writes the largest response per page to BENCH_SIZES. The requests carry
X-Forwarded-Proto: https as the production proxy does, and the session cookie set by hand (the server
marks its cookies Secure, which a client talking plain HTTP to gunicorn would otherwise not send back).
"""

import itertools
import json
import os
from pathlib import Path

from locust import HttpUser, between, events, task

TARGETS = json.loads(Path(os.environ["BENCH_TARGETS"]).read_text())
SIZES: dict[str, int] = {}
_offsets = itertools.count()


@events.request.add_listener
def _size(name, response_length, **kwargs):
    SIZES[name] = max(SIZES.get(name, 0), response_length or 0)


@events.quitting.add_listener
def _write_sizes(environment, **kwargs):
    with open(os.environ["BENCH_SIZES"], "w") as out:
        json.dump(SIZES, out)


# Think time between the two requests of a round (BENCH_WAIT="min,max" seconds): 16 clients that never
# paused would only measure the queue in front of two sync workers.
WAIT = [float(x) for x in os.environ.get("BENCH_WAIT", "1,3").split(",")]


class Client(HttpUser):
    wait_time = between(*WAIT)

    def on_start(self):
        self.client.headers["X-Forwarded-Proto"] = "https"
        pages = TARGETS["pages"]
        start = next(_offsets) % len(pages)  # clients start at different pages, so every page is sampled evenly
        self.pages = itertools.cycle(pages[start:] + pages[:start])

    def _get(self, url: str, role: str | None, name: str) -> None:
        session = TARGETS["sessions"].get(role) if role else None
        headers = {"Cookie": f"sessionid={session}"} if session else {"Cookie": ""}
        with self.client.get(url, headers=headers, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")

    @task
    def floor_then_page(self):
        page = next(self.pages)
        self._get(TARGETS["floor"], page["role"] or "kwp", "floor")
        self._get(page["url"], page["role"], page["name"])
