"""Every step of an appeal: 登记 → 交办 → (书面说明, 督办) → 处理回复 → 销号, or 重新办理.

Each step is one function: it checks who may take it and whether the appeal is in a state
that allows it, writes the appeal, its history (AppealEvent) and the audit log in one
transaction, and raises AppealError with a message in Chinese otherwise.

The A03 rule: once past its deadline an appeal accepts nothing but the responsible unit's
written explanation (书面说明); after that it can be supervised, answered or noted again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from difflib import SequenceMatcher
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from diaodu.accounts.models import Profile, Unit
from diaodu.accounts.services import audit
from diaodu.appeals.models import (
    Appeal,
    AppealEvent,
    Category,
    Difficulty,
    Meeting,
    RoutingLimit,
    TimeLimit,
)
from diaodu.core.workdays import WorkCalendar, WorkdayDeadline, add_months
from diaodu.enterprises.models import Enterprise
from diaodu.regions.models import Region
from diaodu.regions.selectors import descendant_ids, is_within

# An appeal from the same enterprise this close to an earlier one is offered as a duplicate.
DUPLICATE_WINDOW_DAYS = 90
DUPLICATE_SIMILARITY = 0.6
# 督办 gives the unit this many more working days unless a date is given.
SUPERVISION_WORKDAYS = 10

CITY_ROLES = (Profile.Role.CITY_ADMIN, Profile.Role.CITY_ANALYST)


class AppealError(ValueError):
    """A step that cannot be taken; the message says why, in Chinese."""


class DuplicateSuspected(AppealError):
    def __init__(self, candidates: list[Appeal]) -> None:
        numbers = "、".join(f"{a.number}「{a.title}」" for a in candidates)
        super().__init__(f"该企业近期已提出相近诉求：{numbers}；确认不是重复后再登记")
        self.candidates = candidates


# --- who may see and do what -------------------------------------------------------------


def _profile(user: Any) -> Profile | None:
    return getattr(user, "profile", None)


def visible_appeals(user: Any) -> QuerySet[Appeal]:
    """A unit sees the appeals it leads or co-handles; everyone else their region's."""
    profile = _profile(user)
    appeals = Appeal.objects.select_related("category", "lead_unit", "county", "enterprise")
    if profile is None:
        return appeals if getattr(user, "is_superuser", False) else appeals.none()
    if profile.role == Profile.Role.UNIT:
        return appeals.filter(Q(lead_unit=profile.unit_id) | Q(co_units=profile.unit_id)).distinct()
    return appeals.filter(county_id__in=descendant_ids(profile.region))


def registers_appeals(user: Any) -> bool:
    """Whether the user registers appeals anywhere (city staff, county users): a ledger
    import by anyone else is refused as a whole, before a row is read."""
    profile = _profile(user)
    if profile is None:
        return bool(getattr(user, "is_superuser", False))
    return profile.role in (*CITY_ROLES, Profile.Role.COUNTY_USER)


def _manages(user: Any, appeal: Appeal) -> bool:
    """City staff for the whole city, county users for their county: register, assign,
    close, reopen."""
    profile = _profile(user)
    if profile is None:
        return bool(getattr(user, "is_superuser", False))
    return registers_appeals(user) and is_within(appeal.county, profile.region)


def _handles(user: Any, appeal: Appeal) -> bool:
    """The lead unit's users answer; managers may record on the unit's behalf."""
    profile = _profile(user)
    if profile is not None and profile.role == Profile.Role.UNIT:
        return profile.unit_id is not None and profile.unit_id == appeal.lead_unit_id
    return _manages(user, appeal)


def _supervises(user: Any, appeal: Appeal) -> bool:
    """督办 is the city's (政府督查室 through the city bureau)."""
    profile = _profile(user)
    if profile is None:
        return bool(getattr(user, "is_superuser", False))
    return profile.role in CITY_ROLES and is_within(appeal.county, profile.region)


def _require(allowed: bool, what: str) -> None:
    if not allowed:
        raise PermissionError(f"无权{what}")


# --- deadlines ---------------------------------------------------------------------------


def time_limit_for(category: Category, difficulty: str) -> TimeLimit:
    """A category's own rule for the difficulty, else the difficulty's default."""
    rules = TimeLimit.objects.filter(difficulty=difficulty)
    rule = rules.filter(category=category).first() or rules.filter(category=None).first()
    if rule is None:
        raise AppealError(f"未设置“{Difficulty(difficulty).label}”问题的办理时限")
    return rule


def routing_limit() -> int | None:
    """Working days from the day an appeal is raised to its 交办, None: no such limit."""
    return RoutingLimit.objects.values_list("workdays", flat=True).order_by("pk").first()


