"""Header matching: the canonical columns of the contracts and the wordings users have.

A header is normalised (spaces dropped, full-width brackets and dashes folded) and its
bracketed parts taken off; a bracketed unit (万元, 千元, 元, 亿元, 万千瓦时) is kept to
scale the column. The statistics bureau's exports word the same columns differently:
every variant a user has met is one more entry in the tables below."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_BRACKETS = re.compile(r"\(([^()]*)\)")
_DASHES = str.maketrans({"—": "-", "－": "-", "–": "-", "~": "-", "～": "-"})

UNITS = {"万元", "千元", "元", "亿元", "万千瓦时", "万千瓦小时", "人"}

# Indicator prefixes (the same field may be worded several ways).
MONEY_INDICATORS: dict[str, tuple[str, ...]] = {
    "output": ("工业总产值",),
    "revenue": ("营业收入", "主营业务收入"),
    "profit": ("利润总额",),
    "sales": ("工业销售产值",),
    "export": ("出口交货值",),
    "power": ("用电量", "企业用电量"),
}
# Time suffixes: this month, year to date, and the same periods a year earlier.
SUFFIXES: dict[str, tuple[str, ...]] = {
    "month": ("本月", "当月"),
    "ytd": ("本年累计", "1-本月", "累计", "本年1-本月"),
    "month_prior": ("上年同期本月", "上年本月", "上年同月"),
    "ytd_prior": ("上年同期累计", "上年同期1-本月", "上年1-本月", "上年累计"),
}
PLAIN_FIELDS: dict[str, tuple[str, ...]] = {
    "period": ("报告期", "报告期别", "统计期"),
    "uscc": ("统一社会信用代码",),
    "name": ("单位详细名称", "企业名称", "单位名称"),
    "county_code": ("行政区划代码", "区划代码", "县区代码"),
    "industry_code": ("行业代码", "国民经济行业代码", "行业小类代码"),
    "employees": ("从业人员平均人数", "从业人员期末人数"),
    "directory_status": ("库状态", "入库状态"),
}


def normalize(header: object) -> tuple[str, str | None]:
    """(the header without spaces and brackets, the unit in its brackets if any)."""
    text = unicodedata.normalize("NFKC", str(header if header is not None else ""))
    text = re.sub(r"\s+", "", text).translate(_DASHES)
    unit = None
    for part in _BRACKETS.findall(text):
        if part in UNITS:
            unit = part
    return _BRACKETS.sub("", text), unit


def _monthly_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for field, names in PLAIN_FIELDS.items():
        for name in names:
            aliases[name] = field
    for indicator, prefixes in MONEY_INDICATORS.items():
        for prefix in prefixes:
            for suffix_key, suffixes in SUFFIXES.items():
                for suffix in suffixes:
                    aliases[prefix + suffix] = f"{indicator}_{suffix_key}"
    return aliases


MONTHLY_ALIASES = _monthly_aliases()

INDICATOR_ALIASES = {
    "报告期": "period",
    "地区代码": "region_code",
    "行政区划代码": "region_code",
    "地区名称": "region_name",
    "地区": "region_name",
    "指标": "indicator",
    "指标名称": "indicator",
    "口径": "scope",
    "值": "value",
    "数值": "value",
    "绝对值": "value",
    "同比增长": "growth",
    "同比增速": "growth",
    "增速": "growth",
    "同比增长%": "growth",
}


@dataclass(frozen=True)
class Column:
    index: int  # 0-based position in the row
    header: str  # as written in the file, for messages
    field: str
    unit: str | None


def match_headers(
    cells: list[object], aliases: dict[str, str]
) -> tuple[dict[str, Column], list[str], list[str]]:
    """(field → column, unknown headers, duplicated fields) for a header row."""
    columns: dict[str, Column] = {}
    unknown: list[str] = []
    duplicated: list[str] = []
    for index, cell in enumerate(cells):
        written = str(cell).strip() if cell is not None else ""
        if not written:
            continue
        key, unit = normalize(written)
        field = aliases.get(key)
        if field is None:
            unknown.append(written)
        elif field in columns:
            duplicated.append(written)
        else:
            columns[field] = Column(index, written, field, unit)
    return columns, unknown, duplicated


def is_header_row(cells: list[object], first_header: str) -> bool:
    return any(
        normalize(cell)[0].startswith(first_header) for cell in cells if cell not in ("", None)
    )
