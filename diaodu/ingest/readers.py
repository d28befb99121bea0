"""Spreadsheet files → rows of cells, numbered as a spreadsheet shows them (1-based).

.xlsx/.xlsm/.xls through python-calamine; .csv in UTF-8 (with or without BOM) or in
GB18030/GBK, which Excel on Chinese Windows writes."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

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
