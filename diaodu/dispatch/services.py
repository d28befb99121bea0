"""Every change to the routine: cadences, the work items the tick opens, meetings and
their follow-up tasks.

Each function checks who may act and whether the object is in a state that allows it,
writes the change and the audit log in one transaction, and raises DispatchError with a
message in Chinese (or PermissionError) otherwise.

Who: city staff (市级管理员、分析员) for their city and everything below, county users for
their county; leaders read only; responsible units see nothing of the routine.

When a period is opened: once it has ENDED, for every kind, weekly included. The work of a
period (周分析 of last week's figures, 旬研判 of the 旬 just closed, 月调度 on last month,
季约谈 on the quarter) can only be done on the period's results, so the item appears the day
after the period ends and is due `offset_workdays` working days later.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from diaodu.accounts.models import Profile
from diaodu.accounts.services import audit
from diaodu.core.workdays import WorkCalendar
from diaodu.dispatch.models import Cadence, FollowUpTask, Meeting, WorkItem
from diaodu.dispatch.periods import RoutinePeriod, ended_periods
from diaodu.regions.models import Region
from diaodu.regions.selectors import descendant_ids, is_within

CITY_ROLES = (Profile.Role.CITY_ADMIN, Profile.Role.CITY_ANALYST)
WRITER_ROLES = (*CITY_ROLES, Profile.Role.COUNTY_USER)
# A cadence may start at most this long ago: enough to catch up on a year, never more.
MAX_BACKFILL = dt.timedelta(days=366)
MAX_OFFSET_WORKDAYS = 30
# Which meetings fulfil which work items: a 约谈 item needs a 约谈; a warning is sent,
# not met over, so no meeting completes it.
FULFILLING_KINDS: dict[str, tuple[str, ...]] = {
    Cadence.ItemKind.MEETING: (Meeting.Kind.DISPATCH, Meeting.Kind.ONSITE),
    Cadence.ItemKind.SUMMONS: (Meeting.Kind.SUMMONS,),
    Cadence.ItemKind.ANALYSIS: (Meeting.Kind.STUDY, Meeting.Kind.DISPATCH),
    Cadence.ItemKind.WARNING: (),
}


class DispatchError(ValueError):
    """A change that cannot be made; the message says why, in Chinese."""


# --- who may see and do what -------------------------------------------------------------


def _profile(user: Any) -> Profile | None:
    return getattr(user, "profile", None)


def visible_region_ids(user: Any) -> set[int] | None:
    """The regions whose routine the user sees; None for a superuser (all of them)."""
    profile = _profile(user)
    if profile is None:
        return None if getattr(user, "is_superuser", False) else set()
    if profile.role == Profile.Role.UNIT:
        return set()
    return descendant_ids(profile.region)


def _scoped(queryset: QuerySet, user: Any, field: str = "region_id") -> QuerySet:
    ids = visible_region_ids(user)
    return queryset if ids is None else queryset.filter(**{f"{field}__in": ids})


def visible_cadences(user: Any) -> QuerySet[Cadence]:
    return _scoped(Cadence.objects.select_related("region"), user)


def visible_items(user: Any) -> QuerySet[WorkItem]:
    return _scoped(WorkItem.objects.select_related("region", "cadence", "done_by"), user)


def visible_meetings(user: Any) -> QuerySet[Meeting]:
    return _scoped(Meeting.objects.select_related("region", "work_item"), user)


def visible_tasks(user: Any) -> QuerySet[FollowUpTask]:
    tasks = FollowUpTask.objects.select_related("meeting", "meeting__region")
    return _scoped(tasks, user, "meeting__region_id")


def can_write(user: Any, region: Region) -> bool:
    profile = _profile(user)
    if profile is None:
        return bool(getattr(user, "is_superuser", False))
    return profile.role in WRITER_ROLES and is_within(region, profile.region)


def _require_write(user: Any, region: Region, what: str) -> None:
    profile = _profile(user)
    if profile is not None and profile.role == Profile.Role.LEADER:
        raise PermissionError(f"领导账号只读，不能{what}")
    if not can_write(user, region):
        raise PermissionError(f"无权{what}")


def _actor(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def _check_past(day: dt.date, what: str) -> None:
    if day > timezone.localdate():
        raise DispatchError(f"{what} {day} 晚于今天")


# --- cadences ----------------------------------------------------------------------------


def _cadence_state(cadence: Cadence) -> dict[str, Any]:
    return {
        "region": cadence.region.code,
        "kind": cadence.kind,
        "title": cadence.title,
        "item_kind": cadence.item_kind,
        "offset_workdays": cadence.offset_workdays,
        "starts_on": str(cadence.starts_on),
        "active": cadence.active,
        "responsible": cadence.responsible,
    }


def _check_cadence(cadence: Cadence) -> None:
    if cadence.kind not in Cadence.Kind.values:
        raise DispatchError(f"未知的调度周期：{cadence.kind}")
    if cadence.item_kind not in Cadence.ItemKind.values:
        raise DispatchError(f"未知的事项类型：{cadence.item_kind}")
    if not cadence.title.strip():
        raise DispatchError("调度周期名称不能为空")
    if not 0 <= cadence.offset_workdays <= MAX_OFFSET_WORKDAYS:
        raise DispatchError(f"完成时限应为期末后0到{MAX_OFFSET_WORKDAYS}个工作日")


@transaction.atomic
def create_cadence(
    *,
    by: Any,
    region: Region,
    kind: str,
    title: str,
    item_kind: str,
    offset_workdays: int = 3,
    responsible: str = "",
    starts_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Cadence:
    """A new routine for a region; periods are opened from `starts_on` (default today)."""
    _require_write(by, region, "设置该地区的调度周期")
    today = today or timezone.localdate()
    starts_on = starts_on or today
    if starts_on < today - MAX_BACKFILL:
        raise DispatchError("起始日期不能早于一年前：调度周期不补建历年事项")
    cadence = Cadence(
        region=region,
        kind=kind,
        title=title.strip(),
        item_kind=item_kind,
        offset_workdays=offset_workdays,
        responsible=responsible.strip(),
        starts_on=starts_on,
    )
    _check_cadence(cadence)
    cadence.save()
    audit(
        actor=by,
        action="dispatch_create_cadence",
        target_type="Cadence",
        target_id=cadence.pk,
        summary=f"新建调度周期：{cadence.title}（{cadence.get_kind_display()}）",
        after=_cadence_state(cadence),
    )
    return cadence


# The kind and start shape the periods already opened: change them by a new cadence.
EDITABLE_CADENCE_FIELDS = ("title", "item_kind", "offset_workdays", "responsible", "active")


@transaction.atomic
def update_cadence(cadence: Cadence, *, by: Any, **changes: Any) -> Cadence:
    """Rename, retarget, re-time (future items only) or (de)activate a cadence."""
    _require_write(by, cadence.region, "修改该地区的调度周期")
    unknown = set(changes) - set(EDITABLE_CADENCE_FIELDS)
    if unknown:
        raise DispatchError("调度周期的周期类型和起始日期不能修改，请停用后新建")
    before = _cadence_state(cadence)
    for field, value in changes.items():
        setattr(cadence, field, value.strip() if isinstance(value, str) else value)
    _check_cadence(cadence)
    cadence.save()
    audit(
        actor=by,
        action="dispatch_update_cadence",
        target_type="Cadence",
        target_id=cadence.pk,
        summary=f"修改调度周期：{cadence.title}",
        before=before,
        after=_cadence_state(cadence),
    )
    return cadence


# --- opening the periods' work items -----------------------------------------------------


def _open_item(cadence: Cadence, period: RoutinePeriod, calendar: WorkCalendar) -> bool:
    """Open one period's item; False if it exists (another tick got there first)."""
    deadline = calendar.add_workdays(period.end, cadence.offset_workdays)
    item, created = WorkItem.objects.get_or_create(
        cadence=cadence,
        period_key=period.key,
        defaults={
            "region_id": cadence.region_id,
            "period_start": period.start,
            "period_end": period.end,
            "title": f"{cadence.title}（{period.label}）",
            "due_on": deadline.date,
            "due_provisional": deadline.provisional,
        },
    )
    if created:
        audit(
            actor=None,
            action="dispatch_open_item",
            target_type="WorkItem",
            target_id=item.pk,
            summary=f"定时开启：{item.title}，{item.due_on}前完成",
            after=_item_state(item),
        )
    return created


