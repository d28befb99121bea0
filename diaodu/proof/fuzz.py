"""The fuzz harness of the monthly import: real files built in memory (xlsx, xls, csv in
several encodings), valid ones and mutated ones, and one check every case goes through.

The check is the promise of issue 3 — all or nothing: a file ends either in an accepted
batch with exactly its rows, or in a rejected one with a clear Chinese message and not a
single fact, enterprise or accepted batch more; never an exception, never a hang."""

from __future__ import annotations

import csv
import io
import re
import signal
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import openpyxl
import xlwt
from hypothesis import strategies as st

from diaodu.enterprises.models import Enterprise, MonthlyFact
from diaodu.ingest.models import ImportBatch
from diaodu.ingest.services import import_monthly
from diaodu.ingest.tests.files import HEADER, TITLE
from diaodu.testing import make_uscc

MONEY_COLUMNS = range(4, 8)  # the four required output amounts, 0-based
PERIOD = "2024-08"
# Counties of 安康 (shipped GB/T 2260 list) and industry 小类 codes of GB/T 4754-2017.
COUNTIES = ["610902", "610921", "610922", "610923"]
INDUSTRIES = ["1311", "1391", "2761", "3011", "3311", "3831", "4411"]
FEN_PER_WAN = 1_000_000
CJK = re.compile(r"[\u4e00-\u9fff]")
CASE_SECONDS = 20  # one import of a fuzz file; far above any legitimate one here

Row = list[object]


class FuzzFailure(AssertionError):
    """A case broke the promise; the message says which file and how."""


@dataclass
class FuzzFile:
    """A file as the user uploads it, with what the import must make of it."""

    data: bytes
    name: str
    label: str  # how the file was made, for the failure message
    expect_rows: int | None = None  # rows an import must accept; None: may go either way
    must_fail: bool = False
    notes: list[str] = field(default_factory=list)


# --- counting -------------------------------------------------------------------------

CASES = {"run": 0}


def cases_run() -> int:
    return CASES["run"]


# --- rows ---------------------------------------------------------------------------------

_wan = st.decimals(min_value=0, max_value=500_000, places=2, allow_nan=False)


@st.composite
def valid_row(draw: st.DrawFn, serial: int) -> tuple[Row, Decimal]:
    """One enterprise row the contract accepts, and its 本年累计 in 万元 (for the sum check)."""
    month, extra = draw(_wan), draw(_wan)
    month_prior, extra_prior = draw(_wan), draw(_wan)
    ytd, ytd_prior = month + extra, month_prior + extra_prior
    as_text = draw(st.booleans())  # files carry numbers as numbers or as text

    def cell(value: Decimal) -> object:
        return f"{value:,}" if as_text else float(value)

    name = draw(st.text(alphabet="甲乙丙丁安康富硒茶业有限公司厂", min_size=2, max_size=12))
    row: Row = [
        make_uscc(serial, region_code="610902"),
        name,
        draw(st.sampled_from(COUNTIES)),
        draw(st.sampled_from(INDUSTRIES)),
        cell(month),
        cell(ytd),
        cell(month_prior),
        cell(ytd_prior),
        draw(st.sampled_from(["在库", "新入库", ""])),
    ]
    return row, ytd


_serials = st.integers(min_value=1, max_value=999_999_999)


@st.composite
def valid_table(draw: st.DrawFn, max_rows: int = 6) -> tuple[list[Row], Decimal]:
    """Header and 1…max_rows enterprise rows with distinct codes, and their total 本年累计."""
    serials = draw(st.lists(_serials, min_size=1, max_size=max_rows, unique=True))
    pairs = [draw(valid_row(serial)) for serial in serials]
    header: Row = list(HEADER)
    return [header, *(row for row, _ in pairs)], sum((ytd for _, ytd in pairs), Decimal(0))


# --- writers ----------------------------------------------------------------------------


