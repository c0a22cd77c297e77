"""One target at a time: every simulated user GETs BENCH_PATH as fast as it can, with one of
the sessions in BENCH_COOKIES (a JSON list of Cookie header values, or none). bench/run.py
starts it headless; only a 200 counts as a success."""

import json
import os
import random

from locust import FastHttpUser, constant, task

PATH = os.environ.get("BENCH_PATH", "/bench/bare")
COOKIES = json.loads(os.environ.get("BENCH_COOKIES", "[]"))
NAME = os.environ.get("BENCH_NAME", PATH)


class PageReader(FastHttpUser):
    wait_time = constant(0)
    # The server runs behind "a TLS-terminating proxy", as in production.
    default_headers = {"X-Forwarded-Proto": "https", "Accept-Language": "en"}

    def on_start(self):
        self.headers = {}
        if COOKIES:
            self.headers["Cookie"] = random.choice(COOKIES)  # noqa: S311

    @task
    def read(self):
        with self.client.get(
            PATH, headers=self.headers, name=NAME, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
