"""JSON API of the projects app (mounted under /api/v1/ by diaodu.api.urls).

Scope: a project outside the user's scope is 404 (its existence is not leaked); a write
by a read-only leader is 403. Refusals of the services are 400 with their Chinese message.
Money in 万元, percentages in %, unrounded."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ninja import File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from diaodu.analysis.api import scoped_region
from diaodu.core.periods import Period, PeriodError
from diaodu.enterprises.models import Enterprise, Industry
from diaodu.projects.ledger import export_ledger, import_ledger, ledger_template
from diaodu.projects.models import ContractIndicator, Project, Stage
from diaodu.projects.progress import BANDS, PUSHES, Progress, project_progress
from diaodu.projects.selectors import (
    may_create,
    may_write,
    project_for_user,
    unit_near,
    visible_projects,
)
from diaodu.projects.services import (
    ProjectError,
    add_indicator,
    check_contract,
    create_project,
    move_stage,
    record_investment,
    stage_label,
)
from diaodu.regions.models import Region
from diaodu.regions.selectors import descendant_ids, region_for_user

router = Router(tags=["项目"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _refused(error: ProjectError) -> HttpError:
    return HttpError(400, str(error))


def _require_write(request: HttpRequest) -> None:
    if not may_write(request.user):
        raise HttpError(403, "领导账号只读，不能修改项目")


def _require_create(request: HttpRequest) -> None:
    _require_write(request)
    if not may_create(request.user):
        raise HttpError(403, "新建和导入项目由市、县区用户办理")


class ProjectOut(Schema):
    id: int
    code: str
    name: str
    region_code: str
    region_name: str
    park: str
    uscc: str
    enterprise_name: str
    industry_code: str | None
    chain: str
    nature: str
    total_investment_wan: float
    annual_plan_wan: float
    planned_start: dt.date | None
    planned_completion: dt.date | None
    expected_output_wan: float | None
    leader: str
    unit: str | None
    land_mu: float | None
    stage: str
    stage_label: str
    stage_date: dt.date | None
    previous_stage: str
    source: str
    year: int


def _project_out(project: Project) -> dict[str, Any]:
    plain = (
        "id code name park uscc enterprise_name chain nature leader stage stage_date "
        "previous_stage source year planned_start planned_completion"
    ).split()
    figures = ("total_investment_wan", "annual_plan_wan", "expected_output_wan", "land_mu")
    return {
        **{key: getattr(project, key) for key in plain},
        **{key: _number(getattr(project, key)) for key in figures},
        "region_code": project.region.code,
        "region_name": project.region.name,
        "industry_code": project.industry_id,
        "unit": project.unit.name if project.unit else None,
        "stage_label": stage_label(project.stage),
    }


class StageChangeOut(Schema):
    from_stage: str
    to_stage: str
    on: dt.date
    evidence: str
    reason: str
    by: str | None


class InvestmentOut(Schema):
    period: str
    amount_wan: float


class IndicatorOut(Schema):
    id: int
    name: str
    unit: str
    agreed: float
    due: dt.date | None
    actual: float | None
    checked_on: dt.date | None
    breach: bool


class ProjectDetailOut(ProjectOut):
    history: list[StageChangeOut]
    investments: list[InvestmentOut]
    indicators: list[IndicatorOut]


def _indicator_out(indicator: ContractIndicator) -> dict[str, Any]:
    actual = indicator.actual
    return {
        "id": indicator.pk,
        "name": indicator.name,
        "unit": indicator.unit,
        "agreed": float(indicator.agreed),
        "due": indicator.due,
        "actual": _number(actual),
        "checked_on": indicator.checked_on,
        "breach": actual is not None and actual < indicator.agreed,
    }


def _detail(project: Project) -> dict[str, Any]:
    history = project.stage_changes.select_related("by").order_by("on", "id")
    return {
        **_project_out(project),
        "history": [
            {
                "from_stage": change.from_stage,
                "to_stage": change.to_stage,
                "on": change.on,
                "evidence": change.evidence,
                "reason": change.reason,
                "by": change.by.get_username() if change.by else None,
            }
            for change in history
        ],
        "investments": [
            {"period": str(Period.from_key(row.period)), "amount_wan": float(row.amount_wan)}
            for row in project.investments.order_by("period")
        ],
        "indicators": [_indicator_out(i) for i in project.indicators.order_by("id")],
    }


def _filtered(request: HttpRequest, region: str | None, stage: str | None):
    projects = visible_projects(request.user).select_related("region", "unit")
    if region:
        place = region_for_user(request.user, region)
        projects = projects.filter(region_id__in=descendant_ids(place))
    if stage:
        if stage not in Stage.values:
            raise HttpError(400, f"未知的项目阶段：{stage}")
        projects = projects.filter(stage=stage)
    return projects.order_by("code")


@router.get("/projects", response=list[ProjectOut], summary="项目台账")
def list_projects(request: HttpRequest, region: str | None = None, stage: str | None = None):
    """The projects the user may see, optionally within a region (code) and at a stage."""
    return [_project_out(p) for p in _filtered(request, region, stage)]


def _xlsx(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, file_name) or "attachment"
    return response


@router.get("/projects/template.xlsx", summary="项目台账模板（Excel）")
def template(request: HttpRequest) -> HttpResponse:
    return _xlsx(ledger_template(), "项目台账模板.xlsx")


@router.get("/projects/export.xlsx", summary="导出项目台账（Excel）")
def export(request: HttpRequest, region: str | None = None, stage: str | None = None):
    return _xlsx(export_ledger(_filtered(request, region, stage)), "项目台账.xlsx")


class ProjectImportOut(Schema):
    created: int
    updated: int
    unchanged: int


@router.post(
    "/projects/import", response=ProjectImportOut, summary="导入项目台账（Excel，全部或全不）"
)
def import_projects(request: HttpRequest, file: File[UploadedFile]):
    """Every row or none: a 400 lists every bad cell as "第N行「列名」：原因"."""
    _require_create(request)
    try:
        summary = import_ledger(file.read(), by=request.user)
    except ProjectError as error:
        raise _refused(error) from error
    return summary.__dict__


@router.get("/projects/{int:project_id}", response=ProjectDetailOut, summary="项目详情")
def project_detail(request: HttpRequest, project_id: int):
    """A project with its stage history, monthly investment and contract indicators."""
    return _detail(project_for_user(request.user, project_id))


class ProjectIn(Schema):
    name: str
    code: str
    region: str
    nature: str
    total_investment_wan: Decimal
    annual_plan_wan: Decimal = Decimal(0)
    year: int
    park: str = ""
    uscc: str = ""
    enterprise_name: str = ""
    industry: str = ""
    chain: str = ""
    planned_start: dt.date | None = None
    planned_completion: dt.date | None = None
    expected_output_wan: Decimal | None = None
    leader: str = ""
    unit: str = ""
    land_mu: Decimal | None = None
    stage: str = Stage.LEAD
    source: str = ""


def _links(request: HttpRequest, data: ProjectIn) -> dict[str, Any]:
    """Codes and names of the payload resolved to objects (404 for a region out of scope)."""
    region: Region = region_for_user(request.user, data.region)
    industry = Industry.objects.filter(pk=data.industry).first() if data.industry else None
    if data.industry and industry is None:
        raise HttpError(400, f"「行业代码」{data.industry}不是国民经济行业代码")
    unit = unit_near(region, data.unit) if data.unit else None
    if data.unit and unit is None:
        raise HttpError(400, f"「责任单位」“{data.unit}”不是本地区的责任单位")
    enterprise = Enterprise.objects.filter(uscc=data.uscc).first() if data.uscc else None
    return {"region": region, "industry": industry, "unit": unit, "enterprise": enterprise}


@router.post("/projects", response={201: ProjectDetailOut}, summary="新建项目")
def new_project(request: HttpRequest, data: ProjectIn):
    _require_create(request)
    fields = {**data.dict(), **_links(request, data)}
    try:
        project = create_project(by=request.user, **fields)
    except ProjectError as error:
        raise _refused(error) from error
    return Status(201, _detail(project))


class StageIn(Schema):
    to_stage: str
    on: dt.date
    evidence: str = ""
    reason: str = ""


@router.post("/projects/{int:project_id}/stage", response=ProjectDetailOut, summary="变更项目阶段")
def change_stage(request: HttpRequest, project_id: int, data: StageIn):
    """One move along 线索 → … → 达产 (or 停建/终止 with a reason); see services.py."""
    project = project_for_user(request.user, project_id)
    _require_write(request)
    try:
        move_stage(project, data.to_stage, data.on, data.evidence, data.reason, by=request.user)
    except ProjectError as error:
        raise _refused(error) from error
    return _detail(project)


class InvestmentIn(Schema):
    period: str
    amount_wan: Decimal


@router.post(
    "/projects/{int:project_id}/investment", response=ProjectDetailOut, summary="填报月度完成投资"
)
def add_investment(request: HttpRequest, project_id: int, data: InvestmentIn):
    """A month's completed investment (万元); the same month again replaces it."""
    project = project_for_user(request.user, project_id)
    _require_write(request)
    try:
        record_investment(project, data.period, data.amount_wan, by=request.user)
    except ProjectError as error:
        raise _refused(error) from error
    return _detail(project)