def _set_route_deadline(appeal: Appeal) -> None:
    workdays = routing_limit()
    if workdays is None:
        return
    deadline = WorkCalendar().add_workdays(appeal.received_on, workdays)
    appeal.route_due_on, appeal.route_due_provisional = deadline.date, deadline.provisional


def deadline_from(start: dt.date, rule: TimeLimit, calendar: WorkCalendar) -> WorkdayDeadline:
    if rule.unit == TimeLimit.Unit.MONTHS:
        return WorkdayDeadline(add_months(start, rule.amount))
    return calendar.add_workdays(start, rule.amount)


# --- the steps ---------------------------------------------------------------------------


def _check_date(appeal: Appeal | None, on: dt.date) -> None:
    if on > timezone.localdate():
        raise AppealError(f"日期 {on} 晚于今天")
    if appeal is not None:
        last = appeal.events.order_by("-on").values_list("on", flat=True).first()
        if last is not None and on < last:
            raise AppealError(f"日期 {on} 早于上一办理环节（{last}）")


def _no_pending_explanation(appeal: Appeal, on: dt.date) -> None:
    if appeal.needs_explanation(on):
        raise AppealError(
            f"诉求 {appeal.number} 已超过办理期限（{appeal.current_due}），"
            "须由承办单位先提交书面说明"
        )


def _record(
    appeal: Appeal, kind: str, *, on: dt.date, by: Any, text: str = "", unit: Unit | None = None
) -> None:
    AppealEvent.objects.create(
        appeal=appeal,
        kind=kind,
        on=on,
        by=by if getattr(by, "is_authenticated", False) else None,
        unit=unit,
        text=text,
    )
    audit(
        actor=by,
        action=f"appeal_{kind}",
        target_type="Appeal",
        target_id=appeal.number,
        summary=f"{AppealEvent.Kind(kind).label}：{text}"[:255],
        after={"stage": appeal.stage, "outcome": appeal.outcome, "due_on": str(appeal.due_on)},
    )


