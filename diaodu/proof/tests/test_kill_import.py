"""Faults (issue 10, item 3): the import killed at random points, and backup / restore — the
real `diaodu` command in its own process, on an SQLite file and, when the suite runs under
scripts/with-postgres.sh, on PostgreSQL.

After a SIGKILL the database holds the whole batch or none of it: every fact of the file,
its enterprises and an accepted batch with the file's row count — or no fact of the
period, no accepted batch and none of the file's new enterprises."""

from __future__ import annotations

import random
import re

import pytest
from django.db import connection

from diaodu.core.periods import Period
from diaodu.proof import faults
from diaodu.proof.files import write_monthly_csv

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

COUNTIES = ["610902", "610921", "610922", "610923"]
ROWS = 12_000  # big enough that the writing takes a good part of a second
NAMES = "甲乙丙丁戊己"  # one per run: 证明甲批1, 证明甲批2, …


@pytest.fixture
def database(tmp_path):
    return faults.child_database(tmp_path)


def _file(tmp_path, run: int):
    name = f"证明{NAMES[run]}批"
    path = write_monthly_csv(
        tmp_path / f"run{run}.csv",
        rows=ROWS,
        counties=COUNTIES,
        first_serial=1 + run * ROWS,
        seed=run,
        name=name,
    )
    return path, name


def _assert_whole_or_nothing(database, period: str, name: str) -> str:
    state = faults.period_state(database, Period.parse(period).key, name)
    if state.accepted:
        assert state == faults.PeriodState(ROWS, [ROWS], ROWS), state
        return "whole"
    assert state == faults.PeriodState(0, [], 0), state
    return "none"


def test_an_import_killed_anywhere_leaves_the_whole_batch_or_none_of_it(tmp_path, database):
    # A run to its end first: how long an import takes here, and that it succeeds.
    path, name = _file(tmp_path, 0)
    finished = faults.import_and_kill(
        database, tmp_path, path, "2024-01", delay=600, after_bar=False
    )
    assert finished.finished_first, finished.stderr[-2000:]
    assert _assert_whole_or_nothing(database, "2024-01", name) == "whole"
    whole = finished.delay
    # Then kills: early (start-up, reading), at random, and among the writes.
    rng = random.Random()
    plans = [
        (rng.uniform(0.1, 0.9) * whole, False),
        (rng.uniform(0.0, 0.3), True),
        (rng.uniform(0.2, 0.8), True),
    ]
    outcomes = []
    for run, (delay, after_bar) in enumerate(plans, start=1):
        path, name = _file(tmp_path, run)
        period = f"2024-{run + 1:02d}"
        killed = faults.import_and_kill(
            database, tmp_path, path, period, delay=delay, after_bar=after_bar
        )
        outcome = _assert_whole_or_nothing(database, period, name)
        # The progress bar ends its first line when the file has been read: a kill after
        # that strikes the writing (or the exit after the commit).
        phase = "after reading" if "导入" in killed.stderr and "\n" in killed.stderr else "reading"
        outcomes.append(f"{killed.delay:.2f}s ({phase})→{outcome}")
    faults.REPORT.append(
        f"kill: {connection.vendor}, {ROWS} rows, whole import {whole:.2f}s; "
        f"killed at {', '.join(outcomes)}"
    )


def test_backup_and_restore_give_back_every_figure(tmp_path, database):
    """`diaodu backup` / `diaodu restore` round trip, checked by the count of facts and the
    sum and count of every figure column, and by the commands' own checksum."""
    for run, period in enumerate(("2024-06", "2024-07"), start=1):
        path = write_monthly_csv(
            tmp_path / f"b{run}.csv", rows=2_000, counties=COUNTIES, seed=run, first_serial=1
        )
        done = faults.run(database, tmp_path, "import", "monthly", str(path), "--period", period)
        assert done.returncode == 0, done.stderr[-2000:]
    before = faults.facts_checksum(database)
    assert before[0] == 4_000 and all(before)  # every column carries figures
    backup = faults.run(database, tmp_path, "backup", str(tmp_path / "diaodu.backup"))
    assert backup.returncode == 0, backup.stderr

    # Damage: a correction re-imported over a month, and facts lost.
    path = write_monthly_csv(tmp_path / "c.csv", rows=500, counties=COUNTIES[:1], seed=9)
    faults.run(database, tmp_path, "import", "monthly", str(path), "--period", "2024-07")
    database.query("DELETE FROM enterprises_monthlyfact WHERE period = 202406 AND mod(id, 7) = 0")
    assert faults.facts_checksum(database) != before

    restore = faults.run(database, tmp_path, "restore", str(tmp_path / "diaodu.backup"), "--yes")
    assert restore.returncode == 0, restore.stderr
    assert faults.facts_checksum(database) == before
    assert _checksum(backup.stdout) == _checksum(restore.stdout)


def _checksum(output: str) -> str:
    found = re.search(r"校验值 ([0-9a-f]{64})", output)
    assert found, output
    return found.group(1)
