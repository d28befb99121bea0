"""`diaodu bulletin --region CODE --period YYYY-MM --out FILE.docx`: the monthly bulletin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from diaodu.core.commands import DataCommand
from diaodu.core.periods import Period, PeriodError
from diaodu.regions.models import Region
from diaodu.regions.selectors import region_by_code
from diaodu.reports.bulletin import BulletinError, build_bulletin
from diaodu.reports.docx import write_docx


def add_report_arguments(parser: CommandParser, suffix: str) -> None:
    parser.add_argument("--region", required=True, help="地区代码，如 610900")
    parser.add_argument("--period", required=True, help="报告期，如 2026-08")
    parser.add_argument("--out", required=True, help=f"输出文件（{suffix}）")


def region_and_period(options: dict[str, Any]) -> tuple[Region, Period]:
    """The region and the month asked for, or a CommandError in Chinese (exit status 1)."""
    region = region_by_code(options["region"])
    if region is None:
        raise CommandError(f"地区代码{options['region']}不存在")
    try:
        return region, Period.parse(options["period"])
    except PeriodError as error:
        raise CommandError(str(error)) from error


def output_path(text: str) -> Path:
    path = Path(text)
    if not path.parent.is_dir():
        raise CommandError(f"输出目录{path.parent}不存在")
    return path


class Command(DataCommand):
    help = "月通报：生成某地区某月的工业经济运行情况通报（Word，GB/T 9704 公文格式）"

    def add_arguments(self, parser: CommandParser) -> None:
        add_report_arguments(parser, ".docx")

    def handle(self, *args: Any, **options: Any) -> None:
        region, period = region_and_period(options)
        path = output_path(options["out"])
        try:
            bulletin = build_bulletin(region, period)
        except BulletinError as error:
            raise CommandError(str(error)) from error
        write_docx(bulletin, path)
        self.stdout.write(f"已生成{bulletin.title}：{path}")
