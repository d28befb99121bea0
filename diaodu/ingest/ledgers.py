"""Ledgers bureaus keep in Excel (诉求台账, 项目台账…): the template handed out, and the reader.

A ledger is one header row of Chinese column names and one record per row. The template
carries drop-downs for the columns with fixed choices; the reader accepts the columns in
any order, checks every cell and returns all problems at once, so an import can be all or
nothing with one message per bad cell.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from diaodu.ingest.monthly import CellError
from diaodu.ingest.readers import ReadError, read_table

_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


@dataclass(frozen=True)
class LedgerColumn:
    name: str
    required: bool = False
    kind: str = "text"  # text, date, number
    choices: tuple[str, ...] = ()
    width: int = 14
    note: str = ""  # shown as the header cell's comment in the template


@dataclass
class LedgerRows:
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)


def ledger_template(sheet_title: str, columns: list[LedgerColumn], rows: int = 500) -> bytes:
    """An .xlsx with the header row, widths, and drop-downs for the columns with choices."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_title
    sheet.append([column.name for column in columns])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[letter].width = column.width
        if column.choices:
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(column.choices) + '"',
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle="输入有误",
                error=f"“{column.name}”只能从下拉列表中选择",
            )
            validation.add(f"{letter}2:{letter}{rows + 1}")
            sheet.add_data_validation(validation)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def read_ledger(data: bytes, *, file_name: str, columns: list[LedgerColumn]) -> LedgerRows:
    """Typed values per row (None for an empty cell) and every problem found."""
    result = LedgerRows()
    try:
        table = read_table(data, file_name=file_name)
    except ReadError as error:
        result.errors.append(CellError(None, "", "", str(error)))
        return result
    header_row = next(
        (number for number, cells in table.numbered() if any(_text(c) for c in cells)), None
    )
    if header_row is None:
        result.errors.append(CellError(None, "", "", "文件中没有数据"))
        return result
    headers = [_text(cell) for cell in table.rows[header_row - 1]]
    positions = {name: index for index, name in enumerate(headers) if name}
    missing = [
        column.name for column in columns if column.required and column.name not in positions
    ]
    for name in missing:
        result.errors.append(CellError(header_row, name, "", "缺少这一列（请使用系统下发的模板）"))
    if missing:
        return result
    for number, cells in table.numbered(header_row + 1):
        if not any(_text(cell) for cell in cells):
            continue
        record: dict[str, object] = {}
        for column in columns:
            index = positions.get(column.name)
            raw = cells[index] if index is not None and index < len(cells) else None
            record[column.name] = _typed(raw, column, number, result.errors)
        result.rows.append((number, record))
    if not result.rows and not result.errors:
        result.errors.append(CellError(None, "", "", "文件中只有表头，没有数据行"))
    return result


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _typed(raw: object, column: LedgerColumn, row: int, errors: list[CellError]) -> object:
    text = _text(raw)
    if not text:
        if column.required:
            errors.append(CellError(row, column.name, "", "不能为空"))
        return None
    if column.choices and text not in column.choices:
        errors.append(CellError(row, column.name, text, f"应为：{'、'.join(column.choices)}"))
        return None
    if column.kind == "date":
        return _date(raw, text, column, row, errors)
    if column.kind == "number":
        try:
            number = Decimal(text.replace(",", ""))
        except InvalidOperation:
            errors.append(CellError(row, column.name, text, "不是数字"))
            return None
        if not number.is_finite() or number < 0:
            errors.append(CellError(row, column.name, text, "应为不小于0的数字"))
            return None
        return number
    return text


def _date(
    raw: object, text: str, column: LedgerColumn, row: int, errors: list[CellError]
) -> dt.date | None:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    match = _DATE_TEXT.match(text)
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    errors.append(CellError(row, column.name, text, "不是有效日期（应写作 2026-03-15）"))
    return None
