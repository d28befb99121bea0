"""`diaodu brief --region CODE [--date YYYY-MM-DD] --out FILE.docx`: the 旬 brief."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from diaodu.core.commands import DataCommand
from diaodu.regions.selectors import region_by_code
from diaodu.reports.brief import build_brief
from diaodu.reports.docx import write_docx
from diaodu.reports.management.commands.bulletin import output_path


class Command(DataCommand):
    help = "旬研判简报：最新月报、未办结预警、诉求期限、项目进度和待办调度事项（一页 Word）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="地区代码，如 610900")
        parser.add_argument("--date", default="", help="日期，如 2026-11-20（默认今天）")
        parser.add_argument("--out", required=True, help="输出文件（.docx）")

    def handle(self, *args: Any, **options: Any) -> None:
        region = region_by_code(options["region"])
        if region is None:
            raise CommandError(f"地区代码{options['region']}不存在")
        try:
            day = dt.date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError:
            raise CommandError(f"日期“{options['date']}”应写作 2026-11-20") from None
        path = output_path(options["out"])
        brief = build_brief(region, day or timezone.localdate())
        write_docx(brief, path)
        self.stdout.write(f"已生成{brief.title}：{path}")
