"""`diaodu workbook --region CODE --period YYYY-MM --out FILE.xlsx`: the bulletin's tables."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from diaodu.core.commands import DataCommand
from diaodu.reports.bulletin import BulletinError
from diaodu.reports.management.commands.bulletin import (
    add_report_arguments,
    output_path,
    region_and_period,
)
from diaodu.reports.workbook import write_workbook


class Command(DataCommand):
    help = "通报数据表：某地区某月通报中的各表（Excel），供继续分析"

    def add_arguments(self, parser: CommandParser) -> None:
        add_report_arguments(parser, ".xlsx")

    def handle(self, *args: Any, **options: Any) -> None:
        region, period = region_and_period(options)
        path = output_path(options["out"])
        try:
            write_workbook(region, period, path)
        except BulletinError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"已生成{region.name}{period.label}通报数据表：{path}")
