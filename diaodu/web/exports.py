"""Excel exports of the pages' tables (openpyxl): the same rows the page shows."""

from __future__ import annotations

from io import BytesIO

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from diaodu.web.tables import Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel refuses sheet names longer than 31 characters or with these characters.
SHEET_NAME_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


def workbook_bytes(table: Table, subtitle: str = "") -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = table.title.translate(SHEET_NAME_FORBIDDEN)[:31]
    sheet.append([f"{table.title}{('（' + subtitle + '）') if subtitle else ''}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(table.headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([cell.export for cell in row])
    for index, header in enumerate(table.headers, start=1):
        # CJK characters are about twice as wide as the default column's Latin digits.
        widest = max([len(header) * 2, *(len(str(r[index - 1].text)) + 2 for r in table.rows)])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(widest, 8), 48)
    sheet.freeze_panes = "A3"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(table: Table, file_name: str, subtitle: str = "") -> HttpResponse:
    response = HttpResponse(workbook_bytes(table, subtitle), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"{file_name}.xlsx") or ""
    return response