def _open_for_cadence(cadence: Cadence, today: dt.date, calendar: WorkCalendar) -> int:
    existing = set(cadence.items.values_list("period_key", flat=True))
    periods = ended_periods(cadence.kind, cadence.starts_on, today)
    return sum(
        _open_item(cadence, period, calendar) for period in periods if period.key not in existing
    )


@transaction.atomic
def open_due_items(today: dt.date) -> int:
    """Open the work item of every ended period of every active cadence; the number opened.

    Idempotent: a period already opened (by an earlier or a concurrent run) is left alone,
    by the unique (cadence, period_key) constraint."""
    calendar = WorkCalendar()
    cadences = Cadence.objects.filter(active=True, starts_on__lt=today)
    return sum(_open_for_cadence(cadence, today, calendar) for cadence in cadences)


# --- work items --------------------------------------------------------------------------


def _item_state(item: WorkItem) -> dict[str, Any]:
    return {
        "period_key": item.period_key,
        "state": item.state,
        "due_on": str(item.due_on),
        "done_on": str(item.done_on) if item.done_on else None,
        "note": item.note,
    }


def _require_open(item: WorkItem) -> None:
    if item.state != WorkItem.State.OPEN:
        raise DispatchError(f"事项“{item.title}”{item.get_state_display()}，不能再办理")