def xlsx_bytes(rows: Sequence[Sequence[object]], *, title: bool = True) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in [*([TITLE] if title else []), *rows]:
        sheet.append(list(row))
    return _saved(workbook)


def _saved(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xls_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("月报")
    for r, row in enumerate([TITLE, *rows]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Sequence[Sequence[object]], *, encoding: str = "utf-8") -> bytes:
    text = io.StringIO(newline="")
    csv.writer(text).writerows([TITLE, *rows])
    return text.getvalue().encode(encoding)


FORMATS = ["xlsx", "xls", "csv-utf-8", "csv-utf-8-sig", "csv-gbk", "csv-gb18030"]


def write(rows: Sequence[Sequence[object]], form: str) -> tuple[bytes, str]:
    """The rows as one of FORMATS: (bytes, file name)."""
    if form == "xlsx":
        return xlsx_bytes(rows), "月报.xlsx"
    if form == "xls":
        return xls_bytes(rows), "月报.xls"
    return csv_bytes(rows, encoding=form.removeprefix("csv-")), "月报.csv"


# --- the check --------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    facts: int
    enterprises: int
    accepted: int
    rejected: int


def counts() -> Counts:
    batches = ImportBatch.objects
    return Counts(
        MonthlyFact.objects.count(),
        Enterprise.objects.count(),
        batches.filter(status=ImportBatch.Status.ACCEPTED).count(),
        batches.filter(status=ImportBatch.Status.REJECTED).count(),
    )


class Hang(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the main thread after `seconds`: a hang fails the case instead of the run."""

    def interrupt(signum: int, frame: Any) -> None:
        raise Hang(f"导入超过{seconds}秒仍未结束")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_import(case: FuzzFile, *, period: str = PERIOD) -> Any:
    """Import the file and hold it to the promise; returns the ImportResult."""
    CASES["run"] += 1
    before = counts()
    try:
        with time_limit(CASE_SECONDS):
            result = import_monthly(case.data, file_name=case.name, period=period)
    except Exception as error:
        raise FuzzFailure(f"{case.label}: 导入抛出异常\n{traceback.format_exc()}") from error
    after = counts()
    if result.ok:
        _check_accepted(case, result, before, after)
    else:
        _check_rejected(case, result, before, after)
    return result


def _check_accepted(case: FuzzFile, result: Any, before: Counts, after: Counts) -> None:
    if case.must_fail:
        raise FuzzFailure(f"{case.label}: 应被拒绝的文件被导入了（{result.report.get('rows')}行）")
    batch = result.batch
    stored = MonthlyFact.objects.filter(batch=batch).count()
    rows = result.report.get("rows")
    if not (batch.status == "accepted" and batch.row_count == rows == stored):
        found = f"批次行数{batch.row_count}、报告{rows}、事实{stored}"
        raise FuzzFailure(f"{case.label}: {found}不一致")
    if case.expect_rows is not None and rows != case.expect_rows:
        raise FuzzFailure(f"{case.label}: 应导入{case.expect_rows}行，实际{rows}行")
    if after.accepted != before.accepted + 1 or after.rejected != before.rejected:
        raise FuzzFailure(f"{case.label}: 批次数变化不对：{before} → {after}")


def _check_rejected(case: FuzzFile, result: Any, before: Counts, after: Counts) -> None:
    if case.expect_rows is not None:
        shown = [e.as_text() for e in result.errors[:3]]
        raise FuzzFailure(f"{case.label}: 正确的文件被拒绝：{shown}")
    if not result.errors:
        raise FuzzFailure(f"{case.label}: 被拒绝却没有说明原因")
    for error in result.errors:
        if not CJK.search(error.message):
            raise FuzzFailure(f"{case.label}: 错误说明不是中文：{error.message!r}")
    # A rejection is recorded (who, when, which file, why) and nothing else changes.
    expected = Counts(before.facts, before.enterprises, before.accepted, before.rejected + 1)
    if after != expected:
        raise FuzzFailure(f"{case.label}: 拒绝后数据有变动（部分写入）：{before} → {after}")


def stored_ytd_fen(result: Any) -> int:
    """The batch's 本年累计 as stored, in 分."""
    return sum(MonthlyFact.objects.filter(batch=result.batch).values_list("output_ytd", flat=True))


def expected_fen(total_wan: Decimal) -> int:
    return int(total_wan * FEN_PER_WAN)


# --- mutations ------------------------------------------------------------------------
# Each takes the rows of a valid file and makes a file of it; must_fail or expect_rows says
# what the import must do, and neither means it may go either way (still all or nothing).

NOT_NUMBERS = ["十", "abc", "12万", "1.2.3", "#N/A", "１２ 三", "(", "1e", "--5"]
HUGE = [1e30, "1e30", 10**20, 1e15, "9" * 40, 2.0**63, -(2.0**63)]


def _cell_at(draw: st.DrawFn, rows: list[Row], columns: Sequence[int]) -> tuple[int, int]:
    """A data row (1.. after the header) and one of `columns`."""
    return draw(st.integers(1, len(rows) - 1)), draw(st.sampled_from(list(columns)))


def _replace(rows: list[Row], at: tuple[int, int], value: object) -> list[Row]:
    copy = [list(row) for row in rows]
    copy[at[0]][at[1]] = value
    return copy


@st.composite
def wrong_type(draw: st.DrawFn, rows: list[Row]) -> FuzzFile:
    at = _cell_at(draw, rows, MONEY_COLUMNS)
    value = draw(st.sampled_from(NOT_NUMBERS))
    data, name = write(_replace(rows, at, value), draw(st.sampled_from(FORMATS)))
    return FuzzFile(data, name, f"wrong_type {value!r} at {at} in {name}", must_fail=True)


@st.composite
def random_text(draw: st.DrawFn, rows: list[Row]) -> FuzzFile:
    """Any text in any column: it may happen to be valid, so either outcome is fine."""
    at = _cell_at(draw, rows, range(len(HEADER)))
    form = draw(st.sampled_from(["xlsx", "csv-utf-8"]))  # gbk cannot carry every character
    # A worksheet cannot hold control characters (openpyxl refuses them); a csv can.
    if form == "xlsx":
        characters = st.characters(exclude_categories=["Cs", "Cc"])
    else:
        characters = st.characters(exclude_categories=["Cs"])
    value = draw(st.text(characters, max_size=30))
    data, name = write(_replace(rows, at, value), form)
    return FuzzFile(data, name, f"random_text {value!r} at {at} in {name}")


@st.composite
def huge_number(draw: st.DrawFn, rows: list[Row]) -> FuzzFile:
    at = _cell_at(draw, rows, MONEY_COLUMNS)
    value = draw(st.sampled_from(HUGE))
    data, name = write(_replace(rows, at, value), draw(st.sampled_from(["xlsx", "csv-utf-8"])))
    return FuzzFile(data, name, f"huge {value!r} at {at} in {name}", must_fail=True)


@st.composite
def negative_output(draw: st.DrawFn, rows: list[Row]) -> FuzzFile:
    at = _cell_at(draw, rows, MONEY_COLUMNS)
    value = -draw(st.decimals(min_value="0.01", max_value=10**6, places=2))
    cell = draw(st.sampled_from([float(value), str(value), f"({-value})"]))
    data, name = write(_replace(rows, at, cell), draw(st.sampled_from(FORMATS)))
    return FuzzFile(data, name, f"negative {cell!r} at {at} in {name}", must_fail=True)


@st.composite
def formula(draw: st.DrawFn, rows: list[Row]) -> FuzzFile:
    """A formula has no stored result when openpyxl writes it: the cell reads as empty."""
    row, column = _cell_at(draw, rows, MONEY_COLUMNS)
    text = draw(st.sampled_from(["=F3-70", "=SUM(E3:H3)", "=1/0", '=HYPERLINK("x")']))
    data = xlsx_bytes(_replace(rows, (row, column), text))
    return FuzzFile(data, "月报.xlsx", f"formula {text} at {(row, column)}", must_fail=True)


@st.composite
def merged_cells(draw: st.DrawFn, rows: list[Row]) -> FuzzFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in [TITLE, *rows]:
        sheet.append(row)
    top = draw(st.integers(1, len(rows) + 1))
    left = draw(st.integers(1, len(HEADER)))
    bottom = draw(st.integers(top, len(rows) + 1))
    right = draw(st.integers(left, len(HEADER)))
    if (top, left) == (bottom, right):
        right = min(right + 1, len(HEADER) + 1)
    sheet.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
    label = f"merged rows {top}-{bottom} columns {left}-{right}"
    return FuzzFile(_saved(workbook), "月报.xlsx", label)


@st.composite
def empty_file(draw: st.DrawFn, rows: list[Row]) -> FuzzFile:
    kind = draw(st.sampled_from(["sheet", "bytes", "spaces", "title only", "header only"]))
    data, name = {
        "sheet": (xlsx_bytes([], title=False), "月报.xlsx"),
        "bytes": (b"", "月报.csv"),
        "spaces": (b" \r\n\r\n  ,,, \n", "月报.csv"),
        "title only": (xlsx_bytes([]), "月报.xlsx"),
        "header only": (csv_bytes([HEADER]), "月报.csv"),
    }[kind]
    return FuzzFile(data, name, f"empty: {kind}", must_fail=True)


@st.composite
def extra_columns(draw: st.DrawFn, rows: list[Row]) -> FuzzFile:
    """Columns the contract does not know are ignored, however many (beyond 500 unread)."""
    count = draw(st.integers(1, 700))
    junk = draw(st.sampled_from(["", "x", 3.5, "备注"]))
    wide = [rows[0] + [f"备注{i}" for i in range(count)]]
    wide += [row + [junk] * count for row in rows[1:]]
    data, name = write(wide, draw(st.sampled_from(["xlsx", "csv-utf-8"])))
    return FuzzFile(data, name, f"{count} extra columns", expect_rows=len(rows) - 1)


@st.composite
def truncated_zip(draw: st.DrawFn, rows: list[Row]) -> FuzzFile:
    data = xlsx_bytes(rows)
    cut = draw(st.integers(0, len(data) - 1))
    return FuzzFile(data[:cut], "月报.xlsx", f"xlsx cut at {cut} of {len(data)}", must_fail=True)


@st.composite
def flipped_bytes(draw: st.DrawFn, rows: list[Row]) -> FuzzFile:
    form = draw(st.sampled_from(["xlsx", "xls", "csv-utf-8"]))
    data = bytearray(write(rows, form)[0])
    places = draw(st.lists(st.integers(0, len(data) - 1), min_size=1, max_size=8))
    for place in places:
        data[place] ^= draw(st.integers(1, 255))
    name = write(rows[:1], form)[1]
    return FuzzFile(bytes(data), name, f"{form} with bytes changed at {sorted(places)}")


@st.composite
def wrong_encoding(draw: st.DrawFn, rows: list[Row]) -> FuzzFile:
    """UTF-16/32 (what some exports write) is not one of the encodings the contract reads."""
    encoding = draw(st.sampled_from(["utf-16", "utf-16-le", "utf-16-be", "utf-32"]))
    return FuzzFile(csv_bytes(rows, encoding=encoding), "月报.csv", encoding, must_fail=True)


@st.composite
def wrong_suffix(draw: st.DrawFn, rows: list[Row]) -> FuzzFile:
    kind = draw(st.sampled_from(["csv as xlsx", "xlsx as csv", "xls as xlsx", "no suffix"]))
    data, name = {
        "csv as xlsx": (csv_bytes(rows, encoding="gbk"), "月报.xlsx"),
        "xlsx as csv": (xlsx_bytes(rows), "月报.csv"),
        "xls as xlsx": (xls_bytes(rows), "月报.xlsx"),
        "no suffix": (xlsx_bytes(rows), "月报"),
    }[kind]
    # calamine finds an xls by its content whatever the name says: that one may import.
    if kind == "xls as xlsx":
        return FuzzFile(data, name, kind, expect_rows=len(rows) - 1)
    return FuzzFile(data, name, kind, must_fail=True)


@st.composite
def binary_junk(draw: st.DrawFn, rows: list[Row]) -> FuzzFile:
    data = draw(st.binary(min_size=1, max_size=4096))
    name = draw(st.sampled_from(["月报.csv", "月报.xlsx", "月报.xls", "月报.ods"]))
    return FuzzFile(data, name, f"{len(data)} random bytes as {name}", must_fail=True)


@st.composite
def missing_column(draw: st.DrawFn, rows: list[Row]) -> FuzzFile:
    column = draw(st.integers(0, 7))  # the required ones
    data, name = write([row[:column] + row[column + 1 :] for row in rows], "xlsx")
    return FuzzFile(data, name, f"without column {HEADER[column]}", must_fail=True)


@st.composite
def duplicate_row(draw: st.DrawFn, rows: list[Row]) -> FuzzFile:
    again = rows[draw(st.integers(1, len(rows) - 1))]
    data, name = write([*rows, list(again)], draw(st.sampled_from(FORMATS)))
    return FuzzFile(data, name, "a row twice", must_fail=True)


@st.composite
def short_row(draw: st.DrawFn, rows: list[Row]) -> FuzzFile:
    row = draw(st.integers(1, len(rows) - 1))
    keep = draw(st.integers(1, 7))  # the 8th cell is the last required one
    copy = [list(r) for r in rows]
    copy[row] = copy[row][:keep]
    data, name = write(copy, draw(st.sampled_from(["xlsx", "csv-utf-8"])))
    return FuzzFile(data, name, f"row {row} cut to {keep} cells", must_fail=True)


@st.composite
def bad_region(draw: st.DrawFn, rows: list[Row]) -> FuzzFile:
    at = _cell_at(draw, rows, [2])
    code = draw(st.sampled_from(["610000", "610900", "999999", "61090", "abcdef", "100000"]))
    data, name = write(_replace(rows, at, code), draw(st.sampled_from(FORMATS)))
    return FuzzFile(data, name, f"region {code} at {at}", must_fail=True)


@st.composite
def blank_and_total_rows(draw: st.DrawFn, rows: list[Row]) -> FuzzFile:
    """Blank rows, dash-only rows and the export's 合计 row are not enterprises."""
    padded: list[Row] = [rows[0]]
    for row in rows[1:]:
        padded.append(row)
        padded += [draw(st.sampled_from([[], [""] * 9, ["—"] * 3, [None, " "]]))]
    padded.append(["", draw(st.sampled_from(["合计", "总 计", "全市合计"])), "", "", 1, 2, 3, 4])
    form = draw(st.sampled_from(["xlsx", "csv-utf-8", "csv-gbk"]))
    data, name = write(padded, form)
    return FuzzFile(data, name, f"blank and total rows in {form}", expect_rows=len(rows) - 1)


MUTATIONS = [
    wrong_type,
    random_text,
    huge_number,
    negative_output,
    formula,
    merged_cells,
    empty_file,
    extra_columns,
    truncated_zip,
    flipped_bytes,
    wrong_encoding,
    wrong_suffix,
    binary_junk,
    missing_column,
    duplicate_row,
    short_row,
    bad_region,
    blank_and_total_rows,
]


@st.composite
def mutated_file(draw: st.DrawFn) -> FuzzFile:
    rows, _ = draw(valid_table(max_rows=4))
    mutation = draw(st.sampled_from(MUTATIONS))
    return draw(mutation(rows))
