"""The jobs `diaodu tick` runs after opening the routine's work items.

Other apps register their own in their AppConfig.ready(), for example::

    from diaodu.dispatch.jobs import register_job
    register_job("预警规则", run_warning_rules)

A job takes the day the tick acts for and returns how many things it did (0 when there
was nothing to do). It must be idempotent: cron runs the tick every few minutes, and a
run right after another must find nothing left to do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Job = Callable[[dt.date], int]

JOBS: list[tuple[str, Job]] = []


def register_job(name: str, func: Job) -> None:
    """Add a job, or replace the one of the same name (ready() may run more than once)."""
    if not name.strip():
        raise ValueError("定时任务须有名称")
    for index, (existing, _) in enumerate(JOBS):
        if existing == name:
            JOBS[index] = (name, func)
            return
    JOBS.append((name, func))
