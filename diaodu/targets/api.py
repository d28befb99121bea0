"""JSON API of targets: set, hand down, split, import; progress, gaps, assessment, goals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from diaodu.analysis.api import parse_period, scoped_region
from diaodu.core.memo import one_reading
from diaodu.core.periods import Period
from diaodu.regions.models import Region
from diaodu.regions.selectors import descendant_ids, region_by_code, user_region
from diaodu.targets import services
from diaodu.targets.assessment import assessment, multi_year_ranking
from diaodu.targets.ledger import import_targets, targets_template
from diaodu.targets.models import AssessmentScheme, Target
from diaodu.targets.progress import (
    TargetProgress,
    behind,
    gaps,
    required_growth,
    target_progress,
)

router = Router(tags=["目标"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


class TargetOut(Schema):
    id: int
    region_code: str
    region_name: str
    year: int
    indicator: str
    kind: str
    tier: str
    tier_label: str
    value: float
    unit: str
    method: str
    parent_id: int | None
    handed_down_by: str
    handed_down_on: dt.date | None
    note: str


def _target_out(target: Target) -> dict[str, Any]:
    return {
        "id": target.pk,
        "region_code": target.region.code,
        "region_name": target.region.name,
        "year": target.year,
        "indicator": target.indicator,
        "kind": target.kind,
        "tier": target.tier,
        "tier_label": target.get_tier_display(),
        "value": float(target.value),
        "unit": target.unit,
        "method": target.method,
        "parent_id": target.parent_id,
        "handed_down_by": target.handed_down_by,
        "handed_down_on": target.handed_down_on,
        "note": target.note,
    }


def _visible_targets(request: HttpRequest):
    profile = getattr(request.user, "profile", None)
    home = user_region(request.user)
    if home is None or (profile is not None and profile.role == "unit"):
        return Target.objects.none()
    return Target.objects.filter(region_id__in=descendant_ids(home)).select_related("region")


def _target(request: HttpRequest, target_id: int) -> Target:
    return get_object_or_404(_visible_targets(request), pk=target_id)


def _guarded(call):
    try:
        return call()
    except PermissionError as error:
        raise HttpError(403, str(error)) from error
    except ValueError as error:
        raise HttpError(400, str(error)) from error


@router.get("/targets", response=list[TargetOut], summary="年度目标（T01）")
def list_targets(request: HttpRequest, year: int | None = None, region: str = ""):
    targets = _visible_targets(request)
    if year:
        targets = targets.filter(year=year)
    if region:
        targets = targets.filter(region__code=region)
    return [_target_out(target) for target in targets]


@router.get("/targets/template.xlsx", summary="目标导入模板")
def template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(targets_template(), content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''targets-template.xlsx"
    return response


class TargetImportErrorOut(Schema):
    row: int | None
    column: str
    value: str
    message: str


class TargetImportOut(Schema):
    ok: bool
    targets: list[TargetOut]
    errors: list[TargetImportErrorOut]


@router.post(
    "/targets/import", response={201: TargetImportOut, 400: TargetImportOut}, summary="导入目标"
)
def import_file(request: HttpRequest, file: File[UploadedFile]) -> Status:
    if not services.sets_targets(request.user):
        raise HttpError(403, "目标由市、县区用户导入；本账号不能导入")
    result = import_targets(file.read(), file_name=file.name or "目标.xlsx", by=request.user)
    body = {
        "ok": not result.errors,
        "targets": [_target_out(t) for t in result.targets],
        "errors": [vars(e) for e in result.errors],
    }
    return Status(400 if result.errors else 201, body)


class TargetIn(Schema):
    region_code: str
    year: int
    indicator: str
    kind: str
    value: Decimal
    tier: str = "expected"
    unit: str = ""
    handed_down_by: str = ""
    handed_down_on: dt.date | None = None
    note: str = ""


@router.post("/targets", response={201: TargetOut}, summary="设定或修改目标（留痕）")
def set_target(request: HttpRequest, payload: TargetIn) -> Status:
    region = region_by_code(payload.region_code)
    if region is None:
        raise HttpError(404, "地区不存在")
    target = _guarded(
        lambda: services.set_target(
            region=region,
            year=payload.year,
            indicator=payload.indicator,
            kind=payload.kind,
            value=payload.value,
            by=request.user,
            tier=payload.tier,
            unit=payload.unit,
            method=Target.Method.HANDED_DOWN if payload.handed_down_by else Target.Method.SET,
            handed_down_by=payload.handed_down_by,
            handed_down_on=payload.handed_down_on,
            note=payload.note,
        )
    )
    return Status(201, _target_out(target))


class PartOut(Schema):
    span: str
    index: int
    value: float


class TargetDetailOut(TargetOut):
    parts: list[TargetOut]
    time_parts: list[PartOut]


@router.get("/targets/{target_id}", response=TargetDetailOut, summary="目标及其分解")
def get_target(request: HttpRequest, target_id: int) -> dict[str, Any]:
    target = _target(request, target_id)
    return {
        **_target_out(target),
        "parts": [_target_out(part) for part in target.parts.select_related("region")],
        "time_parts": [
            {"span": p.span, "index": p.index, "value": float(p.value)}
            for p in target.time_parts.all()
        ],
    }


class HandDownIn(Schema):
    method: str  # share, uniform, manual
    values: dict[str, Decimal] = {}  # region code → value, for manual
    on: dt.date | None = None


@router.post(
    "/targets/{target_id}/hand-down", response=list[TargetOut], summary="向下级分解下达（T02）"
)
def hand_down(request: HttpRequest, target_id: int, payload: HandDownIn) -> list[dict[str, Any]]:
    target = _target(request, target_id)
    values = {}
    for code, value in payload.values.items():
        region = region_by_code(code)
        if region is None:
            raise HttpError(400, f"没有地区代码 {code}")
        values[region] = value
    parts = _guarded(
        lambda: services.hand_down(
            target,
            method=payload.method,
            by=request.user,
            on=payload.on or timezone.localdate(),
            values=values,
        )
    )
    return [_target_out(part) for part in parts]


@router.post(
    "/targets/{target_id}/split", response=list[PartOut], summary="按季、月、旬分解（T02）"
)
def split(request: HttpRequest, target_id: int) -> list[dict[str, Any]]:
    target = _target(request, target_id)
    parts = _guarded(lambda: services.split_over_time(target, by=request.user))
    return [{"span": p.span, "index": p.index, "value": float(p.value)} for p in parts]


class ProgressOut(Schema):
    target: TargetOut
    actual_value: float | None
    actual_growth: float | None
    source: str
    gap: float | None
    completion: float | None
    time_progress: float
    on_track: bool | None
    reached_in: str | None


def _progress_out(progress: TargetProgress) -> dict[str, Any]:
    return {
        "target": _target_out(progress.target),
        "actual_value": _number(progress.actual.value),
        "actual_growth": _number(progress.actual.growth),
        "source": progress.actual.source,
        "gap": _number(progress.gap),
        "completion": _number(progress.completion),
        "time_progress": float(progress.time_progress),
        "on_track": progress.on_track,
        "reached_in": str(progress.reached_in) if progress.reached_in else None,
    }


class RequiredOut(Schema):
    target_id: int
    remaining_months: int
    required: float | None
    expected_new_yi: float | None
    reason: str


class RegionProgressOut(Schema):
    region_code: str
    period: str
    targets: list[ProgressOut]
    required: list[RequiredOut]
    behind: list[ProgressOut]


@router.get(
    "/regions/{code}/targets/progress",
    response=RegionProgressOut,
    summary="目标进度（T03 T04 M23）：完成进度与时间进度、后几个月需增长、未完成的下级地区",
)
def region_progress(request: HttpRequest, code: str, period: str) -> dict[str, Any]:
    region = scoped_region(request, code)
    month = parse_period(period)
    with one_reading():
        return _region_progress(region, month)


def _region_progress(region: Region, month: Period) -> dict[str, Any]:
    targets = Target.objects.filter(region=region, year=month.year).select_related("region")
    found = [target_progress(target, month) for target in targets]
    required = []
    for target in targets:
        if target.kind == Target.Kind.GROWTH:
            result = required_growth(target, month)
            required.append(
                {
                    "target_id": target.pk,
                    "remaining_months": result.remaining_months,
                    "required": _number(result.required),
                    "expected_new_yi": _number(result.expected_new),
                    "reason": result.reason,
                }
            )
    lagging = []
    for indicator in sorted({t.indicator for t in targets}):
        lagging += behind(region, month.year, indicator, month)
    return {
        "region_code": region.code,
        "period": str(month),
        "targets": [_progress_out(p) for p in found],
        "required": required,
        "behind": [_progress_out(p) for p in lagging],
    }


class TargetGapOut(Schema):
    reference: str
    reference_growth: float
    gap: float


class TargetGapsOut(Schema):
    region_code: str
    indicator: str
    period: str
    growth: float | None
    source: str
    gaps: list[TargetGapOut]


@router.get(
    "/regions/{code}/gaps", response=TargetGapsOut, summary="与全国、全省、目标的差距（M03）"
)
def region_gaps(request: HttpRequest, code: str, period: str, indicator: str = "规上工业增加值"):
    region = scoped_region(request, code)
    month = parse_period(period)
    own, found = gaps(region, indicator, month)
    return {
        "region_code": region.code,
        "indicator": indicator,
        "period": str(month),
        "growth": _number(own.growth),
        "source": own.source,
        "gaps": [
            {
                "reference": g.reference,
                "reference_growth": float(g.reference_growth),
                "gap": float(g.gap),
            }
            for g in found
        ],
    }


class DeductionOut(Schema):
    period: str
    span: str
    points: float
    gap: float | None
    completion: float | None


class ScoreOut(Schema):
    region_code: str
    region_name: str
    points: float
    lost: float
    score: float
    deductions: list[DeductionOut]


@router.get(
    "/regions/{code}/assessment", response=list[ScoreOut], summary="考核得分与扣分明细（T05）"
)
def region_assessment(request: HttpRequest, code: str, indicator: str, period: str):
    region = scoped_region(request, code)
    month = parse_period(period)
    scheme = AssessmentScheme.objects.filter(
        region=region, year=month.year, indicator=indicator
    ).first()
    if scheme is None:
        raise HttpError(404, f"{region.name}{month.year}年没有“{indicator}”的考核方案")
    return [
        {
            "region_code": s.region.code,
            "region_name": s.region.name,
            "points": float(s.points),
            "lost": float(s.lost),
            "score": float(s.score),
            "deductions": [
                {
                    "period": str(d.period),
                    "span": d.span,
                    "points": float(d.points),
                    "gap": _number(d.gap),
                    "completion": _number(d.completion),
                }
                for d in s.deductions
            ],
        }
        for s in assessment(scheme, month)
    ]


class GoalOut(Schema):
    region_code: str
    region_name: str
    base: float
    latest: float
    achieved: float
    yearly_growth: float
    required_growth: float
    on_track: bool


@router.get("/regions/{code}/multi-year", response=list[GoalOut], summary="多年倍增目标排位（T06）")
def multi_year(
    request: HttpRequest,
    code: str,
    base_year: int,
    latest_year: int,
    multiplier: Decimal = Decimal(2),
    years: int = 2,
    indicator: str = "规上工业总产值",
):
    region = scoped_region(request, code)
    ranking = _guarded(
        lambda: multi_year_ranking(
            region,
            indicator,
            base_year=base_year,
            latest_year=latest_year,
            multiplier=multiplier,
            years=years,
        )
    )
    return [
        {
            "region_code": g.region.code,
            "region_name": g.region.name,
            "base": float(g.base),
            "latest": float(g.latest),
            "achieved": float(g.achieved),
            "yearly_growth": float(g.yearly_growth),
            "required_growth": float(g.required_growth),
            "on_track": g.on_track,
        }
        for g in ranking
    ]
