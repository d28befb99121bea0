"""The periods of the routine: ISO weeks (Monday–Sunday), 旬 (1–10, 11–20, 21–end),
calendar months and quarters, each with the key stored on a work item."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from diaodu.core.periods import Period, dekad_bounds, dekad_of

ONE_DAY = dt.timedelta(days=1)
DEKAD_NAMES = {1: "上旬", 2: "中旬", 3: "下旬"}
QUARTER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}


@dataclass(frozen=True)
class RoutinePeriod:
    key: str  # "2026-W48", "2026-11-2", "2026-11", "2026-Q4"
    start: dt.date
    end: dt.date
    label: str  # "2026年第48周", "2026年11月中旬", "2026年11月", "2026年第四季度"


def _week(day: dt.date) -> RoutinePeriod:
    # The ISO year, not the calendar year: 2026-12-31 (Thursday) is in 2026-W53,
    # 2027-01-01 too, so the key never splits a week in two.
    year, week, weekday = day.isocalendar()
    start = day - dt.timedelta(days=weekday - 1)
    return RoutinePeriod(
        f"{year}-W{week:02d}", start, start + dt.timedelta(days=6), f"{year}年第{week}周"
    )


def _dekad(day: dt.date) -> RoutinePeriod:
    dekad = dekad_of(day)
    start, end = dekad_bounds(day.year, day.month, dekad)
    label = f"{day.year}年{day.month}月{DEKAD_NAMES[dekad]}"
    return RoutinePeriod(f"{day.year}-{day.month:02d}-{dekad}", start, end, label)


def _month(day: dt.date) -> RoutinePeriod:
    month = Period(day.year, day.month)
    return RoutinePeriod(str(month), month.first_day, month.last_day, month.label)


def _quarter(day: dt.date) -> RoutinePeriod:
    quarter = Period(day.year, day.month).quarter
    start = dt.date(day.year, 3 * quarter - 2, 1)
    end = Period(day.year, 3 * quarter).last_day
    label = f"{day.year}年第{QUARTER_NAMES[quarter]}季度"
    return RoutinePeriod(f"{day.year}-Q{quarter}", start, end, label)


_CONTAINING = {"weekly": _week, "dekad": _dekad, "monthly": _month, "quarterly": _quarter}


def period_containing(kind: str, day: dt.date) -> RoutinePeriod:
    """The week, 旬, month or quarter (Cadence.Kind values) that `day` falls in."""
    try:
        return _CONTAINING[kind](day)
    except KeyError:
        raise ValueError(f"未知的调度周期：{kind}") from None


def periods_from(kind: str, day: dt.date) -> Iterator[RoutinePeriod]:
    """The period containing `day`, then each following one, without end."""
    period = period_containing(kind, day)
    while True:
        yield period
        period = period_containing(kind, period.end + ONE_DAY)


def ended_periods(kind: str, since: dt.date, today: dt.date) -> list[RoutinePeriod]:
    """Periods that end on or after `since` and have ended before `today`."""
    found: list[RoutinePeriod] = []
    for period in periods_from(kind, since):
        if period.end >= today:
            return found
        found.append(period)
    return found  # pragma: no cover - the generator has no end


def whole_periods(kind: str, start: dt.date, end: dt.date) -> list[RoutinePeriod]:
    """Periods lying wholly inside [start, end]: a quarter still under way is not judged."""
    found: list[RoutinePeriod] = []
    for period in periods_from(kind, start):
        if period.end > end:
            return found
        if period.start >= start:
            found.append(period)
    return found  # pragma: no cover - the generator has no end
