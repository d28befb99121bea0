"""A01 A02 A05: what the appeals add up to, for a region and a window of dates.

An appeal counts in the window by the day it was raised (received_on); its state is taken
as of `as_of` from the dates it carries (answered by then or not), so last month's 通报
reads the same when printed again next month — except for appeals reopened since, which
count by their latest round.

The on-time rate is honest: its denominator is every appeal whose deadline has come —
answered ones and those still open past their deadline — not only the answered ones.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from diaodu.appeals.models import Appeal, Category, Meeting, Source
from diaodu.core.memo import per_data_version
from diaodu.core.workdays import WorkCalendar
from diaodu.regions.models import Region
from diaodu.regions.selectors import descendant_ids
from diaodu.reports.words import whole_region

HUNDRED = Decimal(100)


@dataclass
class Tally:
    """Counts of one slice (a unit, a county, or everything)."""

    name: str
    appeals: int = 0
    resolved: int = 0
    explained: int = 0
    open: int = 0
    overdue: int = 0  # open and past the deadline in force at as_of
    due: int = 0  # deadline come: answered, or open past the first deadline
    on_time: int = 0  # answered by the first deadline
    workdays: list[int] = field(default_factory=list)
    route_due: int = 0  # routing deadline come: routed, or still waiting past it
    routed_on_time: int = 0  # first 交办 by the routing deadline

    @property
    def on_time_rate(self) -> Decimal | None:
        """按时办结率 in %, None before any deadline has come."""
        return HUNDRED * self.on_time / self.due if self.due else None

    @property
    def route_on_time_rate(self) -> Decimal | None:
        """按时交办率 in %: appeals waiting past their routing deadline count against it;
        None where no routing deadline (交办时限) has come."""
        return HUNDRED * self.routed_on_time / self.route_due if self.route_due else None

    @property
    def average_workdays(self) -> Decimal | None:
        """平均办理用时: working days from 交办 to the reply, over answered appeals."""
        if not self.workdays:
            return None
        return Decimal(sum(self.workdays)) / len(self.workdays)


@dataclass
class AppealStatistics:
    region: Region
    start: dt.date
    end: dt.date
    as_of: dt.date
    total: Tally
    enterprises: int
    by_enterprise: list[tuple[str, int]]  # enterprises by number of appeals, most first
    by_category: list[tuple[str, int]]  # every active category, in the official order
    by_source: dict[str, Tally]  # 座谈会, 领导调研… (A02)
    meetings: dict[str, int]  # forums and visits held in the window, by kind
    by_unit: list[Tally]
    by_county: list[Tally]

    @property
    def categories_raised(self) -> int:
        return sum(1 for _, count in self.by_category if count)


def _answered(appeal: Appeal, as_of: dt.date) -> bool:
    return appeal.replied_on is not None and appeal.replied_on <= as_of


def _count_routing(tally: Tally, appeal: Appeal, as_of: dt.date) -> None:
    due = appeal.route_due_on
    if due is None:
        return
    if appeal.routed_on is not None and appeal.routed_on <= as_of:
        tally.route_due += 1
        tally.routed_on_time += appeal.routed_on <= due
    elif due < as_of:
        tally.route_due += 1


def _count(tally: Tally, appeal: Appeal, as_of: dt.date, calendar: WorkCalendar) -> None:
    tally.appeals += 1
    _count_routing(tally, appeal, as_of)
    if _answered(appeal, as_of):
        assert appeal.replied_on is not None
        tally.resolved += appeal.outcome == Appeal.Outcome.RESOLVED
        tally.explained += appeal.outcome == Appeal.Outcome.EXPLAINED
        if appeal.due_on is not None:
            tally.due += 1
            tally.on_time += bool(appeal.replied_in_time)
        if appeal.assigned_on is not None:
            tally.workdays.append(calendar.workdays_between(appeal.assigned_on, appeal.replied_on))
        return
    tally.open += 1
    if appeal.due_on is not None and appeal.due_on < as_of:
        tally.due += 1
    current = appeal.current_due
    if current is not None and current < as_of:
        tally.overdue += 1


@per_data_version
def appeal_statistics(
    region: Region, start: dt.date, end: dt.date, as_of: dt.date | None = None
) -> AppealStatistics:
    """Appeals raised in [start, end] by enterprises of `region`, in their state at as_of."""
    as_of = as_of or end
    appeals: QuerySet[Appeal] = Appeal.objects.filter(
        county_id__in=descendant_ids(region), received_on__gte=start, received_on__lte=end
    ).select_related("category", "lead_unit", "county")
    calendar = WorkCalendar()
    total = Tally(whole_region(region))
    units: dict[str, Tally] = {}
    counties: dict[str, Tally] = {}
    categories: Counter[str] = Counter()
    sources = {source: Tally(label) for source, label in Source.choices}
    county_names: dict[int, str] = {}
    # An enterprise is its name in its county (names are unique within a county, and an
    # enterprise not on file yet has only these): two of one name in two counties are two.
    enterprises: Counter[tuple[int, str]] = Counter()
    for appeal in appeals:
        _count(total, appeal, as_of, calendar)
        unit_name = appeal.lead_unit.name if appeal.lead_unit else "未交办"
        _count(units.setdefault(unit_name, Tally(unit_name)), appeal, as_of, calendar)
        county = counties.setdefault(appeal.county.code, Tally(appeal.county.name))
        _count(county, appeal, as_of, calendar)
        categories[appeal.category.name] += 1
        _count(sources[appeal.source], appeal, as_of, calendar)
        enterprises[appeal.county_id, appeal.enterprise_name] += 1
        county_names[appeal.county_id] = appeal.county.name
    names = list(Category.objects.filter(active=True).values_list("name", flat=True))
    names += sorted(name for name in categories if name not in names)
    meetings = Counter(
        Meeting.objects.filter(
            region_id__in=descendant_ids(region), held_on__gte=start, held_on__lte=end
        ).values_list("kind", flat=True)
    )
    return AppealStatistics(
        region=region,
        start=start,
        end=end,
        as_of=as_of,
        total=total,
        enterprises=len(enterprises),
        by_enterprise=_by_enterprise(enterprises, county_names),
        by_category=[(name, categories[name]) for name in names],
        by_source=sources,
        meetings={kind: meetings[kind] for kind in Source.values},
        by_unit=sorted(units.values(), key=lambda t: (-t.appeals, t.name)),
        by_county=[counties[code] for code in sorted(counties)],
    )


def _by_enterprise(
    counts: Counter[tuple[int, str]], county_names: dict[int, str]
) -> list[tuple[str, int]]:
    """(name, appeals), most first; a name two enterprises share carries its county."""
    shared = Counter(name for _, name in counts)
    labelled = [
        (name if shared[name] == 1 else f"{name}（{county_names[county]}）", count)
        for (county, name), count in counts.items()
    ]
    return sorted(labelled, key=lambda item: (-item[1], item[0]))


def a01_sentence(stats: AppealStatistics) -> str:
    """A01: 全市X户企业共有X类X个问题，其中资金保障类X个、…"""
    parts = "、".join(f"{name}类{count}个" for name, count in stats.by_category if count)
    text = (
        f"{stats.total.name}{stats.enterprises}户企业共有{stats.categories_raised}类"
        f"{stats.total.appeals}个问题"
    )
    return f"{text}，其中{parts}" if parts else text


def a02_sentence(stats: AppealStatistics) -> str:
    """A02: 召开X次民营企业座谈会，提出X条诉求，调研时提出X条，目前X条解释到位，X条已经解决，
    仍有X条没有解决到位 — the outcomes are those of the forum and visit appeals together."""
    forum, visit = stats.by_source[Source.FORUM], stats.by_source[Source.LEADER_VISIT]
    explained = forum.explained + visit.explained
    resolved = forum.resolved + visit.resolved
    still_open = forum.open + visit.open
    return (
        f"召开{stats.meetings[Source.FORUM]}次民营企业座谈会，提出{forum.appeals}条诉求，"
        f"调研时提出{visit.appeals}条，目前{explained}条解释到位，{resolved}条已经解决，"
        f"仍有{still_open}条没有解决到位"
    )
