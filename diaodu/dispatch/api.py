"""JSON API of the dispatch routine (mounted under /api/v1/ by diaodu.api.urls): cadences,
the work items the tick opens, meetings with their follow-up tasks, and the W03 counts.

Objects outside the user's region answer 404 (their existence is not leaked); a leader's
or another county's write answers 403; a change the state does not allow answers 400."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from diaodu.dispatch import services
from diaodu.dispatch.models import Cadence, FollowUpTask, Meeting, WorkItem
from diaodu.dispatch.services import (
    DispatchError,
    visible_cadences,
    visible_items,
    visible_meetings,
    visible_tasks,
)
from diaodu.dispatch.statistics import (
    Compliance,
    cadence_compliance,
    overdue_items,
    overdue_tasks,
    routine_counts,
    w03_sentence,
)
from diaodu.regions.models import Region
from diaodu.regions.selectors import descendant_ids, region_for_user
from diaodu.warnings.services import sent_count

router = Router(tags=["调度"])

T = TypeVar("T")


def _region(request: HttpRequest, code: str) -> Region:
    """The region if the user may see its routine, else 404 (units see none)."""
    profile = getattr(request.user, "profile", None)
    if profile is not None and profile.role == "unit":
        raise HttpError(404, "地区不存在")
    return region_for_user(request.user, code)


def _act(action: Callable[[], T]) -> T:
    """Run one service call with its refusals as HTTP answers in Chinese."""
    try:
        return action()
    except PermissionError as error:
        raise HttpError(403, str(error)) from error
    except DispatchError as error:
        raise HttpError(400, str(error)) from error


class DoneIn(Schema):
    on: dt.date | None = None
    note: str = ""


# --- cadences ----------------------------------------------------------------------------


class CadenceOut(Schema):
    id: int
    region_code: str
    region_name: str
    kind: str
    kind_label: str
    title: str
    item_kind: str
    item_kind_label: str
    offset_workdays: int
    starts_on: dt.date
    active: bool
    responsible: str


def _cadence_out(cadence: Cadence) -> dict[str, Any]:
    return {
        "id": cadence.pk,
        "region_code": cadence.region.code,
        "region_name": cadence.region.name,
        "kind": cadence.kind,
        "kind_label": cadence.get_kind_display(),
        "title": cadence.title,
        "item_kind": cadence.item_kind,
        "item_kind_label": cadence.get_item_kind_display(),
        "offset_workdays": cadence.offset_workdays,
        "starts_on": cadence.starts_on,
        "active": cadence.active,
        "responsible": cadence.responsible,
    }


@router.get("/dispatch/cadences", response=list[CadenceOut], summary="调度周期（按权限范围）")
def list_cadences(request: HttpRequest, region: str = "") -> list[dict[str, Any]]:
    cadences = visible_cadences(request.user)
    if region:
        cadences = cadences.filter(region_id__in=descendant_ids(_region(request, region)))
    return [_cadence_out(cadence) for cadence in cadences]


class CadenceIn(Schema):
    region_code: str
    kind: str
    title: str
    item_kind: str
    offset_workdays: int = 3
    responsible: str = ""
    starts_on: dt.date | None = None


@router.post(
    "/dispatch/cadences",
    response={201: CadenceOut},
    summary="新建调度周期（周分析、旬研判、月调度、季约谈）",
)
def create_cadence(request: HttpRequest, payload: CadenceIn) -> Status:
    region = _region(request, payload.region_code)
    cadence = _act(
        lambda: services.create_cadence(
            by=request.user,
            region=region,
            kind=payload.kind,
            title=payload.title,
            item_kind=payload.item_kind,
            offset_workdays=payload.offset_workdays,
            responsible=payload.responsible,
            starts_on=payload.starts_on,
        )
    )
    return Status(201, _cadence_out(cadence))


class CadenceUpdateIn(Schema):
    title: str | None = None
    item_kind: str | None = None
    offset_workdays: int | None = None
    responsible: str | None = None
    active: bool | None = None


@router.patch("/dispatch/cadences/{cadence_id}", response=CadenceOut, summary="修改调度周期")
def update_cadence(
    request: HttpRequest, cadence_id: int, payload: CadenceUpdateIn
) -> dict[str, Any]:
    cadence = get_object_or_404(visible_cadences(request.user), pk=cadence_id)
    changes = payload.dict(exclude_none=True)
    _act(lambda: services.update_cadence(cadence, by=request.user, **changes))
    return _cadence_out(cadence)


# --- work items --------------------------------------------------------------------------


class ItemOut(Schema):
    id: int
    cadence_id: int
    cadence_title: str
    item_kind: str
    region_code: str
    region_name: str
    period_key: str
    period_start: dt.date
    period_end: dt.date
    title: str
    due_on: dt.date
    due_provisional: bool
    state: str
    state_label: str
    done_on: dt.date | None
    done_by: str | None
    note: str
    overdue: bool


def _item_out(item: WorkItem, today: dt.date) -> dict[str, Any]:
    return {
        "id": item.pk,
        "cadence_id": item.cadence_id,
        "cadence_title": item.cadence.title,
        "item_kind": item.cadence.item_kind,
        "region_code": item.region.code,
        "region_name": item.region.name,
        "period_key": item.period_key,
        "period_start": item.period_start,
        "period_end": item.period_end,
        "title": item.title,
        "due_on": item.due_on,
        "due_provisional": item.due_provisional,
        "state": item.state,
        "state_label": item.get_state_display(),
        "done_on": item.done_on,
        "done_by": item.done_by.get_username() if item.done_by else None,
        "note": item.note,
        "overdue": item.state == WorkItem.State.OPEN and item.due_on < today,
    }


@router.get("/dispatch/items", response=list[ItemOut], summary="调度事项（按权限范围）")
def list_items(
    request: HttpRequest, state: str = "", region: str = "", overdue: bool = False
) -> list[dict[str, Any]]:
    today = timezone.localdate()
    items = visible_items(request.user)
    if region:
        items = items.filter(region_id__in=descendant_ids(_region(request, region)))
    if state:
        items = items.filter(state=state)
    if overdue:
        items = items.filter(state=WorkItem.State.OPEN, due_on__lt=today)
    return [_item_out(item, today) for item in items[:2000]]


def _item(request: HttpRequest, item_id: int) -> WorkItem:
    return get_object_or_404(visible_items(request.user), pk=item_id)


@router.post("/dispatch/items/{item_id}/done", response=ItemOut, summary="完成调度事项")
def complete_item(request: HttpRequest, item_id: int, payload: DoneIn) -> dict[str, Any]:
    item = _item(request, item_id)
    _act(lambda: services.complete_item(item, by=request.user, on=payload.on, note=payload.note))
    return _item_out(item, timezone.localdate())


class SkipIn(Schema):
    reason: str


@router.post(
    "/dispatch/items/{item_id}/skip", response=ItemOut, summary="跳过调度事项（须说明原因）"
)
def skip_item(request: HttpRequest, item_id: int, payload: SkipIn) -> dict[str, Any]:
    item = _item(request, item_id)
    _act(lambda: services.skip_item(item, by=request.user, reason=payload.reason))
    return _item_out(item, timezone.localdate())


# --- meetings and follow-up tasks --------------------------------------------------------


class TaskOut(Schema):
    id: int
    meeting_id: int
    description: str
    owner: str
    due_on: dt.date | None
    state: str
    state_label: str
    done_on: dt.date | None
    note: str


def _task_out(task: FollowUpTask) -> dict[str, Any]:
    return {
        "id": task.pk,
        "meeting_id": task.meeting_id,
        "description": task.description,
        "owner": task.owner,
        "due_on": task.due_on,
        "state": task.state,
        "state_label": task.get_state_display(),
        "done_on": task.done_on,
        "note": task.note,
    }


class MeetingOut(Schema):
    id: int
    region_code: str
    region_name: str
    kind: str
    kind_label: str
    title: str
    held_on: dt.date
    chair: str
    attendees: str
    decisions: str
    work_item_id: int | None
    tasks: list[TaskOut]


def _meeting_out(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "region_code": meeting.region.code,
        "region_name": meeting.region.name,
        "kind": meeting.kind,
        "kind_label": meeting.get_kind_display(),
        "title": meeting.title,
        "held_on": meeting.held_on,
        "chair": meeting.chair,
        "attendees": meeting.attendees,
        "decisions": meeting.decisions,
        "work_item_id": meeting.work_item_id,
        "tasks": [_task_out(task) for task in meeting.tasks.all()],
    }


@router.get("/dispatch/meetings", response=list[MeetingOut], summary="会议与督导（按权限范围）")
def list_meetings(
    request: HttpRequest,
    region: str = "",
    kind: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[dict[str, Any]]:
    meetings = visible_meetings(request.user).prefetch_related("tasks")
    if region:
        meetings = meetings.filter(region_id__in=descendant_ids(_region(request, region)))
    if kind:
        meetings = meetings.filter(kind=kind)
    if start:
        meetings = meetings.filter(held_on__gte=start)
    if end:
        meetings = meetings.filter(held_on__lte=end)
    return [_meeting_out(meeting) for meeting in meetings[:2000]]


class MeetingIn(Schema):
    region_code: str
    kind: str
    title: str
    held_on: dt.date
    chair: str = ""
    attendees: str = ""
    decisions: str = ""
    work_item_id: int | None = None


@router.post(
    "/dispatch/meetings",
    response={201: MeetingOut},
    summary="登记会议、约谈、专题研究或调研督导（可完成对应的调度事项）",
)
def log_meeting(request: HttpRequest, payload: MeetingIn) -> Status:
    region = _region(request, payload.region_code)
    item = _item(request, payload.work_item_id) if payload.work_item_id else None
    meeting = _act(
        lambda: services.log_meeting(
            by=request.user,
            region=region,
            kind=payload.kind,
            title=payload.title,
            held_on=payload.held_on,
            chair=payload.chair,
            attendees=payload.attendees,
            decisions=payload.decisions,
            work_item=item,
        )
    )
    return Status(201, _meeting_out(meeting))


class TaskIn(Schema):
    description: str
    owner: str
    due_on: dt.date | None = None


@router.post(
    "/dispatch/meetings/{meeting_id}/tasks",
    response={201: TaskOut},
    summary="会议交办任务",
)
def add_task(request: HttpRequest, meeting_id: int, payload: TaskIn) -> Status:
    meeting = get_object_or_404(visible_meetings(request.user), pk=meeting_id)
    task = _act(
        lambda: services.add_follow_up(
            meeting,
            by=request.user,
            description=payload.description,
            owner=payload.owner,
            due_on=payload.due_on,
        )
    )
    return Status(201, _task_out(task))


@router.post("/dispatch/tasks/{task_id}/done", response=TaskOut, summary="交办任务办结")
def complete_task(request: HttpRequest, task_id: int, payload: DoneIn) -> dict[str, Any]:
    task = get_object_or_404(visible_tasks(request.user), pk=task_id)
    _act(
        lambda: services.complete_follow_up(task, by=request.user, on=payload.on, note=payload.note)
    )
    return _task_out(task)


# --- W03 ---------------------------------------------------------------------------------


class CountOut(Schema):
    kind: str
    label: str
    count: int


class GapOut(Schema):
    key: str
    label: str
    start: dt.date
    end: dt.date
    held: int


class ComplianceOut(Schema):
    cadence_id: int
    cadence_title: str
    region_code: str
    region_name: str
    rule: str
    judged: int
    kept: bool
    missing: list[GapOut]


class CountsOut(Schema):
    region_code: str
    start: dt.date
    end: dt.date
    counts: list[CountOut]
    w03: str
    compliance: list[ComplianceOut]
    overdue_items: list[ItemOut]
    overdue_tasks: list[TaskOut]


def _compliance_out(found: Compliance) -> dict[str, Any]:
    cadence = found.cadence
    return {
        "cadence_id": cadence.pk,
        "cadence_title": cadence.title,
        "region_code": cadence.region.code,
        "region_name": cadence.region.name,
        "rule": found.rule,
        "judged": found.judged,
        "kept": not found.gaps,
        "missing": [{**vars(gap.period), "held": gap.held} for gap in found.gaps],
    }


@router.get(
    "/regions/{code}/dispatch/counts",
    response=CountsOut,
    summary="调度工作统计（W03）：会议次数、周期落实情况、超期事项；默认本年1月1日至今",
)
def counts(
    request: HttpRequest, code: str, start: dt.date | None = None, end: dt.date | None = None
) -> dict[str, Any]:
    region = _region(request, code)
    today = timezone.localdate()
    first, last = start or dt.date(today.year, 1, 1), end or today
    if not (1900 < first.year < 2999 and 1900 < last.year < 2999):
        raise HttpError(400, "日期应在1901年至2998年之间")
    if first > last:
        raise HttpError(400, "开始日期晚于结束日期")
    tally = routine_counts(region, first, last)
    return {
        "region_code": region.code,
        "start": first,
        "end": last,
        "counts": [
            {"kind": kind, "label": Meeting.Kind(kind).label, "count": n}
            for kind, n in tally.items()
        ],
        "w03": w03_sentence(region, first, last, tally, sent_count(region, first, last)),
        "compliance": [_compliance_out(c) for c in cadence_compliance(region, first, last)],
        "overdue_items": [
            _item_out(item, today)
            for item in overdue_items(region, today).select_related("cadence", "done_by")
        ],
        "overdue_tasks": [_task_out(task) for task in overdue_tasks(region, today)],
    }
