"""The monthly enterprise report (contracts/monthly-enterprise-report.md): from rows of
cells to validated records, every problem collected as (row, column, value, message).

Nothing here writes: services.import_monthly writes only a file without a single error."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from diaodu.core.codes import (
    industry_code_error,
    normalize_industry_code,
    normalize_uscc,
    uscc_error,
)
from diaodu.core.money import (
    KWH_PER_WAN_KWH,
    MONEY_UNITS,
    AmountError,
    fen_to_wan,
    is_blank,
    scale_exact,
    to_decimal,
)
from diaodu.core.periods import Period, PeriodError
from diaodu.enterprises.rules import annualised, size_class
from diaodu.ingest.headers import MONTHLY_ALIASES, Column, is_header_row, match_headers
from diaodu.ingest.readers import SplitSheet, Table, read_half, read_table, splittable_sheet

REQUIRED = (
    "uscc",
    "name",
    "county_code",
    "industry_code",
    "output_month",
    "output_ytd",
    "output_month_prior",
    "output_ytd_prior",
)
OPTIONAL_MONEY = (
    "revenue_ytd",
    "revenue_ytd_prior",
    "profit_ytd",
    "profit_ytd_prior",
    "sales_month",
    "sales_ytd",
    "sales_ytd_prior",
    "export_ytd",
    "export_ytd_prior",
)
OUTPUT_FIELDS = ("output_month", "output_ytd", "output_month_prior", "output_ytd_prior")
NEGATIVE_ALLOWED = {"profit_ytd", "profit_ytd_prior"}
CANONICAL_HEADERS = {
    "uscc": "统一社会信用代码",
    "name": "单位详细名称",
    "county_code": "行政区划代码",
    "industry_code": "行业代码",
    "output_month": "工业总产值本月",
    "output_ytd": "工业总产值本年累计",
    "output_month_prior": "工业总产值上年同期本月",
    "output_ytd_prior": "工业总产值上年同期累计",
}
DIRECTORY_STATUSES = {"在库": "in", "": "in", "新入库": "new", "退库留基": "retained_exit"}
TOTAL_ROW_NAMES = {"合计", "总计", "全市合计", "总 计", "合 计"}


@dataclass(frozen=True)
class CellError:
    row: int | None
    column: str
    value: str
    message: str

    def as_text(self) -> str:
        where = f"第{self.row}行" if self.row else "文件"
        column = f" 列“{self.column}”" if self.column else ""
        value = f" 值“{self.value}”" if self.value else ""
        return f"{where}{column}{value}：{self.message}"


# A record's figures, in the order of the fact table's columns
# (enterprises.models.FACT_FIGURE_FIELDS after county, industry and status).
FIGURES = (*OUTPUT_FIELDS, *OPTIONAL_MONEY, "power_month", "power_month_prior", "employees")
_FIGURE_INDEX = {name: index for index, name in enumerate(FIGURES)}
_in_figure_order = itemgetter(*FIGURES)


@dataclass(slots=True)
class MonthlyRecord:
    row: int
    uscc: str
    name: str
    county_id: int
    industry_code: str
    directory_status: str
    # FIGURES in that order: money in 分, power in 千瓦时, employees in persons. A tuple,
    # not a dict: a big file's records are made and sent between processes by the
    # hundred thousand, and the writer copies the tuple into the fact's row as it is.
    amounts: tuple[int | None, ...]
    size: str | None = None  # NBS size class from revenue and employees; None: not reported

    def figure(self, name: str) -> int | None:
        return self.amounts[_FIGURE_INDEX[name]]

    @property
    def figures(self) -> dict[str, int | None]:
        return dict(zip(FIGURES, self.amounts, strict=True))


@dataclass
class ParsedMonthly:
    period: Period | None = None
    records: list[MonthlyRecord] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)
    period_cell: object = None  # the period as the last row wrote it, parsed once
    # The counties (and zones) the rows name, refused rows too, and whether some row
    # names none that can be read: a refused file is shown to the users whose region
    # holds all its rows (ingest.selectors), so its errors never leave their region.
    county_ids: set[int] = field(default_factory=set)
    county_unknown: bool = False


@dataclass(frozen=True)
class Lookups:
    """What validation needs from the database, loaded once per file."""

    region_by_code: dict[str, int]  # every code ever issued (history included) → region id
    fact_regions: set[
        int
    ]  # regions that can carry enterprises: counties, zones, cities without counties
    industries: set[str]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def find_header(table: Table) -> int | None:
    """The 1-based row of the header: the first with a cell beginning 统一社会信用代码."""
    for number, cells in table.numbered():
        if is_header_row(cells, "统一社会信用代码"):
            return number
    return None


def parse_monthly(
    table: Table,
    *,
    lookups: Lookups,
    period: Period | None,
    progress: Callable[[int, int], None] | None = None,
) -> ParsedMonthly:
    result, header_row, columns = _header(table, period)
    if header_row is None or result.errors:
        return result
    amounts = amount_columns(columns)
    rows = list(table.numbered(header_row + 1))
    # Rows are independent once the period is known, so a big file is parsed in two
    # processes at once; without --period the first rows fix the period: one process.
    halves = 2 if len(rows) >= PARALLEL_ROWS and _period_known(columns, period) else 1
    if halves == 2 and _can_fork():
        middle = len(rows) // 2
        with _parsed_elsewhere(rows[middle:], columns, amounts, lookups, period) as other:
            _parse_rows(rows[:middle], columns, amounts, lookups, result, progress, len(rows))
            _merge(result, other())
    else:
        _parse_rows(rows, columns, amounts, lookups, result, progress, len(rows))
    return _finished(result, columns)


def _header(table: Table, period: Period | None) -> tuple[ParsedMonthly, int | None, dict]:
    """The header row and the columns it names; every problem of the header as errors."""
    result = ParsedMonthly(period=period)
    header_row = find_header(table)
    if header_row is None:
        result.errors.append(
            CellError(None, "", "", "找不到表头：没有以“统一社会信用代码”开头的列")
        )
        return result, None, {}
    columns, unknown, duplicated = match_headers(table.rows[header_row - 1], MONTHLY_ALIASES)
    result.unknown_columns = unknown
    for header in duplicated:
        result.errors.append(CellError(header_row, header, "", "与前面的列重复"))
    for required in REQUIRED:
        if required not in columns:
            result.errors.append(
                CellError(header_row, CANONICAL_HEADERS[required], "", "缺少必填列")
            )
    if "period" not in columns and period is None:
        result.errors.append(
            CellError(header_row, "报告期", "", "文件中没有报告期列，请用 --period 指定报告期")
        )
    for column in columns.values():
        if column.unit and column.field.startswith(
            ("output", "revenue", "profit", "sales", "export")
        ):
            if column.unit not in MONEY_UNITS:
                result.errors.append(
                    CellError(
                        header_row, column.header, column.unit, "金额单位应为元、千元、万元或亿元"
                    )
                )
    return result, header_row, columns


def _period_known(columns: dict[str, Column], period: Period | None) -> bool:
    """Whether every row can be checked without the rows before it."""
    return "period" not in columns or period is not None


def _finished(result: ParsedMonthly, columns: dict[str, Column]) -> ParsedMonthly:
    _drop_duplicates(result, columns)
    if not result.records and not result.errors:
        result.errors.append(CellError(None, "", "", "文件中没有企业数据行"))
    return result


def read_and_parse_monthly(
    data: bytes,
    *,
    file_name: str,
    sheet: str | None,
    lookups: Lookups,
    period: Period | None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[str, ParsedMonthly]:
    """(sheet name, parsed file). A big .xlsx sheet is read by two processes, half each,
    and each parses the half it read; anything else is read whole (ReadError as usual)."""
    split = None
    if Path(file_name).suffix.lower() in (".xlsx", ".xlsm") and _can_fork():
        split = splittable_sheet(data, sheet)
    if split is not None:
        parsed = _parse_split(split, lookups, period, progress)
        if parsed is not None:
            return split.sheet, parsed
    table = read_table(data, file_name=file_name, sheet=sheet)
    return table.sheet, parse_monthly(table, lookups=lookups, period=period, progress=progress)


def _parse_split(
    split: SplitSheet,
    lookups: Lookups,
    period: Period | None,
    progress: Callable[[int, int], None] | None,
) -> ParsedMonthly | None:
    """Read the first half here and the second in a forked child at the same time; then
    each parses its own rows (or, when the rows fix the period, the child hands its rows
    over). None when either half cannot be read so: the caller reads the file whole."""
    fork = multiprocessing.get_context("fork")
    plans, plan_sender = fork.Pipe(duplex=False)
    answers, answer_sender = fork.Pipe(duplex=False)

    def child() -> None:
        read = read_half(split, 1)
        if read is None:
            answer_sender.send(None)
            return
        rows, first = read
        numbered = [(first + index, cells) for index, cells in enumerate(rows)]
        plan = plans.recv()
        if plan is None:
            return
        if plan == "rows":
            answer_sender.send(numbered)
            return
        columns, amounts = plan
        part = ParsedMonthly(period=period)
        _parse_rows(numbered, columns, amounts, lookups, part, None, len(numbered))
        answer_sender.send(_packed(part))

    worker = fork.Process(target=child, daemon=True)
    worker.start()
    answer_sender.close()
    plans.close()
    try:
        return _parse_first_half(split, lookups, period, progress, plan_sender, answers)
    except (EOFError, BrokenPipeError):  # the child died (out of memory, killed), or
        return None  # could not read its half: read the file whole
    finally:
        plan_sender.close()
        answers.close()
        worker.join()


def _parse_first_half(split, lookups, period, progress, plan_sender, answers):
    read = read_half(split, 0)
    table = Table(read[0] if read else [], split.sheet)
    result, header_row, columns = _header(table, period)
    if read is None or header_row is None:
        plan_sender.send(None)
        return None  # the whole read finds the header or says it is missing
    if result.errors:
        plan_sender.send(None)
        return result
    amounts = amount_columns(columns)
    rows = list(table.numbered(header_row + 1))
    total = len(rows) * 2
    if _period_known(columns, period):
        plan_sender.send((columns, amounts))
        _parse_rows(rows, columns, amounts, lookups, result, progress, total)
        answer = answers.recv()
        if answer is None:
            return None
        _merge(result, _unpacked(answer, period))
    else:
        plan_sender.send("rows")
        answer = answers.recv()
        if answer is None:
            return None
        _parse_rows(rows + answer, columns, amounts, lookups, result, progress, total)
    return _finished(result, columns)


def _parse_rows(
    rows: list[tuple[int, list[object]]],
    columns: dict[str, Column],
    amounts: list[_Amount],
    lookups: Lookups,
    result: ParsedMonthly,
    progress: Callable[[int, int], None] | None,
    total: int,
) -> None:
    for done, (number, cells) in enumerate(rows, start=1):
        if progress and done % 5000 == 0:
            progress(done * total // len(rows) if rows else 0, total)
        if all(is_blank(cell) for cell in cells):
            continue
        record = _parse_row(number, cells, columns, amounts, lookups, result)
        if record is not None:
            result.records.append(record)


def _drop_duplicates(result: ParsedMonthly, columns: dict[str, Column]) -> None:
    """A code on two rows: the later row is an error, reported in its place among the
    others (errors are listed in row order)."""
    seen: dict[str, int] = {}
    kept = []
    for record in result.records:
        if record.uscc in seen:
            result.errors.append(
                CellError(
                    record.row,
                    columns["uscc"].header,
                    record.uscc,
                    f"与第{seen[record.uscc]}行重复",
                )
            )
        else:
            seen[record.uscc] = record.row
            kept.append(record)
    result.records = kept
    result.errors.sort(key=lambda error: error.row or 0)


PARALLEL_ROWS = 20_000


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


@contextmanager
def _parsed_elsewhere(
    rows: list[tuple[int, list[object]]],
    columns: dict[str, Column],
    amounts: list[_Amount],
    lookups: Lookups,
    period: Period | None,
) -> Iterator[Callable[[], ParsedMonthly]]:
    """Parse `rows` in a forked child (it inherits the rows: nothing is sent to it) while
    the caller parses the rest; the child touches no database connection."""
    receiving, sending = multiprocessing.get_context("fork").Pipe(duplex=False)

    def work() -> None:
        part = ParsedMonthly(period=period)
        _parse_rows(rows, columns, amounts, lookups, part, None, len(rows))
        sending.send(_packed(part))

    child = multiprocessing.get_context("fork").Process(target=work, daemon=True)
    child.start()
    sending.close()

    def collect() -> ParsedMonthly:
        try:
            return _unpacked(receiving.recv(), period)
        except EOFError:  # the child died (out of memory, killed): do its part here
            part = ParsedMonthly(period=period)
            _parse_rows(rows, columns, amounts, lookups, part, None, len(rows))
            return part

    try:
        yield collect
    finally:
        receiving.close()
        child.join()


def _packed(part: ParsedMonthly) -> tuple:
    """A child's records as plain tuples, in MonthlyRecord's field order: unpickling
    50,000 dataclasses took the parent a second, tuples a tenth of it."""
    rows = [
        (r.row, r.uscc, r.name, r.county_id, r.industry_code, r.directory_status, r.amounts,
         r.size)
        for r in part.records
    ]  # fmt: skip
    return rows, part.errors, part.skipped_rows, part.county_ids, part.county_unknown


def _unpacked(packed: tuple, period: Period | None) -> ParsedMonthly:
    rows, errors, skipped, county_ids, county_unknown = packed
    return ParsedMonthly(
        period=period,
        records=[MonthlyRecord(*row) for row in rows],
        errors=errors,
        skipped_rows=skipped,
        county_ids=county_ids,
        county_unknown=county_unknown,
    )


def _merge(result: ParsedMonthly, other: ParsedMonthly) -> None:
    result.records.extend(other.records)
    result.errors.extend(other.errors)
    result.skipped_rows.extend(other.skipped_rows)
    result.county_ids |= other.county_ids
    result.county_unknown = result.county_unknown or other.county_unknown


def _cell(cells: list[object], column: Column | None) -> object:
    if column is None or column.index >= len(cells):
        return None
    return cells[column.index]


def _parse_row(
    number: int,
    cells: list[object],
    columns: dict[str, Column],
    amounts: list[_Amount],
    lookups: Lookups,
    result: ParsedMonthly,
) -> MonthlyRecord | None:
    errors_before = len(result.errors)

    def error(field_name: str, value: object, message: str) -> None:
        column = columns.get(field_name)
        header = column.header if column else CANONICAL_HEADERS.get(field_name, field_name)
        result.errors.append(CellError(number, header, _text(value), message))

    uscc_cell = _cell(cells, columns["uscc"])
    name = _text(_cell(cells, columns["name"]))
    if is_blank(uscc_cell) and name.replace(" ", "") in TOTAL_ROW_NAMES:
        result.skipped_rows.append(number)  # the export's total row: not an enterprise
        return None

    _check_period(number, cells, columns, result)
    uscc = normalize_uscc(uscc_cell)
    if not uscc:
        error("uscc", uscc_cell, "统一社会信用代码不能为空")
    elif problem := uscc_error(uscc):
        error("uscc", uscc_cell, f"统一社会信用代码{problem}")
    if not name:
        error("name", "", "单位详细名称不能为空")
    elif "\x00" in name:
        error("name", name.replace("\x00", "␀"), "单位详细名称中含有空字符（NUL），请删除")

    county_cell = _text(_cell(cells, columns["county_code"]))
    county_id = lookups.region_by_code.get(county_cell)
    if county_id is None:
        error(
            "county_code",
            county_cell,
            "行政区划代码不存在（应为6位县级区划代码或已添加的功能区代码）",
        )
    elif county_id not in lookups.fact_regions:
        error("county_code", county_cell, "应为县级区划或功能区代码，不能是省、市代码")
    if county_id in lookups.fact_regions:
        result.county_ids.add(county_id)
    else:
        result.county_unknown = True

    industry_cell = _cell(cells, columns["industry_code"])
    industry = normalize_industry_code(industry_cell)
    if problem := industry_code_error(industry):
        error("industry_code", industry_cell, problem)
    elif industry not in lookups.industries:
        error("industry_code", industry_cell, "国民经济行业分类（GB/T 4754-2017）中没有这个代码")

    status_cell = _text(_cell(cells, columns.get("directory_status")))
    status = DIRECTORY_STATUSES.get(status_cell)
    if status is None:
        error("directory_status", status_cell, "库状态应为 在库、新入库 或 退库留基")

    figures = _parse_figures(cells, amounts, error)
    figures["employees"] = _parse_employees(cells, columns, error)
    if len(result.errors) > errors_before:
        return None
    _check_output_rules(figures, cells, columns, status or "in", error)
    if len(result.errors) > errors_before:
        return None
    assert county_id is not None and status is not None and result.period is not None
    size = size_of(figures, result.period)
    values = _in_figure_order(figures)
    return MonthlyRecord(number, uscc, name, county_id, industry, status, values, size)


def size_of(figures: dict[str, int | None], period: Period) -> str | None:
    """The NBS size class from the file's revenue and employees; None when not reported.
    Worked out while parsing, so a big file does it in two processes."""
    revenue, employees = figures.get("revenue_ytd"), figures.get("employees")
    if revenue is None or employees is None:
        return None
    return size_class(
        employees=employees, annual_revenue_wan=annualised(fen_to_wan(revenue), period.month)
    )


def _check_period(
    number: int, cells: list[object], columns: dict[str, Column], result: ParsedMonthly
) -> None:
    column = columns.get("period")
    if column is None:
        return
    value = _cell(cells, column)
    if (is_blank(value) or value == result.period_cell) and result.period is not None:
        return  # the same cell as the rows before: parsed once
    try:
        period = Period.parse(value)
    except PeriodError as problem:
        result.errors.append(CellError(number, column.header, _text(value), str(problem)))
        return
    if result.period is None:
        result.period = period
    if period == result.period:
        result.period_cell = value
    else:
        result.errors.append(
            CellError(
                number,
                column.header,
                _text(value),
                f"报告期与本文件（或 --period）的{result.period}不一致",
            )
        )


@dataclass(frozen=True, slots=True)
class _Amount:
    """How one amount column of this file is read: where, in which unit, what is allowed."""

    name: str
    index: int  # ABSENT when the file has no such column
    factor: int  # file unit → stored unit (分 or 千瓦时)
    what: str
    required: bool
    may_be_negative: bool


ABSENT = 10**9


def amount_columns(columns: dict[str, Column]) -> list[_Amount]:
    """Worked out once per file, so a row costs one pass over its cells."""
    amounts = []
    for name in (*OUTPUT_FIELDS, *OPTIONAL_MONEY):
        column = columns.get(name)
        unit = (column.unit if column else None) or "万元"
        amounts.append(
            _Amount(
                name,
                column.index if column else ABSENT,
                MONEY_UNITS[unit],
                "金额",
                name in OUTPUT_FIELDS,
                name in NEGATIVE_ALLOWED,
            )
        )
    for name in ("power_month", "power_month_prior"):
        column = columns.get(name)
        index = column.index if column else ABSENT
        amounts.append(_Amount(name, index, KWH_PER_WAN_KWH, "用电量", False, False))
    return amounts


def _parse_figures(cells: list[object], amounts: list[_Amount], error) -> dict[str, int | None]:
    figures: dict[str, int | None] = {}
    width = len(cells)
    for spec in amounts:
        index, factor = spec.index, spec.factor
        value = cells[index] if index < width else None
        if type(value) is float and -1e15 < value < 1e15:
            # The usual cell, without going through Decimal: exact when scaling back
            # gives the same float (scale_float inlined: it runs a million times for a
            # big file).
            scaled = round(value * factor)
            if scaled / factor == value and -(10**15) < scaled < 10**15:
                if scaled < 0 and not spec.may_be_negative:
                    error(spec.name, value, "不能为负数")
                figures[spec.name] = scaled
                continue
        if is_blank(value):
            if spec.required:
                error(spec.name, value, "必填金额不能为空")
            figures[spec.name] = None
            continue
        try:
            amount = scale_exact(to_decimal(value), factor, what=spec.what)
        except AmountError as problem:
            error(spec.name, value, str(problem))
            continue
        if amount < 0 and not spec.may_be_negative:
            error(spec.name, value, "不能为负数")
        figures[spec.name] = amount
    return figures


def _parse_employees(cells: list[object], columns: dict[str, Column], error) -> int | None:
    value = _cell(cells, columns.get("employees"))
    if type(value) is float and value.is_integer() and 0 <= value <= 10_000_000:
        return int(value)  # the usual cell, without going through Decimal
    if is_blank(value):
        return None
    try:
        number = to_decimal(value)
    except AmountError:
        error("employees", value, "从业人员应为整数")
        return None
    if number != number.to_integral_value() or number < 0 or number > 10_000_000:
        error("employees", value, "从业人员应为非负整数")
        return None
    return int(number)


def _check_output_rules(
    figures: dict[str, int | None],
    cells: list[object],
    columns: dict[str, Column],
    status: str,
    error,
) -> None:
    """The contract's rules between figures; messages show the cells as written."""

    def raw(name: str) -> object:
        return _cell(cells, columns.get(name))

    month, ytd = figures["output_month"], figures["output_ytd"]
    month_prior, ytd_prior = figures["output_month_prior"], figures["output_ytd_prior"]
    assert (
        month is not None and ytd is not None and month_prior is not None and ytd_prior is not None
    )
    if ytd < month:
        error("output_ytd", raw("output_ytd"), "本年累计不能小于本月")
    if ytd_prior < month_prior:
        error("output_ytd_prior", raw("output_ytd_prior"), "上年同期累计不能小于上年同期本月")
    if status == "retained_exit":
        if month != 0 or ytd != 0:
            error("output_ytd", raw("output_ytd"), "退库留基企业的本期数应为0")
        if ytd_prior <= 0:
            error("output_ytd_prior", raw("output_ytd_prior"), "退库留基企业的上年同期累计应大于0")
