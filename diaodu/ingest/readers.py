"""Spreadsheet files → rows of cells, numbered as a spreadsheet shows them (1-based).

.xlsx/.xlsm/.xls through python-calamine; .csv in UTF-8 (with or without BOM) or in
GB18030/GBK, which Excel on Chinese Windows writes."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from xml.etree import ElementTree

import python_calamine

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
MAX_COLUMNS = 500  # a real report has ~25; beyond this the extra cells are not read


class ReadError(ValueError):
    """The file cannot be read as a table; the message is for users, in Chinese."""


@dataclass
class Table:
    rows: list[list[object]]  # rows[0] is spreadsheet row 1
    sheet: str

    def numbered(self, start: int = 1) -> Iterator[tuple[int, list[object]]]:
        for index in range(start - 1, len(self.rows)):
            yield index + 1, self.rows[index]


def source_bytes(source: str | Path | BinaryIO | bytes) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, str | Path):
        return Path(source).read_bytes()
    data = source.read()
    return data if isinstance(data, bytes) else data.encode()


def read_table(data: bytes, *, file_name: str, sheet: str | None = None) -> Table:
    suffix = Path(file_name).suffix.lower()
    if not data:
        raise ReadError("文件是空的")
    if suffix == ".csv":
        return Table(_read_csv(data), sheet="")
    if suffix in EXCEL_SUFFIXES:
        return _read_excel(data, sheet)
    raise ReadError(f"不支持的文件类型“{suffix or '无扩展名'}”，请上传 .xlsx、.xls 或 .csv 文件")


def _read_excel(data: bytes, sheet: str | None) -> Table:
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as error:  # calamine raises several types for damaged files
        raise ReadError(f"无法读取Excel文件（文件可能已损坏或不是Excel格式）：{error}") from None
    names = workbook.sheet_names
    if not names:
        raise ReadError("Excel文件中没有工作表")
    if sheet is not None and sheet not in names:
        raise ReadError(f"找不到工作表“{sheet}”；文件中的工作表有：{'、'.join(names)}")
    name = sheet if sheet is not None else names[0]
    try:
        rows: list[list[Any]] = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as error:
        raise ReadError(f"无法读取工作表“{name}”：{error}") from None
    return Table(
        [row if len(row) <= MAX_COLUMNS else row[:MAX_COLUMNS] for row in rows], sheet=name
    )


def _read_csv(data: bytes) -> list[list[object]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte sequence that is not cut short
        raise ReadError("无法识别CSV文件的编码，请另存为UTF-8或GBK编码")
    if "\x00" in text:
        raise ReadError("CSV文件中含有二进制内容，不是文本表格")
    try:
        return [
            list[object](row[:MAX_COLUMNS]) for row in csv.reader(io.StringIO(text, newline=""))
        ]
    except csv.Error as error:
        raise ReadError(f"CSV文件格式错误：{error}") from None


# --- a big sheet read in two halves --------------------------------------------------------

# An .xlsx sheet of this much XML (some 15,000 rows of a full report) or more is read by
# two processes, half each: the XML parse is most of an import's reading time.
SPLIT_SHEET_BYTES = 16 * 2**20
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NUMBERED_ROW = re.compile(rb'<row [^>]*?\br="(\d+)"')


@dataclass(frozen=True)
class SplitSheet:
    """A big sheet of an .xlsx that can be read as two workbooks of half its rows each."""

    data: bytes
    sheet: str  # its name, as calamine and the user name it
    member: str  # its XML inside the zip


def splittable_sheet(data: bytes, sheet: str | None) -> SplitSheet | None:
    """The sheet to read in halves, or None: read the file whole (a small sheet, not an
    .xlsx, a sheet not found — the whole read then says what is wrong)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        sheets = _sheet_members(archive)
        if not sheets:
            return None
        name, member = next(
            ((n, m) for n, m in sheets if n == sheet) if sheet is not None else iter(sheets[:1]),
            (None, None),
        )
        if name is None or member is None:
            return None
        if archive.getinfo(member).file_size < SPLIT_SHEET_BYTES:
            return None
    except Exception:  # a damaged or unusual file: the whole read reports it
        return None
    return SplitSheet(data, name, member)


def _sheet_members(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(name, path in the zip) of every worksheet, in the workbook's order."""
    for part in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
        if archive.getinfo(part).file_size > 2**20:
            return []  # a real workbook's list of sheets is a few hundred bytes
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    links = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {link.get("Id"): link.get("Target", "") for link in links}
    found = []
    for element in workbook.iter(f"{{{_MAIN}}}sheet"):
        target = targets.get(element.get(f"{{{_RELATIONSHIP}}}id"), "")
        member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        found.append((element.get("name", ""), member))
    return found


def read_half(split: SplitSheet, half: int) -> tuple[list[list[object]], int] | None:
    """The rows of the first (0) or second (1) half of the sheet and the spreadsheet row
    number of the first of them, cells placed as a whole read places them; None when the
    sheet's XML is not in the plain form cut here (then the file is read whole)."""
    archive = zipfile.ZipFile(io.BytesIO(split.data))
    xml = archive.read(split.member)
    opening, closing = xml.find(b"<sheetData>"), xml.rfind(b"</sheetData>")
    if opening < 0 or closing < opening:
        return None  # a prefixed or empty sheetData
    body = opening + len(b"<sheetData>")
    middle = xml.find(b"<row ", body + (closing - body) // 2, closing)
    if middle < 0 or not _NUMBERED_ROW.match(xml, middle):
        return None  # rows without their numbers would be renumbered from 1
    rows_xml = xml[body:middle] if half == 0 else xml[middle:closing]
    part = io.BytesIO()
    with zipfile.ZipFile(part, "w", zipfile.ZIP_STORED) as copy:
        for info in archive.infolist():
            content = (
                xml[:body] + rows_xml + xml[closing:] if info.filename == split.member else None
            )
            copy.writestr(info.filename, content if content is not None else archive.read(info))
    del xml, rows_xml
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(part.getvalue()))
        sheet = workbook.get_sheet_by_name(split.sheet)
        if half == 0:
            rows: list[list[Any]] = sheet.to_python(skip_empty_area=False)
            first = 1
        else:
            rows = sheet.to_python(skip_empty_area=True)
            start_row, start_column = sheet.start or (0, 0)
            first = start_row + 1
            if (
                start_column
            ):  # the columns left of this half's cells, empty as a whole read has them
                rows = [[""] * start_column + row for row in rows]
    except Exception:
        return None
    return [row if len(row) <= MAX_COLUMNS else row[:MAX_COLUMNS] for row in rows], first