def _next_number(year: int) -> str:
    prefix = f"SQ{year}"
    last = (
        Appeal.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{sequence:05d}"


def possible_duplicates(
    *, enterprise: Enterprise | None, enterprise_name: str, text: str, received_on: dt.date
) -> list[Appeal]:
    """Appeals of the same enterprise within the window whose wording is near-identical."""
    window = dt.timedelta(days=DUPLICATE_WINDOW_DAYS)
    same = Appeal.objects.filter(
        received_on__gte=received_on - window, received_on__lte=received_on + window
    )
    same = (
        same.filter(enterprise=enterprise)
        if enterprise
        else same.filter(enterprise_name=enterprise_name)
    )
    return [
        appeal
        for appeal in same
        if SequenceMatcher(None, f"{appeal.title}{appeal.content}", text).ratio()
        >= DUPLICATE_SIMILARITY
    ]


@transaction.atomic
def register_appeal(
    *,
    by: Any,
    title: str,
    category: Category,
    received_on: dt.date,
    source: str,
    enterprise: Enterprise | None = None,
    enterprise_name: str = "",
    county: Region | None = None,
    content: str = "",
    difficulty: str = Difficulty.GENERAL,
    meeting: Meeting | None = None,
    allow_duplicate: bool = False,
) -> Appeal:
    """登记: an enterprise's problem, raised at a forum, a visit, by a liaison cadre or
    online; the county is the enterprise's unless the enterprise is not on file yet."""
    if not title.strip():
        raise AppealError("「问题」不能为空")
    if enterprise is not None:
        county, enterprise_name = enterprise.county, enterprise.name
    if county is None or not enterprise_name.strip():
        raise AppealError("须指定企业（统一社会信用代码），或填写企业名称和所在县区")
    _check_date(None, received_on)
    appeal = Appeal(
        enterprise=enterprise,
        enterprise_name=enterprise_name.strip(),
        county=county,
        source=source,
        meeting=meeting,
        title=title.strip(),
        content=content.strip(),
        category=category,
        difficulty=difficulty,
        received_on=received_on,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    _require(_manages(by, appeal), "登记该县区的企业诉求")
    if not allow_duplicate:
        candidates = possible_duplicates(
            enterprise=enterprise,
            enterprise_name=appeal.enterprise_name,
            text=f"{appeal.title}{appeal.content}",
            received_on=received_on,
        )
        if candidates:
            raise DuplicateSuspected(candidates)
    appeal.number = _next_number(received_on.year)
    _set_route_deadline(appeal)
    appeal.full_clean(exclude=["number"])
    appeal.save()
    _record(appeal, AppealEvent.Kind.REGISTER, on=received_on, by=by, text=appeal.title)
    return appeal


def _set_deadline(appeal: Appeal, start: dt.date) -> None:
    deadline = deadline_from(
        start, time_limit_for(appeal.category, appeal.difficulty), WorkCalendar()
    )
    appeal.assigned_on = start
    appeal.due_on, appeal.due_provisional = deadline.date, deadline.provisional
    appeal.supervised_on = appeal.supervised_due_on = None
    appeal.explained_due_on = None


@transaction.atomic
def assign(
    appeal: Appeal,
    *,
    lead_unit: Unit,
    co_units: Iterable[Unit] = (),
    on: dt.date,
    by: Any,
    reason: str = "",
) -> Appeal:
    """交办 to a lead unit (and co-units); the time limit counts from this day.

    Assigning again (改派, the unit said it is not theirs) needs the reason and restarts
    the time limit for the new unit; the history keeps both."""
    _require(_manages(by, appeal), "交办该诉求")
    if not appeal.is_open:
        raise AppealError("已答复或已销号的诉求不能交办，请先重新办理")
    _check_date(appeal, on)
    again = appeal.lead_unit_id is not None
    if again and not reason.strip():
        raise AppealError("改派须说明原因")
    if again:
        _no_pending_explanation(appeal, on)
    if not is_within(appeal.county, lead_unit.region) and not is_within(
        lead_unit.region, appeal.county
    ):
        raise AppealError(f"{lead_unit.name} 不在该诉求所在地区，不能承办")
    if not again:
        appeal.routed_on = on
    appeal.lead_unit = lead_unit
    appeal.stage = Appeal.Stage.ASSIGNED
    _set_deadline(appeal, on)
    appeal.save()
    appeal.co_units.set([unit for unit in co_units if unit.pk != lead_unit.pk])
    kind = AppealEvent.Kind.REASSIGN if again else AppealEvent.Kind.ASSIGN
    text = f"{lead_unit.name}，期限 {appeal.due_on}" + (f"；原因：{reason}" if again else "")
    _record(appeal, kind, on=on, by=by, unit=lead_unit, text=text)
    return appeal


@transaction.atomic
def decline(appeal: Appeal, *, reason: str, on: dt.date, by: Any) -> Appeal:
    """The unit says the problem is not theirs: back to the assigning office to 改派."""
    _require(_handles(by, appeal), "退回该诉求")
    if appeal.stage not in (Appeal.Stage.ASSIGNED, Appeal.Stage.SUPERVISED):
        raise AppealError("只有办理中的诉求可以退回")
    if not reason.strip():
        raise AppealError("退回须说明原因")
    _check_date(appeal, on)
    _no_pending_explanation(appeal, on)
    unit = appeal.lead_unit
    appeal.stage = Appeal.Stage.REGISTERED
    appeal.save()
    _record(appeal, AppealEvent.Kind.REASSIGN, on=on, by=by, unit=unit, text=f"退回：{reason}")
    return appeal


@transaction.atomic
def add_note(appeal: Appeal, *, text: str, on: dt.date, by: Any) -> Appeal:
    """A progress note (进展) from the unit or the office."""
    _require(_handles(by, appeal), "填写该诉求的办理进展")
    if not text.strip():
        raise AppealError("进展内容不能为空")
    _check_date(appeal, on)
    _no_pending_explanation(appeal, on)
    _record(appeal, AppealEvent.Kind.NOTE, on=on, by=by, unit=appeal.lead_unit, text=text)
    return appeal


@transaction.atomic
def submit_explanation(appeal: Appeal, *, text: str, on: dt.date, by: Any) -> Appeal:
    """A03: the written explanation (书面说明) of an appeal past its deadline."""
    _require(_handles(by, appeal), "提交该诉求的书面说明")
    if not appeal.is_overdue(on):
        raise AppealError("诉求未超过办理期限，无需书面说明")
    if not text.strip():
        raise AppealError("书面说明不能为空")
    _check_date(appeal, on)
    appeal.explanation = text.strip()
    appeal.explained_due_on = appeal.current_due
    appeal.save()
    _record(appeal, AppealEvent.Kind.EXPLAIN, on=on, by=by, unit=appeal.lead_unit, text=text)
    return appeal


MAX_SUPERVISION_WORKDAYS = 250  # a working year: a longer deadline is a typing mistake


@transaction.atomic
def supervise(
    appeal: Appeal,
    *,
    on: dt.date,
    by: Any,
    text: str = "",
    due_on: dt.date | None = None,
    workdays: int = SUPERVISION_WORKDAYS,
) -> Appeal:
    """督办: the supervisor (政府督查室) takes the appeal up with a new deadline."""
    _require(_supervises(by, appeal), "督办该诉求")
    if appeal.stage not in (Appeal.Stage.ASSIGNED, Appeal.Stage.SUPERVISED):
        raise AppealError("只有已交办、尚未答复的诉求可以督办")
    _check_date(appeal, on)
    _no_pending_explanation(appeal, on)
    if due_on is None:
        if not 1 <= workdays <= MAX_SUPERVISION_WORKDAYS:
            raise AppealError(f"督办期限的工作日数应在1到{MAX_SUPERVISION_WORKDAYS}之间")
        deadline = WorkCalendar().add_workdays(on, workdays)
        due_on = deadline.date
        appeal.due_provisional = appeal.due_provisional or deadline.provisional
    if due_on <= on:
        raise AppealError("督办期限须晚于督办日期")
    appeal.stage = Appeal.Stage.SUPERVISED
    appeal.supervised_on, appeal.supervised_due_on = on, due_on
    appeal.save()
    _record(
        appeal,
        AppealEvent.Kind.SUPERVISE,
        on=on,
        by=by,
        unit=appeal.lead_unit,
        text=f"督办期限 {due_on}" + (f"；{text}" if text else ""),
    )
    return appeal


@transaction.atomic
def reply(appeal: Appeal, *, outcome: str, text: str, on: dt.date, by: Any) -> Appeal:
    """处理回复: 已解决, or 解释到位 (cannot be done, with the reason)."""
    _require(_handles(by, appeal), "答复该诉求")
    if appeal.stage not in (Appeal.Stage.ASSIGNED, Appeal.Stage.SUPERVISED):
        raise AppealError("只有已交办、尚未答复的诉求可以答复")
    if outcome not in (Appeal.Outcome.RESOLVED, Appeal.Outcome.EXPLAINED):
        raise AppealError("办理结果应为“已解决”或“解释到位”")
    if not text.strip():
        raise AppealError("处理回复不能为空")
    _check_date(appeal, on)
    _no_pending_explanation(appeal, on)
    appeal.stage, appeal.outcome = Appeal.Stage.REPLIED, outcome
    appeal.reply, appeal.replied_on = text.strip(), on
    assert appeal.due_on is not None
    appeal.replied_in_time = on <= appeal.due_on
    appeal.save()
    label = Appeal.Outcome(outcome).label
    _record(
        appeal, AppealEvent.Kind.REPLY, on=on, by=by, unit=appeal.lead_unit, text=f"{label}：{text}"
    )
    return appeal


@transaction.atomic
def close(appeal: Appeal, *, satisfaction: str, on: dt.date, by: Any, text: str = "") -> Appeal:
    """销号 after the reply, with the enterprise's satisfaction."""
    _require(_manages(by, appeal), "销号该诉求")
    if appeal.stage != Appeal.Stage.REPLIED:
        raise AppealError("只有已答复的诉求可以销号")
    if satisfaction not in Appeal.Satisfaction.values:
        raise AppealError("销号须记录企业满意度（满意、基本满意、不满意）")
    _check_date(appeal, on)
    appeal.stage, appeal.closed_on, appeal.satisfaction = Appeal.Stage.CLOSED, on, satisfaction
    appeal.save()
    label = Appeal.Satisfaction(satisfaction).label
    _record(
        appeal,
        AppealEvent.Kind.CLOSE,
        on=on,
        by=by,
        text=f"企业{label}" + (f"；{text}" if text else ""),
    )
    return appeal


@transaction.atomic
def reopen(appeal: Appeal, *, reason: str, on: dt.date, by: Any) -> Appeal:
    """重新办理 an answered or closed appeal (the enterprise is not satisfied, the problem
    came back): same unit, a new time limit from today, counted in reopen_count."""
    _require(_manages(by, appeal), "重新办理该诉求")
    if appeal.stage not in (Appeal.Stage.REPLIED, Appeal.Stage.CLOSED):
        raise AppealError("只有已答复或已销号的诉求可以重新办理")
    if not reason.strip():
        raise AppealError("重新办理须说明原因")
    _check_date(appeal, on)
    appeal.stage, appeal.outcome = Appeal.Stage.ASSIGNED, Appeal.Outcome.OPEN
    appeal.replied_on = appeal.closed_on = appeal.replied_in_time = None
    appeal.reply = appeal.satisfaction = ""
    appeal.reopen_count += 1
    _set_deadline(appeal, on)
    appeal.save()
    _record(appeal, AppealEvent.Kind.REOPEN, on=on, by=by, unit=appeal.lead_unit, text=reason)
    return appeal
