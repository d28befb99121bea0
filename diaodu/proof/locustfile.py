"""The load of `make load` (diaodu/proof/load.py runs it): the demonstration city's users
at their morning work — log in, open the dashboard, read the dispatch summary, drill down,
list enterprises — and one analyst importing a small monthly file every few minutes.

Users log in through the real login page with the demo logins (README); a county user
asks for its own county, as a real one would (anything else is a 404, counted as an error).

The measured window starts when every user has logged in: a login costs a PBKDF2 hash
(a third of a second of CPU, by design) and happens once a working day, not fifty times a
minute; the warm-up also gives every gunicorn worker its first, slower requests. The
window lasts LOAD_SECONDS, then locust stops itself; the login figures of the warm-up are
kept in var/load/login.json."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
from pathlib import Path

import gevent
from locust import HttpUser, between, constant, task

from diaodu.proof.files import FULL_HEADER, full_row

PASSWORD = "diaodu2026"  # the demonstration logins only
CITY = "990100"
PERIOD = "2026-10"  # the demo city's latest month
# The import goes to a month long before the demo's files (2023-02 on), so the pages the
# others read keep showing the latest month; re-importing it replaces the previous one.
IMPORT_PERIOD = "2022-06"
IMPORT_COUNTY = "990121"  # 青川县
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
THINK = [float(x) for x in os.environ.get("LOAD_THINK", "2,8").split(",")]
LOGIN_FIGURES = Path(os.environ.get("DIAODU_HOME", "var/load")) / "login.json"
STATE = {"ready": 0, "measuring": False}


def ready(user: HttpUser) -> None:
    """One more user logged in; when all are, start the measured window."""
    STATE["ready"] += 1
    if STATE["ready"] < user.environment.parsed_options.num_users:
        return
    runner = user.environment.runner
    assert runner is not None
    _keep_login_figures(runner.stats)
    runner.stats.reset_all()
    STATE["measuring"] = True
    gevent.spawn_later(SECONDS, runner.quit)


def _keep_login_figures(stats) -> None:
    login = stats.get("log in", "POST")
    LOGIN_FIGURES.write_text(
        json.dumps(
            {
                "count": login.num_requests,
                "p50": login.get_response_time_percentile(0.5),
                "p95": login.get_response_time_percentile(0.95),
            }
        )
    )


def log_in(user: HttpUser, username: str) -> None:
    """Through the login page, as a browser does: its CSRF token, then the form."""
    page = user.client.get("/login/", name="login page")
    token = CSRF_FIELD.search(page.text)
    user.client.post(
        "/login/",
        {
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": token.group(1) if token else "",
        },
        headers={"Referer": f"{user.host}/login/"},
        name="log in",
    )


class DiaoduUser(HttpUser):
    abstract = True
    username = "analyst"
    region = CITY
    wait_time = between(*THINK)  # a person reading a page before the next click

    def on_start(self) -> None:
        log_in(self, self.username)
        ready(self)

    @task(4)
    def dashboard(self) -> None:
        self.client.get("/", name="dashboard /")

    @task(4)
    def summary(self) -> None:
        self.client.get(
            f"/api/v1/regions/{self.region}/summary?period={PERIOD}", name="api summary"
        )

    @task(2)
    def drilldown(self) -> None:
        self.client.get(
            f"/api/v1/regions/{self.region}/drilldown?period={PERIOD}", name="api drilldown"
        )

    @task(2)
    def region_page(self) -> None:
        self.client.get(f"/regions/{self.region}/", name="region page")

    @task(2)
    def enterprises(self) -> None:
        self.client.get("/api/v1/enterprises?limit=50", name="api enterprises")

    @task(1)
    def enterprise_page(self) -> None:
        self.client.get(f"/regions/{self.region}/enterprises/", name="enterprises page")


class CityAnalyst(DiaoduUser):
    weight = 3
    username = "analyst"


class Leader(DiaoduUser):
    weight = 2
    username = "leader"


class CountyUser(DiaoduUser):
    weight = 3
    username = "county"
    region = "990102"  # 示范市东城区, the demo login `county`


class ImportingAnalyst(HttpUser):
    """One analyst who imports a small monthly file, then waits a few minutes."""

    fixed_count = 1
    wait_time = constant(180)

    def on_start(self) -> None:
        log_in(self, "analyst")
        ready(self)

    @task
    def import_monthly(self) -> None:
        while not STATE["measuring"]:  # the import belongs to the measured window
            gevent.sleep(0.5)
        gevent.sleep(5)
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            "/api/v1/imports/monthly",
            files={"file": ("月报.csv", small_file(), "text/csv")},
            data={"period": IMPORT_PERIOD},
            headers={"X-CSRFToken": token, "Referer": f"{self.host}/"},
            name="api import monthly (50 rows)",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code} {response.text[:300]}")


def small_file(rows: int = 50) -> bytes:
    """A monthly csv of `rows` enterprises of one demo county (valid codes, fixed figures)."""
    rng = random.Random(7)
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(FULL_HEADER)
    for serial in range(1, rows + 1):
        writer.writerow(full_row(rng, 900_000_000 + serial, IMPORT_COUNTY, "1311", "负载企业"))
    return text.getvalue().encode("utf-8")
