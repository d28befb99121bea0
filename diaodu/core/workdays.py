"""Working days by the official holiday calendar, for deadlines (办理时限) and 旬 reports.

A day is a working day by, in order: an administrator's entry for that date; the year
entered in full by an administrator (then Monday–Friday apart from its entries); the
chinesecalendar package; and, for a year nobody knows yet, Monday–Friday — a deadline
that relies on such a day is *provisional* and says so, never a crash.

Counting: the N-th working day after a start date — the start day itself is not
counted, as a unit assigned an appeal on Friday with 2 working days answers by Tuesday.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

import chinese_calendar

from diaodu.core.models import CalendarDay, CalendarYear

ONE_DAY = dt.timedelta(days=1)


@dataclass
class WorkCalendar:
    """Working days from the database and the package, loaded once per use.

    Build one per request or service call: entries are read when first needed."""

    _entries: dict[dt.date, bool] | None = None
    _entered_years: set[int] | None = None
    unknown_years: set[int] = field(default_factory=set)
    _known: dict[dt.date, bool] = field(default_factory=dict)  # days already looked up

    def _load(self) -> None:
        if self._entries is None:
            self._entries = dict(CalendarDay.objects.values_list("date", "is_workday"))
            self._entered_years = set(CalendarYear.objects.values_list("year", flat=True))

    def is_workday(self, day: dt.date) -> bool:
        if day not in self._known:
            self._known[day] = self._look_up(day)
        return self._known[day]

    def _look_up(self, day: dt.date) -> bool:
        self._load()
        assert self._entries is not None and self._entered_years is not None
        if day in self._entries:
            return self._entries[day]
        if day.year in self._entered_years:
            return day.weekday() < 5
        try:
            return _official_workday(day)
        except NotImplementedError:
            # A year neither the package nor an administrator knows: weekdays only,
            # and remember it so the caller can flag the result as provisional.
            self.unknown_years.add(day.year)
            return day.weekday() < 5

    def add_workdays(self, start: dt.date, count: int) -> WorkdayDeadline:
        """The date `count` working days after `start` (start not counted)."""
        if count < 0:
            raise ValueError("工作日数不能为负")
        day = start
        remaining = count
        while remaining:
            day += ONE_DAY
            if self.is_workday(day):
                remaining -= 1
        spanned = range(start.year, day.year + 1)
        return WorkdayDeadline(day, provisional=any(y in self.unknown_years for y in spanned))

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count = 0
        day = start
        while day < end:
            day += ONE_DAY
            if self.is_workday(day):
                count += 1
        return count


@dataclass(frozen=True)
class WorkdayDeadline:
    date: dt.date
    # True when the count ran through a year whose holidays nobody has entered yet.
    provisional: bool = False


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later (the month's last day if shorter):
    for bureaus that set 一般 1 个月, 疑难 3 个月 rather than working days."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    for day in range(start.day, 27, -1):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return dt.date(year, month, min(start.day, 28))


def enter_year(
    year: int,
    days: list[tuple[dt.date, bool, str]],
    *,
    source: str = "",
    by: object = None,
) -> CalendarYear:
    """Record a year's official holidays and 调休 working days as published.

    `days` lists (date, is_workday, name) for every day that is not an ordinary
    Monday–Friday working day or weekend day off; entering a year again replaces it."""
    from django.db import transaction

    from diaodu.accounts.services import audit

    problems = [f"{day} 不属于{year}年" for day, _, _ in days if day.year != year]
    problems += [
        f"{day} 是周末，登记为休息日没有意义"
        for day, is_workday, _ in days
        if not is_workday and day.weekday() >= 5
    ]
    problems += [
        f"{day} 是工作日，登记为上班日没有意义"
        for day, is_workday, _ in days
        if is_workday and day.weekday() < 5
    ]
    if problems:
        raise ValueError("；".join(problems))
    workdays = sum(1 for _, is_workday, _ in days if is_workday)
    with transaction.atomic():
        CalendarDay.objects.filter(date__year=year).delete()
        CalendarDay.objects.bulk_create(
            CalendarDay(date=day, is_workday=is_workday, name=name)
            for day, is_workday, name in days
        )
        entry, _ = CalendarYear.objects.update_or_create(year=year, defaults={"source": source})
        audit(
            actor=by,
            action="enter_holidays",
            target_type="CalendarYear",
            target_id=year,
            summary=f"登记{year}年节假日{len(days) - workdays}天、调休上班{workdays}天",
            after=[[str(day), is_workday, name] for day, is_workday, name in days],
        )
    return entry


@functools.cache
def _official_workday(day: dt.date) -> bool:
    """chinesecalendar's answer, which only a new release of the package changes: kept for
    the process (a page of appeals asks for the same weeks again and again)."""
    return bool(chinese_calendar.is_workday(day))
