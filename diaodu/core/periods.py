"""Reporting periods: months, 旬 (dekads), quarters and the YTD labels ("1—8月").

Chinese industrial statistics report January and February together (since 2013):
the first file of a year is often February, whose 本年累计 covers 1—2月. A period
here is always a calendar month; "year to date" views are the months 1..M.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

# The official dash of "1—8月" is the em dash (U+2014), not a hyphen.
OFFICIAL_DASH = "—"

_PATTERNS = [
    re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})$"),  # 2022-08, 2022/8, 2022.8
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月?$"),  # 2022年8月
    re.compile(r"^(\d{4})(\d{2})$"),  # 202208
]


class PeriodError(ValueError):
    """A text that is not a reporting month; the message is for users, in Chinese."""


@dataclass(frozen=True, order=True)
class Period:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise PeriodError(f"月份应在1到12之间：{self.month}")
        if not 1900 <= self.year <= 2999:
            raise PeriodError(f"年份不合理：{self.year}")

    @classmethod
    def parse(cls, text: object) -> Period:
        """Accept 2022-08, 2022年8月, 202208, 2022.8 (and a date or a datetime)."""
        if isinstance(text, Period):
            return text
        if isinstance(text, dt.date):
            return cls(text.year, text.month)
        if isinstance(text, float) and text.is_integer():
            text = int(text)
        raw = str(text).strip()
        for pattern in _PATTERNS:
            match = pattern.match(raw)
            if match:
                return cls(int(match.group(1)), int(match.group(2)))
        raise PeriodError(f"无法识别的报告期“{raw}”，应写作 2022-08、2022年8月 或 202208")

    @classmethod
    def from_key(cls, key: int) -> Period:
        return cls(key // 100, key % 100)

    @property
    def key(self) -> int:
        """The integer yyyymm stored in the fact table."""
        return self.year * 100 + self.month

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"

    @property
    def month_label(self) -> str:
        return f"{self.month}月"

    @property
    def ytd_label(self) -> str:
        """ "1—8月"; "1月" for January (a January file imported on its own)."""
        return ytd_label(self.month)

    def previous_year(self) -> Period:
        return Period(self.year - 1, self.month)

    def shift(self, months: int) -> Period:
        index = self.year * 12 + (self.month - 1) + months
        return Period(index // 12, index % 12 + 1)

    @property
    def quarter(self) -> int:
        return (self.month - 1) // 3 + 1

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])


def ytd_label(month: int) -> str:
    if month == 1:
        return "1月"
    return f"1{OFFICIAL_DASH}{month}月"


def dekad_of(day: dt.date) -> int:
    """旬: 1 for days 1–10, 2 for 11–20, 3 for 21 to the month's end."""
    return 1 if day.day <= 10 else 2 if day.day <= 20 else 3


def dekad_bounds(year: int, month: int, dekad: int) -> tuple[dt.date, dt.date]:
    if dekad not in (1, 2, 3):
        raise PeriodError(f"旬应为1、2或3：{dekad}")
    start = dt.date(year, month, 1 + 10 * (dekad - 1))
    end_day = calendar.monthrange(year, month)[1] if dekad == 3 else 10 * dekad
    return start, dt.date(year, month, end_day)


def quarter_label(year: int, quarter: int) -> str:
    names = {1: "一季度", 2: "上半年", 3: "前三季度", 4: "全年"}
    return f"{year}年{names[quarter]}"
