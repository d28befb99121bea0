"""`diaodu tick`: open the routine's due work items and run the registered jobs.

For cron, every five minutes (a second run right after does nothing):

    */5 * * * * cd /srv/diaodu && .venv/bin/diaodu tick >> var/log/tick.log 2>&1
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone

from diaodu.core.commands import DataCommand
from diaodu.dispatch.tick import OPEN_ITEMS, run_tick


class Command(DataCommand):
    help = "执行到期的定时任务：开启各周期的调度事项，运行已登记的定时任务"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="按指定日期执行（YYYY-MM-DD，补跑或测试用），默认今天")

    def handle(self, *args: Any, **options: Any) -> None:
        now = None
        if options["date"]:
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"日期“{options['date']}”应写作 2026-11-05") from None
            # A later day would open the items of periods that have not ended yet.
            if day > timezone.localdate():
                raise CommandError(f"日期 {day} 晚于今天，不能提前执行")
            now = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
        run = run_tick(now)
        stamp = timezone.localtime(run.started_at).strftime("%Y-%m-%d %H:%M:%S")
        parts = [f"新开调度事项{run.opened}项"]
        parts += [f"{name}：{count}" for name, count in run.summary.items() if name != OPEN_ITEMS]
        self.stdout.write(f"{stamp} 定时任务（{run.today}）：" + "；".join(parts))
        for name, error in run.errors.items():
            self.stderr.write(f"定时任务“{name}”出错：{error}")
        if run.errors:
            raise CommandError(f"{len(run.errors)}个定时任务出错，详见上文")
