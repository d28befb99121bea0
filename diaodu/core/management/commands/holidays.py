"""diaodu holidays --year 2027 FILE: enter a year's official holidays and 调休 working days.

FILE has one day per line as the State Council's notice lists them:

    2027-01-01 休 元旦
    2027-02-06 班 春节
    2027-02-08 休 春节

Weekends need no line; only weekdays off (休) and weekend days at work (班)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from diaodu.core.workdays import enter_year


def parse_lines(text: str) -> list[tuple[dt.date, bool, str]]:
    days = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        try:
            day = dt.date.fromisoformat(parts[0])
        except ValueError:
            raise CommandError(f"第{number}行：日期“{parts[0]}”应写作 2027-01-01") from None
        if len(parts) < 2 or parts[1] not in ("休", "班"):
            raise CommandError(f"第{number}行：日期后应写“休”或“班”")
        days.append((day, parts[1] == "班", " ".join(parts[2:])))
    return days


class Command(BaseCommand):
    help = "登记某年的法定节假日和调休上班日（国务院办公厅通知）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--source", default="", help="通知文号")

    def handle(self, *args: Any, **options: Any) -> None:
        days = parse_lines(options["file"].read_text(encoding="utf-8"))
        try:
            enter_year(options["year"], days, source=options["source"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        off = sum(1 for _, workday, _ in days if not workday)
        self.stdout.write(f"已登记{options['year']}年：休息{off}天，调休上班{len(days) - off}天")
