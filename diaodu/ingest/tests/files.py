"""Real files for the import tests: xlsx (openpyxl), xls (xlwt), csv in any encoding."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import xlwt

from diaodu.testing import make_uscc

HEADER = [
    "统一社会信用代码",
    "单位详细名称",
    "行政区划代码",
    "行业代码",
    "工业总产值本月（万元）",
    "工业总产值本年累计（万元）",
    "工业总产值上年同期本月（万元）",
    "工业总产值上年同期累计（万元）",
    "库状态",
]
TITLE = ["2024年8月规上工业企业主要指标"]


def enterprise_row(
    uscc=None,
    name="甲厂",
    county="610902",
    industry="1311",
    month=10,
    ytd=80,
    month_prior=9,
    ytd_prior=70,
    status="在库",
):
    return [uscc or make_uscc(), name, county, industry, month, ytd, month_prior, ytd_prior, status]


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], *, title: bool = True) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [*([TITLE] if title else []), *rows]:
        sheet.append(row)
    workbook.save(path)
    return path


def write_xls(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("月报")
    for r, row in enumerate([TITLE, *rows]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    workbook.save(str(path))
    return path


def write_csv(path: Path, rows: Sequence[Sequence[object]], *, encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows([TITLE, *rows])
    return path
