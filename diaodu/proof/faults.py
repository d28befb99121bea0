"""The real `diaodu` command in a child process, against a real database file or server,
for the fault tests: import, kill, back up, restore — and what the database holds after.

On SQLite the child gets a file copied from the suite's (migrated, reference data loaded)
test database through SQLite's backup API; on PostgreSQL it gets the suite's own test
database, so both see the same rows."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.db import connection
from django.db.models import BigIntegerField, IntegerField

from diaodu.enterprises.models import MonthlyFact

DIAODU = str(Path(sys.executable).with_name("diaodu"))
REPORT: list[str] = []  # lines printed at the end of the run (tests/conftest.py)


@dataclass
class Database:
    """Where the child writes, and how the test reads what it wrote."""

    url: str
    sqlite_path: Path | None = None

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        if self.sqlite_path is not None:
            with sqlite3.connect(self.sqlite_path) as db:
                return db.execute(sql.replace("%s", "?"), params).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []  # a DELETE returns no rows

    def scalar(self, sql: str, params: tuple = ()) -> Any:
        return self.query(sql, params)[0][0]


def child_database(folder: Path) -> Database:
    """A database the child process can open: see the module's note."""
    if connection.vendor == "sqlite":
        path = folder / "diaodu.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        return Database(f"sqlite:///{path}", sqlite_path=path)
    settings = connection.settings_dict
    user = quote(settings.get("USER") or "")
    password = quote(settings.get("PASSWORD") or "")
    login = f"{user}:{password}@" if password else f"{user}@"
    host, port = settings.get("HOST") or "127.0.0.1", settings.get("PORT") or 5432
    return Database(f"postgres://{login}{host}:{port}/{settings['NAME']}")


def environment(database: Database, home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "diaodu.settings",
        "DATABASE_URL": database.url,
        "DIAODU_HOME": str(home),
        "DIAODU_SECRET_KEY": "proof-faults-" + "k" * 40,
        "DIAODU_DEBUG": "0",
    }


def run(database: Database, home: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [DIAODU, *arguments],
        env=environment(database, home),
        capture_output=True,
        text=True,
        timeout=300,
    )


@dataclass
class Killed:
    delay: float  # seconds from start to SIGKILL
    finished_first: bool  # the command ended before the signal was sent
    stderr: str


def import_and_kill(
    database: Database, home: Path, path: Path, period: str, *, delay: float, after_bar: bool
) -> Killed:
    """Start `diaodu import monthly` and SIGKILL it `delay` seconds after the start, or —
    after_bar — `delay` seconds after the first progress bar (reading the file) completes,
    which lands the kill among the writes."""
    child = subprocess.Popen(
        [DIAODU, "import", "monthly", str(path), "--period", period],
        env=environment(database, home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    started = time.monotonic()
    seen = bytearray()
    bar_done = threading.Event()
    reader = threading.Thread(target=_read_bar, args=(child, seen, bar_done), daemon=True)
    reader.start()
    if after_bar:
        bar_done.wait(timeout=120)
    try:
        child.wait(timeout=delay)  # a child that ends sooner is not waited for further
        finished_first = True
    except subprocess.TimeoutExpired:
        finished_first = False
        child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    reader.join(timeout=10)
    _wait_for_server_side(database)
    return Killed(time.monotonic() - started, finished_first, seen.decode(errors="replace"))


def _wait_for_server_side(database: Database, seconds: float = 60) -> None:
    """On PostgreSQL the killed client's backend finishes the statement it is running (a
    COPY, the foreign-key checks of a COMMIT) before it finds its client gone and rolls
    back or ends: wait for it, so what the test reads — and the flush after the test — do
    not race it."""
    if database.sqlite_path is not None:
        return
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        others = database.scalar(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND state <> 'idle'"
        )
        if not others:
            return
        time.sleep(0.1)


def _read_bar(child: subprocess.Popen, seen: bytearray, bar_done: threading.Event) -> None:
    """The bar ends its line when it reaches the end; the first end is the read of the file."""
    assert child.stderr is not None
    while chunk := child.stderr.read1(4096):  # type: ignore[attr-defined]
        seen.extend(chunk)
        if b"\n" in seen:
            bar_done.set()
    bar_done.set()


# --- what the database holds ---------------------------------------------------------------


def money_columns() -> list[str]:
    """Every figure of a fact: money in 分, power in 千瓦时, employees."""
    return [
        field.column
        for field in MonthlyFact._meta.concrete_fields
        if isinstance(field, BigIntegerField | IntegerField)
        and not field.is_relation
        and field.name not in ("id", "period")
    ]


def facts_checksum(database: Database) -> tuple:
    """Count of facts, and sum and count of every figure column: equal before a backup and
    after its restore, or some figure was lost or altered."""
    parts = ["COUNT(*)"]
    for column in money_columns():
        parts += [f"SUM({column})", f"COUNT({column})"]
    row = database.query(f"SELECT {', '.join(parts)} FROM enterprises_monthlyfact")[0]
    return tuple(int(value or 0) for value in row)


@dataclass(frozen=True)
class PeriodState:
    facts: int
    accepted: list[int]  # row counts of the accepted batches of the period
    enterprises: int  # of the file's enterprises (found by their name), how many exist


def period_state(database: Database, period_key: int, name: str) -> PeriodState:
    facts = database.scalar(
        "SELECT COUNT(*) FROM enterprises_monthlyfact WHERE period = %s", (period_key,)
    )
    accepted = [
        row[0]
        for row in database.query(
            "SELECT row_count FROM ingest_importbatch WHERE period = %s AND status = %s",
            (period_key, "accepted"),
        )
    ]
    known = database.scalar(
        "SELECT COUNT(*) FROM enterprises_enterprise WHERE name LIKE %s", (f"{name}%",)
    )
    return PeriodState(facts, accepted, known)
