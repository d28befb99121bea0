"""`diaodu import monthly|indicators FILE …` and `diaodu import rollback BATCH_ID --yes`."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser

from diaodu.core.commands import DataCommand
from diaodu.ingest.models import ImportBatch
from diaodu.ingest.services import (
    ImportResult,
    RollbackError,
    import_indicators,
    import_monthly,
    rollback_batch,
)


class ProgressBar:
    """A text bar on standard error, redrawn at most a few times a second."""

    def __init__(self, label: str) -> None:
        self.label, self.last = label, 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.2 and done < total:
            return
        self.last = now
        filled = int(30 * done / max(total, 1))
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


class Command(DataCommand):
    help = "导入企业月度报表、地区主要指标，或撤销一个导入批次"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="kind", required=True)
        monthly = sub.add_parser("monthly", help="导入规上工业企业月度报表（.xlsx/.xls/.csv）")
        monthly.add_argument("file")
        monthly.add_argument("--period", help="报告期，如 2024-08（文件中无报告期列时必填）")
        monthly.add_argument("--sheet", help="工作表名称（默认第一个）")
        monthly.add_argument("--user", help="以哪个用户的名义导入")
        indicators = sub.add_parser("indicators", help="导入地区主要指标（官方数据）")
        indicators.add_argument("file")
        indicators.add_argument("--sheet")
        indicators.add_argument("--user")
        rollback = sub.add_parser("rollback", help="撤销一个企业月度报表导入批次")
        rollback.add_argument("batch_id", type=int)
        rollback.add_argument("--yes", action="store_true", help="确认撤销")
        rollback.add_argument("--user")

    def handle(self, *args: Any, **options: Any) -> None:
        user = self._user(options.get("user"))
        if options["kind"] == "rollback":
            self._rollback(options, user)
            return
        if options["kind"] == "monthly":
            result = import_monthly(
                options["file"],
                period=options["period"],
                sheet=options["sheet"],
                user=user,
                progress=ProgressBar("导入"),
            )
        else:
            result = import_indicators(options["file"], sheet=options["sheet"], user=user)
        self._print(result)

    def _user(self, username: str | None) -> Any:
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在")
        return user

    def _rollback(self, options: dict[str, Any], user: Any) -> None:
        if not options["yes"]:
            raise CommandError("撤销会恢复该批次之前的数据，请加 --yes 确认")
        batch = ImportBatch.objects.filter(pk=options["batch_id"]).first()
        if batch is None:
            raise CommandError(f"批次{options['batch_id']}不存在")
        try:
            rollback_batch(batch=batch, user=user)
        except RollbackError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"已撤销批次{batch.pk}（{batch.file_name}）")

    def _print(self, result: ImportResult) -> None:
        if not result.ok:
            for error in result.errors:
                self.stderr.write(error.as_text())
            raise CommandError(f"导入失败：共{len(result.errors)}处错误，数据未做任何改动")
        report = result.report
        self.stdout.write(
            f"导入成功：批次{result.batch.pk if result.batch else ''}，"
            f"报告期{report.get('period', '')}，{report.get('rows', 0)}行"
        )
        for line in report_lines(report):
            self.stdout.write(line)


def report_lines(report: dict[str, Any]) -> list[str]:
    lines = []
    if "created_enterprises" in report:
        lines.append(
            f"新建企业{report['created_enterprises']}户，更新企业信息{report['updated_enterprises']}户"
        )
    if report.get("unknown_columns"):
        lines.append("未识别（已忽略）的列：" + "、".join(report["unknown_columns"]))
    if report.get("skipped_rows"):
        lines.append("跳过的合计行：" + "、".join(str(row) for row in report["skipped_rows"]))
    if report.get("replaced_rows"):
        lines.append(f"替换了该报告期原有数据{report['replaced_rows']}行（原数据已存入历史）")
    for item in report.get("removed", []):
        lines.append(f"  新文件中没有、已移除本期数据：{item['name']}（{item['uscc']}）")
    for item in report.get("changed", []):
        old, new = item["old_output_ytd"], item["new_output_ytd"]
        lines.append(f"  数据有变化：{item['name']} 本年累计 {old} → {new} 万元")
    for move in report.get("growth_moves", []):
        before, after = move["growth_before"], move["growth_after"]
        if before != after:
            lines.append(f"  {move['name']}累计产值增速：{_pct(before)} → {_pct(after)}")
    if "figures" in report:
        lines.append(f"新增指标{report['created']}条，替换{report['replaced']}条")
    return lines


def _pct(value: str | None) -> str:
    return "无" if value is None else f"{float(value):.2f}%"
