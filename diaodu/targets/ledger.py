"""The targets template (目标导入模板) handed out, and its import: all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from diaodu.ingest.ledgers import LedgerColumn, ledger_template, read_ledger
from diaodu.ingest.monthly import CellError
from diaodu.regions.selectors import region_by_code
from diaodu.targets.models import Target
from diaodu.targets.services import TargetError, set_target

KINDS = {"增速": Target.Kind.GROWTH, "总量": Target.Kind.ABSOLUTE}
TIERS = {label: value for value, label in Target.Tier.choices}

COLUMNS = [
    LedgerColumn("年度", required=True, kind="number", width=8),
    LedgerColumn("地区代码", required=True, width=12),
    LedgerColumn("地区名称", width=14),
    LedgerColumn("指标", required=True, width=20),
    LedgerColumn("类型", required=True, choices=tuple(KINDS)),
    LedgerColumn("档次", choices=tuple(TIERS)),
    LedgerColumn("目标值", required=True, width=12),
    LedgerColumn("单位", width=10),
    LedgerColumn("下达单位", width=14),
    LedgerColumn("说明", width=30),
]


def targets_template() -> bytes:
    return ledger_template("年度目标", COLUMNS)


@dataclass
class TargetsImport:
    targets: list[Target] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)


class _Rejected(Exception):
    pass


def import_targets(data: bytes, *, file_name: str, by: Any) -> TargetsImport:
    result = TargetsImport()
    parsed = read_ledger(data, file_name=file_name, columns=COLUMNS)
    result.errors.extend(parsed.errors)
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for number, record in parsed.rows:
                try:
                    result.targets.append(_row(record, number, by))
                except (TargetError, PermissionError) as error:
                    result.errors.append(CellError(number, "", "", str(error)))
                except _CellProblem as problem:
                    result.errors.append(problem.error)
            if result.errors:
                raise _Rejected
    except _Rejected:
        result.targets = []
    return result


class _CellProblem(Exception):
    def __init__(self, error: CellError) -> None:
        self.error = error


def _row(record: dict[str, Any], number: int, by: Any) -> Target:
    region = region_by_code(str(record["地区代码"]))
    if region is None:
        raise _CellProblem(
            CellError(number, "地区代码", str(record["地区代码"]), "没有这个地区代码")
        )
    text = str(record["目标值"]).replace("%", "").strip()
    try:
        value = Decimal(text)
    except ArithmeticError:
        raise _CellProblem(CellError(number, "目标值", text, "不是数字")) from None
    year = record["年度"]
    if year != year.to_integral_value() or not 2000 <= year <= 2100:
        raise _CellProblem(CellError(number, "年度", str(year), "应为四位年份"))
    return set_target(
        region=region,
        year=int(year),
        indicator=str(record["指标"]),
        kind=KINDS[record["类型"]],
        value=value,
        by=by,
        tier=TIERS.get(record["档次"] or "预期", Target.Tier.EXPECTED),
        unit=record["单位"] or "",
        method=Target.Method.HANDED_DOWN if record["下达单位"] else Target.Method.SET,
        handed_down_by=record["下达单位"] or "",
        note=record["说明"] or "",
    )