def _finish(item: WorkItem, *, state: str, on: dt.date, by: Any, note: str, action: str) -> None:
    before = _item_state(item)
    item.state, item.done_on, item.done_by, item.note = state, on, _actor(by), note
    item.save()
    audit(
        actor=by,
        action=action,
        target_type="WorkItem",
        target_id=item.pk,
        summary=f"{item.get_state_display()}：{item.title}" + (f"；{note}" if note else ""),
        before=before,
        after=_item_state(item),
    )


@transaction.atomic
def complete_item(
    item: WorkItem, *, by: Any, on: dt.date | None = None, note: str = ""
) -> WorkItem:
    """The period's work is done (the analysis reviewed, the warnings sent)."""
    _require_write(by, item.region, "办理该调度事项")
    _require_open(item)
    on = on or timezone.localdate()
    _check_past(on, "完成日期")
    if on < item.period_start:
        raise DispatchError(f"完成日期 {on} 早于该期开始（{item.period_start}）")
    _finish(
        item, state=WorkItem.State.DONE, on=on, by=by, note=note.strip(), action="dispatch_done"
    )
    return item


@transaction.atomic
def skip_item(item: WorkItem, *, by: Any, reason: str) -> WorkItem:
    """Not held this period (merged with another meeting, a holiday week), with the reason."""
    _require_write(by, item.region, "办理该调度事项")
    _require_open(item)
    if not reason.strip():
        raise DispatchError("跳过须说明原因")
    _finish(
        item,
        state=WorkItem.State.SKIPPED,
        on=timezone.localdate(),
        by=by,
        note=reason.strip(),
        action="dispatch_skip",
    )
    return item


# --- meetings and follow-up tasks --------------------------------------------------------


def _check_fulfils(item: WorkItem, region: Region, kind: str, held_on: dt.date) -> None:
    if item.region_id != region.pk:
        raise DispatchError("会议与所对应的调度事项不属于同一地区")
    _require_open(item)
    allowed = FULFILLING_KINDS[item.cadence.item_kind]
    if kind not in allowed:
        needed = "、".join(Meeting.Kind(k).label for k in allowed) or "会议"
        raise DispatchError(f"“{item.title}”不能由{Meeting.Kind(kind).label}完成（应为{needed}）")
    if held_on < item.period_start:
        raise DispatchError(f"会议日期 {held_on} 早于该期开始（{item.period_start}）")


