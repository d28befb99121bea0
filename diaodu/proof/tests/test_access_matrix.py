"""The access matrix (issue 10, item 4): every operation of the API and every page, walked by
each role against the objects of its own county and of another one.

A user of 汉滨 (610902) must get 404 — not 200, not 403, so that existence is not leaked —
for every enterprise, fact, batch, appeal, project, target, warning and dispatch item of
汉阴 (610921), and no response of any list may mention them; a responsible unit reads only
the appeals assigned to it; a leader changes nothing. The operations are read from the
API's own OpenAPI document, so an endpoint added later is walked without editing this file.

A case that fails here because an endpoint leaks is marked xfail below with the reason, so
the suite passes and the leak stays visible; the fix belongs to the endpoint's app."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from diaodu.proof.access import (
    WRITE_METHODS,
    Operation,
    operations,
    page_body,
    pages,
    send,
    text_of,
)
from diaodu.proof.world import (
    FOREIGN,
    MARKERS,
    QUERY_VALUES,
    World,
    body_hints,
    body_overrides,
    build_world,
    path_values,
)

pytestmark = pytest.mark.django_db

# A computation on figures the user may read; it writes nothing, so a leader may run it.
COMPUTATIONS = {"POST /api/v1/regions/{code}/what-if"}
# Reference data and published official figures, not a county's objects: the region tree
# (GB/T 2260) and the ranking of regions on official figures (README: the one exception).
PUBLIC = {"GET /api/v1/regions/{code}", "GET /api/v1/regions/{code}/ranking"}

# A leader's write refused, but not with 403: label → why (nothing written, checked first).
REFUSED_LATE: dict[str, str] = {}
# "check operation" → why it fails today. Found by this matrix; the endpoint's app owns the
# fix, and strict xfail turns the mark red once it is fixed, so the mark is then removed.
KNOWN_LEAKS: dict[str, str] = {}


OPERATIONS = operations()
READS = [op for op in OPERATIONS if op.method == "GET"]
OBJECT_READS = [op for op in READS if op.path_names]
LIST_READS = [op for op in READS if not op.path_names]
WRITES = [op for op in OPERATIONS if op.method in WRITE_METHODS and op.label not in COMPUTATIONS]
# Warning rules are the city's settings, not a county's objects.
OBJECT_WRITES = [op for op in WRITES if op.path_names and op.path_names != ["kind"]]
SECRET = MARKERS[FOREIGN]


def cases(ops: list[Operation], kind: str) -> list:
    params = []
    for op in ops:
        reason = KNOWN_LEAKS.get(f"{kind} {op.label}")
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        params.append(pytest.param(op, id=op.label, marks=marks))
    return params


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """Built once for the module inside a transaction rolled back at its end; each test runs
    in a savepoint within it, so what one test writes the next does not see."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def client_for(world: World, name: str) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


def _explain(response) -> str:
    return f"{response.status_code} {text_of(response)[:300]}"


# --- a county user and another county's objects -----------------------------------------------


@pytest.mark.parametrize("op", cases(OBJECT_READS, "county-read"))
def test_a_county_user_gets_404_for_every_object_of_another_county(world, op):
    client = client_for(world, "hanbin")
    own = client.get(op.url(path_values(world.own, world), QUERY_VALUES))
    # The same request on its own county's object works: the 404 below is the scope's.
    assert own.status_code == 200, f"own county: {_explain(own)}"
    assert SECRET not in text_of(own), "its own object's answer mentions 汉阴"
    foreign = client.get(op.url(path_values(world.foreign, world), QUERY_VALUES))
    assert foreign.status_code == 404, f"another county: {_explain(foreign)}"


@pytest.mark.parametrize("op", cases(LIST_READS, "county-list"))
def test_no_list_shows_a_county_user_anything_of_another_county(world, op):
    client = client_for(world, "hanbin")
    response = client.get(op.url({}, QUERY_VALUES))
    assert response.status_code == 200, _explain(response)
    assert SECRET not in text_of(response)
    for name in ("region", "county"):  # the lists' filters, pointed at the other county
        if any(p["name"] == name for p in op.parameters("query")):
            filtered = client.get(f"{op.path}?{name}={FOREIGN}")
            assert filtered.status_code == 404 or (
                filtered.status_code == 200 and SECRET not in text_of(filtered)
            ), f"?{name}={FOREIGN}: {_explain(filtered)}"


@pytest.mark.parametrize("op", cases(OBJECT_WRITES, "county-write"))
def test_a_county_user_cannot_change_another_countys_object(world, op):
    client = client_for(world, "hanbin")
    url = op.url(path_values(world.foreign, world), QUERY_VALUES)
    response = send(client, op, url, body_hints(world), body_overrides())
    assert response.status_code == 404, _explain(response)


# --- a responsible unit -------------------------------------------------------------------------


def test_a_unit_lists_only_the_appeals_assigned_to_it(world):
    client = client_for(world, "unit")
    listed = [row["number"] for row in client.get("/api/v1/appeals").json()]
    assert listed == [world.own.appeal.number]  # assigned to its unit; 汉阴's to another
    assert client.get(f"/api/v1/appeals/{world.own.appeal.number}").status_code == 200
    assert client.get(f"/api/v1/appeals/{world.foreign.appeal.number}").status_code == 404