class IndicatorIn(Schema):
    name: str
    unit: str
    agreed: Decimal
    due: dt.date | None = None


@router.post(
    "/projects/{int:project_id}/indicators",
    response={201: IndicatorOut},
    summary="登记合同控制性指标",
)
def new_indicator(request: HttpRequest, project_id: int, data: IndicatorIn):
    project = project_for_user(request.user, project_id)
    _require_write(request)
    try:
        indicator = add_indicator(project, **data.dict(), by=request.user)
    except ProjectError as error:
        raise _refused(error) from error
    return Status(201, _indicator_out(indicator))


class CheckIn(Schema):
    actual: Decimal
    on: dt.date


@router.post(
    "/projects/{int:project_id}/indicators/{int:indicator_id}/check",
    response=IndicatorOut,
    summary="核查合同指标（竣工验收、达产复核）",
)
def check_indicator(request: HttpRequest, project_id: int, indicator_id: int, data: CheckIn):
    project = project_for_user(request.user, project_id)
    _require_write(request)
    indicator = project.indicators.filter(pk=indicator_id).first()
    if indicator is None:
        raise HttpError(404, "指标不存在")
    try:
        check_contract(indicator, data.actual, data.on, by=request.user)
    except ProjectError as error:
        raise _refused(error) from error
    return _indicator_out(indicator)


