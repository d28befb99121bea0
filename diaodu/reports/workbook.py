"""The bulletin's tables as an Excel workbook, for analysts who keep working in Excel.

One sheet per table, the same figures as the bulletin prints, stored as numbers (not
text) at full precision with number formats that show them as the bulletin does (0.0
for % and percentage points, #,##0.00 for money); frozen header row; a 说明 sheet first
with the region, period and the definitions."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from diaodu.analysis.drilldown import FORMULAS
from diaodu.core.periods import Period
from diaodu.regions.models import Region
from diaodu.reports.bulletin import Bulletin, Table, Value, build_bulletin

FORMATS = {0: "0", 1: "0.0", 2: "#,##0.00"}
NOTES = (
    "数据来源：规上工业企业月报（本年累计与上年同期累计），按统一口径汇总。",
    "金额单位见各表表头；县区、行业产值为亿元，企业产值为万元。",
    "增速、比重、贡献率单位为%，增减与拉动单位为百分点；表中存放精确值，显示时按四舍五入保留一位小数。",
    *FORMULAS.values(),
    "位次按增速由高到低排列，增速相同者并列。",
)
BAD_SHEET_CHARACTERS = str.maketrans({c: "_" for c in "[]:*?/\\"})


def write_workbook(region: Region, period: Period, stream: str | Path | IO[bytes]) -> None:
    write_bulletin_tables(build_bulletin(region, period), stream)


def write_bulletin_tables(bulletin: Bulletin, stream: str | Path | IO[bytes]) -> None:
    workbook = Workbook()
    _notes(workbook.active, bulletin)
    for table in bulletin.tables:
        _sheet(workbook.create_sheet(_sheet_name(workbook, table.sheet)), table)
    workbook.save(str(stream) if isinstance(stream, Path) else stream)


def _notes(sheet: Worksheet | None, bulletin: Bulletin) -> None:
    assert sheet is not None  # a new workbook always has its first sheet
    sheet.title = "说明"
    sheet.append([bulletin.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"地区：{bulletin.region_name}（{bulletin.region_code}）"])
    sheet.append([f"报告期：{bulletin.period.label}（累计为{bulletin.period.ytd_label}）"])
    sheet.append([])
    for note in NOTES:
        sheet.append([note])
    sheet.column_dimensions["A"].width = 100


def _sheet_name(workbook: Workbook, name: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = name.translate(BAD_SHEET_CHARACTERS)[:28]
    candidate, serial = base, 2
    while candidate in workbook.sheetnames:
        candidate, serial = f"{base}{serial}", serial + 1
    return candidate


def _sheet(sheet: Worksheet, table: Table) -> None:
    sheet.append([column.title for column in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for row in table.rows:
        sheet.append([_cell(value) for value in row])
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        if column.places is not None:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = FORMATS[column.places]
        sheet.column_dimensions[letter].width = _width(column.title, table, index - 1)
    sheet.freeze_panes = "A2"


def _cell(value: Value) -> float | int | str | None:
    """Decimals as floats: Excel stores doubles, and a Decimal would be written as text."""
    return float(value) if isinstance(value, Decimal) else value


def _width(title: str, table: Table, index: int) -> float:
    """Wide enough for the longest entry; a Chinese character takes two columns."""
    texts = [title] + [str(row[index]) for row in table.rows if isinstance(row[index], str)]
    longest = max(sum(2 if ord(ch) > 0x2E80 else 1 for ch in text) for text in texts)
    return min(max(longest + 2, 10), 60)