@pytest.mark.parametrize(
    "op", cases([op for op in OBJECT_READS if op.label not in PUBLIC], "unit-read")
)
def test_a_unit_reads_no_object_outside_its_appeals(world, op):
    """Whatever the operation, the objects of a county whose appeal went to another unit
    are not the unit's: 404 (a unit reads no enterprise books at all)."""
    client = client_for(world, "unit")
    response = client.get(op.url(path_values(world.foreign, world), QUERY_VALUES))
    assert response.status_code in (403, 404), _explain(response)
    assert SECRET not in text_of(response)


@pytest.mark.parametrize("op", cases(LIST_READS, "unit-list"))
def test_no_list_shows_a_unit_what_is_not_assigned_to_it(world, op):
    response = client_for(world, "unit").get(op.url({}, QUERY_VALUES))
    assert SECRET not in text_of(response), _explain(response)


# --- a leader ----------------------------------------------------------------------------------


@pytest.mark.parametrize("op", [pytest.param(op, id=op.label) for op in WRITES])
def test_a_leader_changes_nothing(world, op):
    """Every write, with a body the view accepts and objects the leader can see: nothing is
    written (every service audits what it changes: unchanged tables mean no write), and the
    answer is 403 (or 405)."""
    client = client_for(world, "leader")
    values = {**path_values(world.own, world), "target_id": str(world.city_target.pk)}
    before = table_counts()
    response = send(client, op, op.url(values, QUERY_VALUES), body_hints(world), body_overrides())
    assert table_counts() == before, _explain(response)
    if op.label in REFUSED_LATE:
        pytest.xfail(REFUSED_LATE[op.label])
    assert response.status_code in (403, 405), _explain(response)


def table_counts() -> dict[str, int]:
    from django.apps import apps

    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in ("sessions", "contenttypes", "auth")
    }


@pytest.mark.parametrize("op", cases(OBJECT_READS, "leader-read"))
def test_a_leader_reads_every_object_of_the_city(world, op):
    response = client_for(world, "leader").get(
        op.url(path_values(world.foreign, world), QUERY_VALUES)
    )
    assert response.status_code == 200, _explain(response)


# --- pages ---------------------------------------------------------------------------------------

PAGES = pages()
OBJECT_PAGES = [page for page in PAGES if page.names]
LIST_PAGES = [page for page in PAGES if not page.names]


@pytest.mark.parametrize("page", [pytest.param(p, id=p.name) for p in OBJECT_PAGES])
def test_a_county_user_gets_404_for_every_page_of_another_county(world, page):
    client = client_for(world, "hanbin")
    own = client.get(page.url(path_values(world.own, world)))
    if own.status_code == 405:  # a form's target, POST only: posting to another county's
        before = table_counts()
        foreign = client.post(page.url(path_values(world.foreign, world)), page_body(page.name))
        assert foreign.status_code == 404, _explain(foreign)
        assert table_counts() == before
        return
    assert own.status_code == 200, f"own county: {_explain(own)}"
    assert SECRET not in text_of(own)
    foreign = client.get(page.url(path_values(world.foreign, world)))
    assert foreign.status_code == 404, _explain(foreign)


@pytest.mark.parametrize("page", [pytest.param(p, id=p.name) for p in LIST_PAGES])
@pytest.mark.parametrize("who", ["hanbin", "unit"])
def test_no_page_shows_another_countys_objects(world, page, who):
    response = client_for(world, who).get(page.url({}))
    assert response.status_code in (200, 302, 404), _explain(response)
    assert SECRET not in text_of(response)


# --- sessions, passwords, login ------------------------------------------------------------


def test_a_session_lasts_a_working_day_at_most_and_ends_with_the_browser(client, county_user):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    client.post("/login/", {"username": "hanbin", "password": "pass-1234"})
    assert client.get("/").status_code == 200
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]  # gone when the browser closes
    session = Session.objects.get(session_key=cookie.value)
    assert session.expire_date <= timezone.now() + dt.timedelta(hours=8)
    # Eight hours later the same cookie opens nothing: back to the login page.
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@override_settings(DIAODU_LOGIN_MAX_FAILURES=3)
def test_the_login_page_stops_a_guesser_even_with_the_right_password(client, county_user):
    for _ in range(3):
        client.post("/login/", {"username": "hanbin", "password": "wrong"})
    client.post("/login/", {"username": "hanbin", "password": "pass-1234"})
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302


def test_production_settings_hash_passwords_with_djangos_default_and_keep_cookies_safe(tmp_path):
    """Under diaodu.settings itself (the suite's settings use a fast hasher): PBKDF2-SHA256,
    secure cookies behind HTTPS, WhiteNoise in front, the log also in DIAODU_LOG_FILE."""
    log = tmp_path / "diaodu.log"
    script = (
        "import django, logging; django.setup()\n"
        "from django.conf import settings\n"
        "from django.contrib.auth.hashers import make_password\n"
        "print(make_password('x').split('$')[0])\n"
        "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE,"
        " settings.SESSION_COOKIE_HTTPONLY, settings.SESSION_COOKIE_AGE)\n"
        "print(settings.MIDDLEWARE[1])\n"
        "logging.getLogger('django.request').error('证明日志')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "diaodu.settings",
            "DIAODU_DEBUG": "0",
            "DIAODU_SECRET_KEY": "proof-" + "x" * 50,
            "DIAODU_HTTPS": "1",
            "DIAODU_HOME": str(tmp_path),
            "DIAODU_LOG_FILE": str(log),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == [
        "pbkdf2_sha256",
        "True True True 28800",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]
    assert "证明日志" in log.read_text(encoding="utf-8")
