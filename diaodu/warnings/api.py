"""JSON API of warnings: the list in scope, the steps, the rules, the W02 count."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from diaodu.accounts.models import Profile
from diaodu.accounts.services import audit
from diaodu.analysis.api import parse_period, scoped_region
from diaodu.warnings import services
from diaodu.warnings.models import LEVELS, Rule, Warning
from diaodu.warnings.services import WarningError, visible_warnings

router = Router(tags=["预警"])


class WarningEventOut(Schema):
    kind: str
    kind_label: str
    at: dt.datetime
    by: str | None
    text: str


class WarningOut(Schema):
    id: int
    rule: str
    level: str
    level_label: str
    title: str
    subject_type: str
    subject_id: str
    subject_name: str
    region_code: str
    region_name: str
    unit: str | None
    responsible: str
    period: int | None
    evidence: dict[str, Any]
    state: str
    state_label: str
    reply: str
    raised_on: dt.date


class WarningDetailOut(WarningOut):
    events: list[WarningEventOut]


def _out(warning: Warning) -> dict[str, Any]:
    return {
        "id": warning.pk,
        "rule": warning.rule.get_kind_display(),
        "level": warning.level,
        "level_label": warning.get_level_display(),
        "title": warning.title,
        "subject_type": warning.subject_type,
        "subject_id": warning.subject_id,
        "subject_name": warning.subject_name,
        "region_code": warning.region.code,
        "region_name": warning.region.name,
        "unit": warning.unit.name if warning.unit else None,
        "responsible": warning.responsible,
        "period": warning.period,
        "evidence": warning.evidence,
        "state": warning.state,
        "state_label": warning.get_state_display(),
        "reply": warning.reply,
        "raised_on": warning.raised_on,
    }


def _detail(warning: Warning) -> dict[str, Any]:
    return {
        **_out(warning),
        "events": [
            {
                "kind": e.kind,
                "kind_label": e.get_kind_display(),
                "at": e.at,
                "by": e.by.get_username() if e.by else None,
                "text": e.text,
            }
            for e in warning.events.select_related("by")
        ],
    }


@router.get("/warnings", response=list[WarningOut], summary="预警列表（按权限范围，红色在前）")
def list_warnings(
    request: HttpRequest, state: str = "", level: str = "", period: str = "", limit: int = 500
) -> list[dict[str, Any]]:
    warnings = visible_warnings(request.user)
    if state:
        warnings = warnings.filter(state=state)
    if level:
        warnings = warnings.filter(level=level)
    if period:
        warnings = warnings.filter(period=parse_period(period).key)
    rows = list(warnings[: max(1, min(limit, 5000))])
    rows.sort(key=lambda w: (LEVELS.index(w.level), -w.raised_on.toordinal(), w.pk))
    return [_out(w) for w in rows]


class RuleOut(Schema):
    kind: str
    name: str
    active: bool
    thresholds: dict[str, float]
    params: dict[str, Any]


@router.get("/warnings/rules", response=list[RuleOut], summary="预警规则与阈值")
def rules(request: HttpRequest) -> list[dict[str, Any]]:
    return [_rule_out(rule) for rule in Rule.objects.all()]


def _rule_out(rule: Rule) -> dict[str, Any]:
    return {
        "kind": rule.kind,
        "name": rule.get_kind_display(),
        "active": rule.active,
        "thresholds": rule.thresholds,
        "params": rule.params,
    }


class RuleIn(Schema):
    active: bool | None = None
    thresholds: dict[str, float] | None = None


@router.patch("/warnings/rules/{kind}", response=RuleOut, summary="修改规则阈值（市级管理员）")
def change_rule(request: HttpRequest, kind: str, payload: RuleIn) -> dict[str, Any]:
    profile = getattr(request.user, "profile", None)
    if not (request.user.is_superuser or (profile and profile.role == Profile.Role.CITY_ADMIN)):
        raise HttpError(403, "只有市级管理员可以修改预警规则")
    rule = get_object_or_404(Rule, kind=kind)
    if payload.thresholds is not None:
        unknown = set(payload.thresholds) - set(LEVELS)
        if unknown:
            raise HttpError(400, f"未知的预警等级：{'、'.join(sorted(unknown))}")
        ordered = [payload.thresholds[level] for level in LEVELS if level in payload.thresholds]
        if ordered != sorted(ordered):
            raise HttpError(400, "阈值应由红色到蓝色逐级放宽（红色最低）")
    before = {"active": rule.active, "thresholds": rule.thresholds}
    if payload.active is not None:
        rule.active = payload.active
    if payload.thresholds is not None:
        rule.thresholds = payload.thresholds
    rule.save()
    audit(
        actor=request.user,
        action="change_warning_rule",
        target_type="Rule",
        target_id=rule.kind,
        before=before,
        after={"active": rule.active, "thresholds": rule.thresholds},
    )
    return _rule_out(rule)


class EvaluateOut(Schema):
    raised: int
    relevelled: int
    updated: int
    unchanged: int


@router.post("/regions/{code}/warnings/evaluate", response=EvaluateOut, summary="按规则生成预警")
def evaluate(request: HttpRequest, code: str, period: str) -> dict[str, int]:
    region = scoped_region(request, code)
    profile = getattr(request.user, "profile", None)
    if profile is not None and profile.role not in services.CITY_ROLES:
        raise HttpError(403, "只有市级用户可以生成预警")
    counts = services.evaluate(region, parse_period(period))
    return {key: counts[key] for key in ("raised", "relevelled", "updated", "unchanged")}


class WarningCountOut(Schema):
    region_code: str
    start: dt.date
    end: dt.date
    sent: int
    by_level: dict[str, int]
    sentence: str


@router.get(
    "/regions/{code}/warnings/counts", response=WarningCountOut, summary="预警提醒次数（W02）"
)
def counts(
    request: HttpRequest, code: str, start: dt.date | None = None, end: dt.date | None = None
) -> dict[str, Any]:
    region = scoped_region(request, code)
    today = timezone.localdate()
    first, last = start or dt.date(today.year, 1, 1), end or today
    raised = visible_warnings(request.user).filter(
        region_id__in=services.descendant_ids(region), raised_on__gte=first, raised_on__lte=last
    )
    by_level = {str(level.label): raised.filter(level=level).count() for level in LEVELS}
    sent = services.sent_count(region, first, last)
    return {
        "region_code": region.code,
        "start": first,
        "end": last,
        "sent": sent,
        "by_level": by_level,
        "sentence": f"{sent}次预警提醒",
    }


def _warning(request: HttpRequest, warning_id: int) -> Warning:
    return get_object_or_404(visible_warnings(request.user), pk=warning_id)


def _step(
    request: HttpRequest, warning_id: int, action: Callable[[Warning], Any]
) -> dict[str, Any]:
    warning = _warning(request, warning_id)
    try:
        action(warning)
    except PermissionError as error:
        raise HttpError(403, str(error)) from error
    except WarningError as error:
        raise HttpError(400, str(error)) from error
    return _detail(warning)


@router.get("/warnings/{warning_id}", response=WarningDetailOut, summary="预警详情与记录")
def get_warning(request: HttpRequest, warning_id: int) -> dict[str, Any]:
    return _detail(_warning(request, warning_id))


class WarningTextIn(Schema):
    text: str = ""


@router.post("/warnings/{warning_id}/send", response=WarningDetailOut, summary="发送预警")
def send(request: HttpRequest, warning_id: int, payload: WarningTextIn) -> dict[str, Any]:
    return _step(
        request, warning_id, lambda w: services.send(w, by=request.user, text=payload.text)
    )


@router.post("/warnings/{warning_id}/acknowledge", response=WarningDetailOut, summary="反馈预警")
def acknowledge(request: HttpRequest, warning_id: int, payload: WarningTextIn) -> dict[str, Any]:
    return _step(
        request, warning_id, lambda w: services.acknowledge(w, by=request.user, reply=payload.text)
    )


@router.post("/warnings/{warning_id}/close", response=WarningDetailOut, summary="关闭预警")
def close(request: HttpRequest, warning_id: int, payload: WarningTextIn) -> dict[str, Any]:
    return _step(
        request, warning_id, lambda w: services.close(w, by=request.user, text=payload.text)
    )
