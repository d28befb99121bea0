"""Official region figures (contracts/region-indicators.md): long format, one figure a row."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from diaodu.core.money import AmountError, is_blank, to_decimal
from diaodu.core.periods import Period, PeriodError
from diaodu.ingest.headers import INDICATOR_ALIASES, Column, is_header_row, match_headers
from diaodu.ingest.monthly import CellError, _cell, _text
from diaodu.ingest.readers import Table

REQUIRED = {"period": "报告期", "region_code": "地区代码", "indicator": "指标"}
SCOPES = {"": "ytd", "累计": "ytd", "当月": "month", "本月": "month"}
QUARTER_NAMES = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER = re.compile(r"^(\d{4})\s*(?:[Qq]|年第?)([1-4一二三四])(?:季度)?$")
_YEAR = re.compile(r"^(\d{4})年?$")


@dataclass(frozen=True)
class FigureKey:
    region_id: int
    indicator_id: int
    period_kind: str
    period: int
    scope: str


@dataclass
class FigureRecord:
    row: int
    key: FigureKey
    value: Decimal | None
    growth: Decimal | None


@dataclass
class ParsedIndicators:
    records: list[FigureRecord] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class IndicatorLookups:
    region_by_code: dict[str, int]
    region_names: dict[int, set[str]]  # every name a region has had
    indicator_by_name: dict[str, int]  # names and aliases


def parse_figure_period(value: object) -> tuple[str, int]:
    """("month", 202208) | ("quarter", 20222) | ("year", 2022)."""
    text = _text(value).replace(" ", "")
    if match := _QUARTER.match(text):
        return "quarter", int(match.group(1)) * 10 + QUARTER_NAMES[match.group(2)]
    if (match := _YEAR.match(text)) and len(match.group(1)) == len(text.rstrip("年")):
        return "year", int(match.group(1))
    return "month", Period.parse(text).key


def parse_indicators(table: Table, *, lookups: IndicatorLookups) -> ParsedIndicators:
    result = ParsedIndicators()
    header_row = next(
        (n for n, cells in table.numbered() if is_header_row(cells, "地区代码")), None
    )
    if header_row is None:
        result.errors.append(CellError(None, "", "", "找不到表头：没有以“地区代码”开头的列"))
        return result
    columns, result.unknown_columns, duplicated = match_headers(
        table.rows[header_row - 1], INDICATOR_ALIASES
    )
    result.errors += [CellError(header_row, h, "", "与前面的列重复") for h in duplicated]
    result.errors += [
        CellError(header_row, header, "", "缺少必填列")
        for name, header in REQUIRED.items()
        if name not in columns
    ]
    if "value" not in columns and "growth" not in columns:
        result.errors.append(
            CellError(header_row, "值/同比增长", "", "至少要有“值”或“同比增长”一列")
        )
    if result.errors:
        return result
    seen: dict[FigureKey, FigureRecord] = {}
    for number, cells in table.numbered(header_row + 1):
        if all(is_blank(cell) for cell in cells):
            continue
        record = _parse_row(number, cells, columns, lookups, result)
        if record is not None:
            _add_record(record, seen, columns, result)
    result.records = list(seen.values())
    if not result.records and not result.errors:
        result.errors.append(CellError(None, "", "", "文件中没有指标数据行"))
    return result


def _add_record(
    record: FigureRecord,
    seen: dict[FigureKey, FigureRecord],
    columns: dict[str, Column],
    result: ParsedIndicators,
) -> None:
    """One figure per key; February (1—2月) serves both scopes unless given for both."""
    key = record.key
    if key in seen and seen[key].row != -1:
        header = columns["indicator"].header
        result.errors.append(CellError(record.row, header, "", f"与第{seen[key].row}行重复"))
        return
    if key in seen:  # filled from the other scope's February figure
        twin = seen[key]
        if (twin.value, twin.growth) != (record.value, record.growth):
            result.errors.append(
                CellError(record.row, "口径", "", "2月数据（1—2月）的当月与累计两个数不一致")
            )
            return
    seen[key] = record
    if key.period_kind == "month" and key.period % 100 == 2:
        other = FigureKey(
            key.region_id,
            key.indicator_id,
            "month",
            key.period,
            "month" if key.scope == "ytd" else "ytd",
        )
        if other in seen and seen[other].row != -1:
            twin = seen[other]
            if (twin.value, twin.growth) != (record.value, record.growth):
                result.errors.append(
                    CellError(
                        record.row, "口径", "", f"2月数据与第{twin.row}行的另一口径数值不一致"
                    )
                )
        elif other not in seen:
            seen[other] = FigureRecord(-1, other, record.value, record.growth)


def _parse_row(
    number: int,
    cells: list[object],
    columns: dict[str, Column],
    lookups: IndicatorLookups,
    result: ParsedIndicators,
) -> FigureRecord | None:
    before = len(result.errors)

    def error(name: str, value: object, message: str) -> None:
        header = columns[name].header if name in columns else name
        result.errors.append(CellError(number, header, _text(value), message))

    period_cell = _cell(cells, columns["period"])
    try:
        period_kind, period = parse_figure_period(period_cell)
    except PeriodError:
        error("period", period_cell, "报告期应写作 2022-08、2022Q2、2022年二季度 或 2022")
        period_kind, period = "month", 0
    code = _text(_cell(cells, columns["region_code"]))
    region_id = lookups.region_by_code.get(code)
    if region_id is None:
        error("region_code", code, "地区代码不存在")
    name = _text(_cell(cells, columns.get("region_name")))
    if region_id is not None and name and name not in lookups.region_names.get(region_id, set()):
        error("region_name", name, f"与地区代码{code}不符")
    indicator_name = _text(_cell(cells, columns["indicator"]))
    indicator_id = lookups.indicator_by_name.get(indicator_name)
    if indicator_id is None:
        error(
            "indicator", indicator_name, "指标目录中没有这个指标（可先在指标目录中添加或设置别名）"
        )
    scope_cell = _text(_cell(cells, columns.get("scope")))
    scope = SCOPES.get(scope_cell)
    if scope is None:
        error("scope", scope_cell, "口径应为“累计”或“当月”")
    value = _number(cells, columns, "value", error)
    growth = _number(cells, columns, "growth", error)
    if value is None and growth is None and len(result.errors) == before:
        error("value", "", "“值”和“同比增长”至少填一个")
    if len(result.errors) > before:
        return None
    assert region_id is not None and indicator_id is not None and scope is not None
    key = FigureKey(region_id, indicator_id, period_kind, period, scope)
    return FigureRecord(number, key, value, growth)


def _number(cells: list[object], columns: dict[str, Column], name: str, error) -> Decimal | None:
    value = _cell(cells, columns.get(name))
    if is_blank(value):
        return None
    try:
        number = to_decimal(str(value).rstrip("%％") if isinstance(value, str) else value)
    except AmountError as problem:
        error(name, value, str(problem))
        return None
    if number != number.quantize(Decimal("0.000001")) or abs(number) >= Decimal("1e17"):
        error(name, value, "小数位数过多（最多6位）或数值过大")
        return None
    return number
