"""W03: how often the region met ("X次专题研究、X次调度会、X次调研督导"), whether each
cadence was kept ("专班每季度至少一次调度会" — the quarters with none), and what is late.

Counts take the region and everything below it (a city's report counts its counties'
meetings too). Compliance judges each region by its own meetings: a county's 调度会 does
not hold the city's; a meeting logged as a cadence item's meeting counts for that item's
period. Only periods lying wholly in the window are judged, so a quarter
still under way is never flagged.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from diaodu.dispatch.models import Cadence, FollowUpTask, Meeting, WorkItem
from diaodu.dispatch.periods import RoutinePeriod, period_containing, whole_periods
from diaodu.regions.models import Region
from diaodu.regions.selectors import descendant_ids

# The order of the seeds' sentence; 约谈 and 现场办公 follow only when there were any.
W03_ORDER = (Meeting.Kind.STUDY, Meeting.Kind.DISPATCH, Meeting.Kind.INSPECTION)
W03_OPTIONAL = (Meeting.Kind.SUMMONS, Meeting.Kind.ONSITE)
# The meeting a cadence's item calls for; analysis and warnings are not meetings.
REQUIRED_MEETING: dict[str, str] = {
    Cadence.ItemKind.MEETING: Meeting.Kind.DISPATCH,
    Cadence.ItemKind.SUMMONS: Meeting.Kind.SUMMONS,
}
PERIOD_UNIT = {"weekly": "周", "dekad": "旬", "monthly": "月", "quarterly": "季度"}


def routine_counts(region: Region, start: dt.date, end: dt.date) -> dict[str, int]:
    """Meetings held in [start, end] in the region and below, by kind (every kind, 0s too)."""
    rows = (
        Meeting.objects.filter(
            region_id__in=descendant_ids(region), held_on__gte=start, held_on__lte=end
        )
        .values("kind")
        .annotate(n=Count("id"))
    )
    found = {row["kind"]: row["n"] for row in rows}
    return {kind: found.get(kind, 0) for kind in Meeting.Kind.values}


def _day_label(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def w03_sentence(
    region: Region,
    start: dt.date,
    end: dt.date,
    counts: dict[str, int],
    warnings_sent: int | None = None,
) -> str:
    """ "2026年1月1日至2026年11月29日，安康市开展2次专题研究、5次调度会、1次调研督导" and, when
    given, W02's "发出3次预警提醒" (warnings sent, from the warnings app)."""
    kinds = [*W03_ORDER, *(kind for kind in W03_OPTIONAL if counts.get(kind))]
    parts = "、".join(f"{counts.get(kind, 0)}次{Meeting.Kind(kind).label}" for kind in kinds)
    text = f"{_day_label(start)}至{_day_label(end)}，{region.name}开展{parts}"
    return f"{text}，发出{warnings_sent}次预警提醒" if warnings_sent is not None else text


@dataclass
class Gap:
    """A period with fewer meetings of the required kind than the rule asks."""

    period: RoutinePeriod
    held: int


def missing_periods(
    region: Region,
    period_kind: str,
    meeting_kind: str,
    start: dt.date,
    end: dt.date,
    minimum: int = 1,
    cadence: Cadence | None = None,
) -> list[Gap]:
    """The whole periods in [start, end] in which the region itself held fewer than
    `minimum` meetings of `meeting_kind` (e.g. the quarters with no 调度会).

    With a cadence, a meeting logged as the meeting of one of its items counts for that
    item's period, whenever it was held: September's 调度会 held on 9 October keeps
    September, and does not also keep October."""
    held: Counter[str] = Counter()
    for meeting in _meetings_for(region, meeting_kind, start, end, cadence):
        item = meeting.work_item
        if cadence is not None and item is not None and item.cadence_id == cadence.pk:
            held[item.period_key] += 1
        else:
            held[period_containing(period_kind, meeting.held_on).key] += 1
    return [
        Gap(period, held[period.key])
        for period in whole_periods(period_kind, start, end)
        if held[period.key] < minimum
    ]


def _meetings_for(
    region: Region, meeting_kind: str, start: dt.date, end: dt.date, cadence: Cadence | None
) -> QuerySet[Meeting]:
    """The region's meetings of the kind held in the window, and the cadence's own."""
    wanted = Q(kind=meeting_kind, held_on__gte=start, held_on__lte=end)
    if cadence is not None:
        wanted |= Q(work_item__cadence=cadence)
    return Meeting.objects.filter(wanted, region=region).select_related("work_item")


@dataclass
class Compliance:
    cadence: Cadence
    rule: str  # "每季度至少一次约谈"
    judged: int  # periods judged
    gaps: list[Gap] = field(default_factory=list)


def cadence_compliance(region: Region, start: dt.date, end: dt.date) -> list[Compliance]:
    """For every active meeting cadence in the region and below: the periods with none."""
    cadences = Cadence.objects.filter(
        region_id__in=descendant_ids(region),
        active=True,
        item_kind__in=list(REQUIRED_MEETING),
    ).select_related("region")
    return [_compliance(cadence, start, end) for cadence in cadences]


def _compliance(cadence: Cadence, start: dt.date, end: dt.date) -> Compliance:
    meeting_kind = REQUIRED_MEETING[cadence.item_kind]
    # A cadence is not held to periods before it existed.
    first = max(start, cadence.starts_on)
    label = Meeting.Kind(meeting_kind).label
    return Compliance(
        cadence=cadence,
        rule=f"每{PERIOD_UNIT[cadence.kind]}至少一次{label}",
        judged=len(whole_periods(cadence.kind, first, end)),
        gaps=missing_periods(
            cadence.region, cadence.kind, meeting_kind, first, end, cadence=cadence
        ),
    )


def overdue_items(region: Region, today: dt.date) -> QuerySet[WorkItem]:
    """Open work items past their due date, in the region and below."""
    return WorkItem.objects.filter(
        region_id__in=descendant_ids(region), state=WorkItem.State.OPEN, due_on__lt=today
    ).select_related("region")


def overdue_tasks(region: Region, today: dt.date) -> QuerySet[FollowUpTask]:
    """Meetings' follow-up tasks still open past their due date, in the region and below."""
    return FollowUpTask.objects.filter(
        meeting__region_id__in=descendant_ids(region),
        state=FollowUpTask.State.OPEN,
        due_on__lt=today,
    ).select_related("meeting")