def _brief(project: Project) -> dict[str, Any]:
    return {
        "id": project.pk,
        "code": project.code,
        "name": project.name,
        "region": project.region.name,
        "stage": stage_label(project.stage),
        "leader": project.leader,
        "unit": project.unit.name if project.unit else None,
    }


def _progress_out(progress: Progress) -> dict[str, Any]:
    return {
        "region": progress.region.code,
        "period": str(progress.period),
        "threshold_pp": float(progress.threshold_pp),
        "time_pct": float(progress.time_pct),
        "statement": progress.statement,
        "key_projects": {
            "count": progress.key_count,
            "built": progress.key_built,
            "cumulative_yi": float(progress.key_cumulative_yi),
        },
        "bands": [
            {"band": name, "label": label, "count": progress.bands[name]}
            for name, label, _, _ in BANDS
        ],
        "over_100m": progress.over_100m,
        "expected_output_wan": float(progress.expected_output_wan),
        "lines": [
            {
                **_brief(line.project),
                "annual_plan_wan": float(line.project.annual_plan_wan),
                "cumulative_wan": float(line.cumulative_wan),
                "completion_pct": _number(line.completion_pct),
                "behind": line.behind,
                "late_start": line.late_start,
            }
            for line in progress.lines
        ],
        "pushes": [
            {"push": name, "label": label, "projects": [_brief(p) for p in progress.pushes[name]]}
            for name, label in PUSHES
        ],
        "breaches": [
            {
                **_brief(b.indicator.project),
                "indicator": b.indicator.name,
                "indicator_unit": b.indicator.unit,
                "agreed": float(b.indicator.agreed),
                "actual": _number(b.indicator.actual),
                "shortfall": float(b.shortfall),
                "checked_on": str(b.indicator.checked_on),
            }
            for b in progress.breaches
        ],
        "leads": [
            {
                "region": c.region.code,
                "region_name": c.region.name,
                "total": c.total,
                "by_source": c.by_source,
                "signed": c.signed,
                "started": c.started,
                "conversion_pct": _number(c.conversion_pct),
            }
            for c in progress.leads
        ],
    }


@router.get("/regions/{code}/projects/progress", summary="项目推进：计划与完成、四个抓、违约与招引")
def progress(
    request: HttpRequest, code: str, period: str, threshold: Decimal | None = None
) -> dict[str, Any]:
    """P01 P03 P04 P05 P06 P07 for a region and a month (period=2026-08); `threshold` is
    how many points behind time progress count as "behind plan" (default from settings).
    A responsible unit reads its own projects, not a region's progress (404)."""
    region = scoped_region(request, code)
    try:
        month = Period.parse(period)
    except PeriodError as error:
        raise HttpError(400, str(error)) from error
    result = project_progress(
        region, month, threshold_pp=threshold, projects=visible_projects(request.user)
    )
    return _progress_out(result)
