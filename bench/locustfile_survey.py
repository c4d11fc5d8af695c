"""Locust users for bench/survey_load.py: pupils answering the diagnosis survey in an IT lesson.

Each user is a pupil at a computer: a fresh browser (its own cookies, nothing carried over) opens the public
answer page, reads and ticks for a few seconds (BENCH_THINK="min,max", default 3–8 s), sends the answers
(the CSRF cookie and token and the form's one-time number from the page; one response per browser) and lands
on the thank-you page; after a short pause (BENCH_WAIT, default 1–3 s) the next pupil sits down at the same
computer with a new browser. Every round also requests the floor page (/bench/floor/, logged in: the
middleware, the session and the user, nothing else) as the reference for the same moment's machine.

Runs in its own venv (var/bench-venv). Reads BENCH_SURVEY_TARGETS (the JSON of bench/survey_targets.py).
Requests carry X-Forwarded-Proto: https as behind the production proxy; cookies are kept per user by hand
(the server marks them Secure, which a client speaking plain HTTP to gunicorn would otherwise not send back),
and Origin/Referer go with the POST as a browser sends them (Django's CSRF check on HTTPS requires them).
"""

import json
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, between, task

TARGETS = json.loads(Path(os.environ["BENCH_SURVEY_TARGETS"]).read_text())
THINK = [float(x) for x in os.environ.get("BENCH_THINK", "3,8").split(",")]
WAIT = [float(x) for x in os.environ.get("BENCH_WAIT", "1,3").split(",")]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NONCE = re.compile(r'name="nonce" value="([^"]+)"')


class Pupil(HttpUser):
    wait_time = between(*WAIT)

    def on_start(self):
        self.client.headers["X-Forwarded-Proto"] = "https"
        self.path = f"/ankieta/{TARGETS['token']}/"
        self.origin = self.host.replace("http://", "https://")

    def _cookie_header(self, jar: dict[str, str]) -> str:
        return "; ".join(f"{k}={v}" for k, v in jar.items())

    @task
    def answer_the_survey(self):
        self.client.cookies.clear()
        jar: dict[str, str] = {}  # a fresh browser
        with self.client.get("/bench/floor/", name="floor", allow_redirects=False, catch_response=True,
                             headers={"Cookie": f"sessionid={TARGETS['floor_session']}"}) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
        with self.client.get(self.path, name="answer page (GET)", headers={"Cookie": ""}, allow_redirects=False,
                             catch_response=True) as page:
            csrf, nonce = CSRF.search(page.text or ""), NONCE.search(page.text or "")
            if page.status_code != 200 or not (csrf and nonce):
                page.failure(f"HTTP {page.status_code}, no form")
                return
        jar.update(page.cookies.get_dict())
        self.client.cookies.clear()
        data = {"csrfmiddlewaretoken": csrf.group(1), "nonce": nonce.group(1)}
        for name, values in TARGETS["fields"]:
            if random.random() < 0.9:  # now and then a question is skipped, as people do
                data[name] = random.choice(values)
        time.sleep(random.uniform(*THINK))  # reading and ticking
        with self.client.post(self.path, data=data, name="submit (POST)", allow_redirects=False, catch_response=True,
                              headers={"Cookie": self._cookie_header(jar), "Origin": self.origin,
                                       "Referer": self.origin + self.path}) as sent:
            if sent.status_code != 302 or f"zpb_survey_{TARGETS['round']}" not in sent.cookies:
                sent.failure(f"HTTP {sent.status_code}")
                return
        jar.update(sent.cookies.get_dict())
        self.client.cookies.clear()
        with self.client.get(sent.headers["Location"], name="thank-you page", allow_redirects=False,
                             catch_response=True, headers={"Cookie": self._cookie_header(jar)}) as done:
            if done.status_code != 200:
                done.failure(f"HTTP {done.status_code}")
        self.client.cookies.clear()
