"""`tick`: everything that is due, done once — safe to run from cron every few minutes.

    */5 * * * * cd /srv/diaodu && .venv/bin/diaodu tick >> var/log/tick.log 2>&1

A run opens the work items of the periods that have ended (services.open_due_items), then
runs every registered job (diaodu.dispatch.jobs), and records a TickRun. Two overlapping
runs do not both act: each holds a lock row (SELECT … FOR UPDATE on PostgreSQL; SQLite
allows one writer at a time anyway) for its whole length, so the second one waits, then
finds the items opened and opens none. The unique (cadence, period_key) constraint is the
last guard. A job that fails is rolled back on its own, logged and recorded; the others
still run.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from diaodu.dispatch import jobs
from diaodu.dispatch.jobs import Job
from diaodu.dispatch.models import TickLock, TickRun
from diaodu.dispatch.services import open_due_items

logger = logging.getLogger(__name__)

OPEN_ITEMS = "open_due_items"


def tick(now: dt.datetime | None = None) -> dict[str, int]:
    """Do what is due at `now` (default: now); {job name: how many things it did}."""
    return dict(run_tick(now).summary)


def run_tick(now: dt.datetime | None = None) -> TickRun:
    """The same as tick(), returning the recorded run (with the failed jobs' errors)."""
    today = timezone.localdate(now or timezone.now())
    with transaction.atomic():
        TickLock.objects.select_for_update().get_or_create(name="tick")
        run = TickRun.objects.create(started_at=timezone.now(), today=today)
        run.opened = open_due_items(today)
        summary, errors = {OPEN_ITEMS: run.opened}, {}
        # Read at call time: apps register in ready(), tests replace the list.
        for name, job in list(jobs.JOBS):
            outcome = _run_job(name, job, today)
            if isinstance(outcome, int):
                summary[name] = outcome
            else:
                errors[name] = outcome
        run.summary, run.errors, run.finished_at = summary, errors, timezone.now()
        run.save()
    return run


def _run_job(name: str, job: Job, today: dt.date) -> int | str:
    """The job's count, or the error text; a failed job's writes are rolled back alone."""
    try:
        with transaction.atomic():
            return int(job(today))
    except Exception as error:  # one app's broken job must not stop the routine
        logger.exception("定时任务“%s”出错", name)
        return f"{type(error).__name__}: {error}"[:500]