@transaction.atomic
def log_meeting(
    *,
    by: Any,
    region: Region,
    kind: str,
    title: str,
    held_on: dt.date,
    chair: str = "",
    attendees: str = "",
    decisions: str = "",
    work_item: WorkItem | None = None,
) -> Meeting:
    """Record a meeting, summons, study session or inspection; if it is the period's
    meeting, the work item is done on the day it was held."""
    _require_write(by, region, "登记该地区的会议")
    if kind not in Meeting.Kind.values:
        raise DispatchError(f"未知的会议类型：{kind}")
    if not title.strip():
        raise DispatchError("会议名称不能为空")
    _check_past(held_on, "会议日期")
    if work_item is not None:
        _check_fulfils(work_item, region, kind, held_on)
    meeting = Meeting.objects.create(
        region=region,
        kind=kind,
        title=title.strip(),
        held_on=held_on,
        chair=chair.strip(),
        attendees=attendees.strip(),
        decisions=decisions.strip(),
        work_item=work_item,
        created_by=_actor(by),
    )
    audit(
        actor=by,
        action="dispatch_log_meeting",
        target_type="Meeting",
        target_id=meeting.pk,
        summary=f"{meeting.get_kind_display()}：{meeting.title}（{held_on}）",
        after={"region": region.code, "kind": kind, "held_on": str(held_on), "chair": chair},
    )
    if work_item is not None:
        note = f"由{meeting.get_kind_display()}“{meeting.title}”完成"
        _finish(
            work_item,
            state=WorkItem.State.DONE,
            on=held_on,
            by=by,
            note=note,
            action="dispatch_done",
        )
    return meeting


def _task_state(task: FollowUpTask) -> dict[str, Any]:
    return {
        "owner": task.owner,
        "due_on": str(task.due_on) if task.due_on else None,
        "state": task.state,
        "done_on": str(task.done_on) if task.done_on else None,
        "note": task.note,
    }


@transaction.atomic
def add_follow_up(
    meeting: Meeting, *, by: Any, description: str, owner: str, due_on: dt.date | None = None
) -> FollowUpTask:
    """A task the meeting handed to a county, a unit or a person (会议交办事项)."""
    _require_write(by, meeting.region, "为该会议交办任务")
    if not description.strip() or not owner.strip():
        raise DispatchError("交办任务须写明任务内容和责任方")
    if due_on is not None and due_on < meeting.held_on:
        raise DispatchError(f"完成时限 {due_on} 早于会议日期（{meeting.held_on}）")
    task = FollowUpTask.objects.create(
        meeting=meeting, description=description.strip(), owner=owner.strip(), due_on=due_on
    )
    audit(
        actor=by,
        action="dispatch_add_task",
        target_type="FollowUpTask",
        target_id=task.pk,
        summary=f"交办{task.owner}：{task.description}",
        after=_task_state(task),
    )
    return task


@transaction.atomic
def complete_follow_up(
    task: FollowUpTask, *, by: Any, on: dt.date | None = None, note: str = ""
) -> FollowUpTask:
    _require_write(by, task.meeting.region, "办结该交办任务")
    if task.state != FollowUpTask.State.OPEN:
        raise DispatchError("该交办任务已办结")
    on = on or timezone.localdate()
    _check_past(on, "办结日期")
    if on < task.meeting.held_on:
        raise DispatchError(f"办结日期 {on} 早于会议日期（{task.meeting.held_on}）")
    before = _task_state(task)
    task.state, task.done_on, task.note = FollowUpTask.State.DONE, on, note.strip()
    task.save()
    audit(
        actor=by,
        action="dispatch_task_done",
        target_type="FollowUpTask",
        target_id=task.pk,
        summary=f"办结：{task.description}"[:255],
        before=before,
        after=_task_state(task),
    )
    return task
