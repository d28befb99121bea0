"""The appeals ledger (诉求台账) in Excel: the template handed out, its import, the 通报 table.

An import is all or nothing: every row goes through the same service steps a user takes
on the web (登记, 交办, 书面说明, 答复), inside one transaction; any bad cell or refused step
is reported with its row and column and nothing is kept.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Font

from diaodu.accounts.models import Unit
from diaodu.appeals import services
from diaodu.appeals.models import Appeal, Category, Difficulty, Meeting, Source
from diaodu.appeals.statistics import AppealStatistics
from diaodu.enterprises.models import Enterprise
from diaodu.ingest.ledgers import LedgerColumn, ledger_template, read_ledger
from diaodu.ingest.monthly import CellError
from diaodu.regions.selectors import region_by_code
from diaodu.reports.words import round_half_up

OUTCOMES = {"已解决": Appeal.Outcome.RESOLVED, "解释到位": Appeal.Outcome.EXPLAINED}
SOURCES = {label: value for value, label in Source.choices}
DIFFICULTIES = {label: value for value, label in Difficulty.choices}


def ledger_columns() -> list[LedgerColumn]:
    categories = tuple(Category.objects.filter(active=True).values_list("name", flat=True))
    return [
        LedgerColumn("统一社会信用代码", width=22),
        LedgerColumn("企业名称", required=True, width=28),
        LedgerColumn("县区代码", note="企业不在库时必填"),
        LedgerColumn("诉求来源", required=True, choices=tuple(SOURCES)),
        LedgerColumn("座谈会/调研名称", width=24),
        LedgerColumn("会议日期", kind="date"),
        LedgerColumn("提出日期", required=True, kind="date"),
        LedgerColumn("问题类别", required=True, choices=categories),
        LedgerColumn("难易程度", choices=tuple(DIFFICULTIES)),
        LedgerColumn("问题", required=True, width=30),
        LedgerColumn("问题描述", width=40),
        LedgerColumn("牵头单位", width=18),
        LedgerColumn("协办单位", width=18, note="多个单位用顿号分隔"),
        LedgerColumn("交办日期", kind="date"),
        LedgerColumn("办理结果", choices=("已解决", "解释到位", "未解决")),
        LedgerColumn("处理回复", width=30),
        LedgerColumn("答复日期", kind="date"),
        LedgerColumn("书面说明", width=30, note="答复晚于办理期限时必填"),
    ]


def appeals_template() -> bytes:
    return ledger_template("诉求台账", ledger_columns())


@dataclass
class LedgerImport:
    created: list[Appeal] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rejected(Exception):
    """Rolls the transaction back once every row has been looked at."""


def import_appeals(data: bytes, *, file_name: str, by: Any) -> LedgerImport:
    result = LedgerImport()
    parsed = read_ledger(data, file_name=file_name, columns=ledger_columns())
    result.errors.extend(parsed.errors)
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for number, record in parsed.rows:
                try:
                    result.created.append(_import_row(record, number, by))
                except (services.AppealError, PermissionError) as error:
                    result.errors.append(CellError(number, "", "", str(error)))
                except _RowError as error:
                    result.errors.append(
                        CellError(number, error.column, error.value, error.message)
                    )
            if result.errors:
                raise _Rejected
    except _Rejected:
        result.created = []
    return result


class _RowError(Exception):
    def __init__(self, column: str, value: str, message: str) -> None:
        super().__init__(message)
        self.column, self.value, self.message = column, value, message


def _unit(name: object, column: str) -> Unit:
    unit = Unit.objects.filter(name=str(name)).first()
    if unit is None:
        raise _RowError(column, str(name), "找不到该责任单位（请先在系统中建立）")
    return unit


def _import_row(record: dict[str, Any], number: int, by: Any) -> Appeal:
    enterprise = None
    if record["统一社会信用代码"]:
        enterprise = Enterprise.objects.filter(uscc=record["统一社会信用代码"]).first()
        if enterprise is None:
            raise _RowError("统一社会信用代码", record["统一社会信用代码"], "库中没有该企业")
    county = region_by_code(record["县区代码"]) if record["县区代码"] else None
    if enterprise is None and county is None:
        raise _RowError("县区代码", record["县区代码"] or "", "企业不在库时须填写有效的县区代码")
    source = SOURCES[record["诉求来源"]]
    meeting = None
    if record["座谈会/调研名称"]:
        if record["会议日期"] is None:
            raise _RowError("会议日期", "", "填写了座谈会/调研名称时须填写会议日期")
        place = enterprise.county if enterprise else county
        assert place is not None
        meeting, _ = Meeting.objects.get_or_create(
            title=record["座谈会/调研名称"],
            held_on=record["会议日期"],
            defaults={"kind": source, "region": place.parent or place},
        )
    appeal = services.register_appeal(
        by=by,
        title=record["问题"],
        content=record["问题描述"] or "",
        category=Category.objects.get(name=record["问题类别"]),
        difficulty=DIFFICULTIES.get(record["难易程度"] or "一般", Difficulty.GENERAL),
        received_on=record["提出日期"],
        source=source,
        enterprise=enterprise,
        enterprise_name=record["企业名称"],
        county=county,
        meeting=meeting,
        allow_duplicate=True,  # a ledger is what happened; duplicates were the bureau's call
    )
    if record["牵头单位"]:
        if record["交办日期"] is None:
            raise _RowError("交办日期", "", "填写了牵头单位时须填写交办日期")
        co_units = [
            _unit(name, "协办单位")
            for name in str(record["协办单位"] or "").replace("，", "、").split("、")
            if name.strip()
        ]
        services.assign(
            appeal,
            lead_unit=_unit(record["牵头单位"], "牵头单位"),
            co_units=co_units,
            on=record["交办日期"],
            by=by,
        )
    outcome = OUTCOMES.get(record["办理结果"] or "")
    if outcome:
        _import_reply(appeal, record, outcome, by)
    return appeal


def _import_reply(appeal: Appeal, record: dict[str, Any], outcome: str, by: Any) -> None:
    if appeal.lead_unit is None:
        raise _RowError("办理结果", record["办理结果"], "未交办的诉求不能有办理结果")
    replied_on = record["答复日期"]
    if replied_on is None:
        raise _RowError("答复日期", "", "有办理结果时须填写答复日期")
    if appeal.needs_explanation(replied_on):
        if not record["书面说明"]:
            raise _RowError(
                "书面说明", "", f"答复日期晚于办理期限（{appeal.due_on}），须填写书面说明"
            )
        services.submit_explanation(appeal, text=record["书面说明"], on=replied_on, by=by)
    services.reply(
        appeal, outcome=outcome, text=record["处理回复"] or record["办理结果"], on=replied_on, by=by
    )


def unit_report_workbook(stats: AppealStatistics) -> bytes:
    """A05: the monthly 通报 table per responsible unit, as the city publishes it."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "诉求办理情况通报"
    sheet.append(
        [f"{stats.total.name}企业诉求办理情况（{stats.start}至{stats.end}，截至{stats.as_of}）"]
    )
    sheet["A1"].font = Font(bold=True, size=14)
    header = [
        "责任单位",
        "交办数",
        "已解决",
        "解释到位",
        "未解决",
        "超期未办结",
        "按时办结率（%）",
        "平均用时（工作日）",
    ]
    sheet.append(header)
    for tally in [*stats.by_unit, stats.total]:
        rate = tally.on_time_rate
        average = tally.average_workdays
        sheet.append(
            [
                "合计" if tally is stats.total else tally.name,
                tally.appeals,
                tally.resolved,
                tally.explained,
                tally.open,
                tally.overdue,
                None if rate is None else float(round_half_up(rate)),
                None if average is None else float(round_half_up(average)),
            ]
        )
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGH", (20, 8, 8, 10, 8, 12, 16, 18), strict=True):
        sheet.column_dimensions[letter].width = width
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
