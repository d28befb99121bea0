"""JSON API of enterprise appeals: the steps of the loop, the statistics, the ledger, and
Open311 GeoReport v2-style read endpoints for other government systems."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from diaodu.accounts.models import Unit
from diaodu.analysis.api import scoped_region
from diaodu.appeals import services
from diaodu.appeals.ledger import appeals_template, import_appeals, unit_report_workbook
from diaodu.appeals.models import Appeal, Category, Meeting
from diaodu.appeals.services import AppealError, DuplicateSuspected, visible_appeals
from diaodu.appeals.statistics import Tally, a01_sentence, a02_sentence, appeal_statistics
from diaodu.core.workdays import WorkCalendar
from diaodu.enterprises.models import Enterprise
from diaodu.regions.selectors import region_by_code

router = Router(tags=["企业诉求"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_DUE_WITHIN = 250  # working days, about a year


# --- shapes ------------------------------------------------------------------------------


class AppealOut(Schema):
    number: str
    enterprise_uscc: str | None
    enterprise_name: str
    county_code: str
    county_name: str
    source: str
    meeting: str | None
    title: str
    content: str
    category: str
    difficulty: str
    received_on: dt.date
    stage: str
    stage_label: str
    outcome: str
    outcome_label: str
    lead_unit: str | None
    co_units: list[str]
    route_due_on: dt.date | None
    route_due_provisional: bool
    routed_on: dt.date | None
    route_overdue: bool
    assigned_on: dt.date | None
    due_on: dt.date | None
    due_provisional: bool
    supervised_due_on: dt.date | None
    current_due: dt.date | None
    overdue: bool
    needs_explanation: bool
    explanation: str
    reply: str
    replied_on: dt.date | None
    replied_in_time: bool | None
    closed_on: dt.date | None
    satisfaction: str
    reopen_count: int


class AppealEventOut(Schema):
    kind: str
    kind_label: str
    on: dt.date
    by: str | None
    unit: str | None
    text: str


class AppealDetailOut(AppealOut):
    events: list[AppealEventOut]


def _appeal_out(appeal: Appeal, today: dt.date) -> dict[str, Any]:
    return {
        "number": appeal.number,
        "enterprise_uscc": appeal.enterprise.uscc if appeal.enterprise else None,
        "enterprise_name": appeal.enterprise_name,
        "county_code": appeal.county.code,
        "county_name": appeal.county.name,
        "source": appeal.get_source_display(),
        "meeting": str(appeal.meeting) if appeal.meeting else None,
        "title": appeal.title,
        "content": appeal.content,
        "category": appeal.category.name,
        "difficulty": appeal.get_difficulty_display(),
        "received_on": appeal.received_on,
        "stage": appeal.stage,
        "stage_label": appeal.get_stage_display(),
        "outcome": appeal.outcome,
        "outcome_label": appeal.get_outcome_display(),
        "lead_unit": appeal.lead_unit.name if appeal.lead_unit else None,
        "co_units": [unit.name for unit in appeal.co_units.all()],
        "route_due_on": appeal.route_due_on,
        "route_due_provisional": appeal.route_due_provisional,
        "routed_on": appeal.routed_on,
        "route_overdue": appeal.is_route_overdue(today),
        "assigned_on": appeal.assigned_on,
        "due_on": appeal.due_on,
        "due_provisional": appeal.due_provisional,
        "supervised_due_on": appeal.supervised_due_on,
        "current_due": appeal.current_due,
        "overdue": appeal.is_overdue(today),
        "needs_explanation": appeal.needs_explanation(today),
        "explanation": appeal.explanation,
        "reply": appeal.reply,
        "replied_on": appeal.replied_on,
        "replied_in_time": appeal.replied_in_time,
        "closed_on": appeal.closed_on,
        "satisfaction": appeal.get_satisfaction_display(),
        "reopen_count": appeal.reopen_count,
    }


def _detail_out(appeal: Appeal) -> dict[str, Any]:
    events = appeal.events.select_related("by", "unit")
    return {
        **_appeal_out(appeal, timezone.localdate()),
        "events": [
            {
                "kind": event.kind,
                "kind_label": event.get_kind_display(),
                "on": event.on,
                "by": event.by.get_username() if event.by else None,
                "unit": event.unit.name if event.unit else None,
                "text": event.text,
            }
            for event in events
        ],
    }


def _appeal(request: HttpRequest, number: str) -> Appeal:
    return get_object_or_404(visible_appeals(request.user), number=number)


def _step(request: HttpRequest, number: str, action: Callable[[Appeal], Any]) -> dict[str, Any]:
    """Run one service step with the errors as HTTP answers in Chinese."""
    appeal = _appeal(request, number)
    try:
        action(appeal)
    except PermissionError as error:
        raise HttpError(403, str(error)) from error
    except AppealError as error:
        raise HttpError(400, str(error)) from error
    return _detail_out(appeal)


def _units(ids: list[int]) -> list[Unit]:
    if any(not 0 < pk < 2**63 for pk in ids):  # beyond any id the database can hold
        raise HttpError(400, "责任单位不存在")
    units = list(Unit.objects.filter(pk__in=ids))
    if len(units) != len(set(ids)):
        raise HttpError(400, "责任单位不存在")
    return units


# --- fixed paths first: they would otherwise be read as an appeal number ------------------


class CategoryOut(Schema):
    id: int
    name: str


@router.get("/appeals/categories", response=list[CategoryOut], summary="诉求类别")
def categories(request: HttpRequest) -> QuerySet[Category]:
    return Category.objects.filter(active=True)


@router.get("/appeals/template.xlsx", summary="诉求台账导入模板")
def template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(appeals_template(), content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''appeals-template.xlsx"
    return response


class LedgerErrorOut(Schema):
    row: int | None
    column: str
    value: str
    message: str


class LedgerImportOut(Schema):
    ok: bool
    created: int
    numbers: list[str]
    errors: list[LedgerErrorOut]


@router.post(
    "/appeals/import",
    response={201: LedgerImportOut, 400: LedgerImportOut},
    summary="导入诉求台账（全部成功或全部不导入）",
)
def import_ledger(request: HttpRequest, file: File[UploadedFile]) -> Status:
    if not services.registers_appeals(request.user):
        raise HttpError(403, "诉求台账由市、县区用户导入；本账号不能导入")
    result = import_appeals(file.read(), file_name=file.name or "台账.xlsx", by=request.user)
    body = {
        "ok": result.ok,
        "created": len(result.created),
        "numbers": [appeal.number for appeal in result.created],
        "errors": [vars(error) for error in result.errors],
    }
    return Status(201 if result.ok else 400, body)


@router.get("/appeals/due", response=list[AppealOut], summary="即将到期与已超期的诉求")
def due(request: HttpRequest, within: int = 3) -> list[dict[str, Any]]:
    """Open appeals whose deadline is within `within` working days, or already past:
    the list a unit works from until the warnings app raises them."""
    today = timezone.localdate()
    # A deadline is weeks away at most: a bigger `within` would only walk the calendar.
    horizon = WorkCalendar().add_workdays(today, max(0, min(within, MAX_DUE_WITHIN))).date
    open_ones = visible_appeals(request.user).filter(
        stage__in=(Appeal.Stage.ASSIGNED, Appeal.Stage.SUPERVISED)
    )
    found = [
        appeal
        for appeal in open_ones.prefetch_related("co_units")
        if appeal.current_due is not None and appeal.current_due <= horizon
    ]
    found.sort(key=lambda appeal: (appeal.current_due, appeal.number))
    return [_appeal_out(appeal, today) for appeal in found]


# --- Open311 GeoReport v2 (read only) ---------------------------------------------------


class ServiceOut(Schema):
    service_code: str
    service_name: str
    description: str
    metadata: bool
    type: str
    keywords: str
    group: str


@router.get(
    "/appeals/services", response=list[ServiceOut], summary="Open311 服务类别（GeoReport v2）"
)
def open311_services(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "service_code": str(category.pk),
            "service_name": category.name,
            "description": f"企业诉求：{category.name}类",
            "metadata": False,
            "type": "batch",
            "keywords": "企业诉求",
            "group": "企业诉求",
        }
        for category in Category.objects.filter(active=True)
    ]


class RequestOut(Schema):
    service_request_id: str
    status: str
    status_notes: str
    service_name: str
    service_code: str
    description: str
    agency_responsible: str
    service_notice: str
    requested_datetime: str
    updated_datetime: str
    expected_datetime: str | None
    address: str
    address_id: str
    zipcode: str
    lat: float | None
    long: float | None
    media_url: str


def _open311(appeal: Appeal) -> dict[str, Any]:
    def moment(day: dt.date | None) -> str | None:
        if day is None:
            return None
        return dt.datetime.combine(
            day, dt.time(), tzinfo=timezone.get_current_timezone()
        ).isoformat()

    return {
        "service_request_id": appeal.number,
        "status": "open" if appeal.stage != Appeal.Stage.CLOSED else "closed",
        "status_notes": f"{appeal.get_stage_display()}；{appeal.get_outcome_display()}",
        "service_name": appeal.category.name,
        "service_code": str(appeal.category_id),
        "description": f"{appeal.title}。{appeal.content}".rstrip("。") + "。",
        "agency_responsible": appeal.lead_unit.name if appeal.lead_unit else "",
        "service_notice": f"办理期限 {appeal.current_due}" if appeal.current_due else "",
        "requested_datetime": moment(appeal.received_on),
        "updated_datetime": appeal.updated_at.isoformat(),
        "expected_datetime": moment(appeal.current_due),
        "address": appeal.county.name,
        "address_id": appeal.county.code,
        "zipcode": "",
        "lat": None,
        "long": None,
        "media_url": "",
    }


@router.get(
    "/appeals/requests", response=list[RequestOut], summary="Open311 诉求列表（GeoReport v2）"
)
def open311_requests(
    request: HttpRequest,
    service_request_id: str = "",
    service_code: str = "",
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    status: str = "",
) -> list[dict[str, Any]]:
    appeals = visible_appeals(request.user)
    if service_request_id:
        appeals = appeals.filter(number__in=service_request_id.split(","))
    if service_code:
        appeals = appeals.filter(
            category_id__in=[c for c in service_code.split(",") if c.isdigit()]
        )
    if start_date:
        appeals = appeals.filter(received_on__gte=start_date)
    if end_date:
        appeals = appeals.filter(received_on__lte=end_date)
    if status == "closed":
        appeals = appeals.filter(stage=Appeal.Stage.CLOSED)
    elif status == "open":
        appeals = appeals.exclude(stage=Appeal.Stage.CLOSED)
    return [_open311(appeal) for appeal in appeals[:1000]]


@router.get(
    "/appeals/requests/{number}",
    response=list[RequestOut],
    summary="Open311 单条诉求（GeoReport v2）",
)
def open311_request(request: HttpRequest, number: str) -> list[dict[str, Any]]:
    return [_open311(_appeal(request, number))]


# --- the loop ----------------------------------------------------------------------------


@router.get("/appeals", response=list[AppealOut], summary="诉求列表（按权限范围）")
def list_appeals(
    request: HttpRequest,
    stage: str = "",
    county: str = "",
    category: str = "",
    overdue: bool = False,
    limit: int = 500,
) -> list[dict[str, Any]]:
    today = timezone.localdate()
    appeals = visible_appeals(request.user).prefetch_related("co_units")
    if stage:
        appeals = appeals.filter(stage=stage)
    if county:
        appeals = appeals.filter(county__code=county)
    if category:
        appeals = appeals.filter(category__name=category)
    rows = [_appeal_out(appeal, today) for appeal in appeals[: max(1, min(limit, 5000))]]
    return [row for row in rows if row["overdue"]] if overdue else rows


class RegisterIn(Schema):
    title: str
    category: str
    received_on: dt.date
    source: str
    enterprise_uscc: str = ""
    enterprise_name: str = ""
    county_code: str = ""
    content: str = ""
    difficulty: str = "general"
    meeting_id: int | None = None
    allow_duplicate: bool = False


class DuplicateOut(Schema):
    message: str
    candidates: list[AppealOut]


@router.post(
    "/appeals",
    response={201: AppealDetailOut, 409: DuplicateOut},
    summary="登记诉求（相近诉求返回409，确认后带 allow_duplicate=true 再提交）",
)
def register(request: HttpRequest, payload: RegisterIn) -> Status:
    enterprise = None
    if payload.enterprise_uscc:
        enterprise = Enterprise.objects.filter(uscc=payload.enterprise_uscc).first()
        if enterprise is None:
            raise HttpError(400, f"库中没有统一社会信用代码为 {payload.enterprise_uscc} 的企业")
    category = Category.objects.filter(name=payload.category).first()
    if category is None:
        raise HttpError(400, f"未知的问题类别：{payload.category}")
    try:
        appeal = services.register_appeal(
            by=request.user,
            title=payload.title,
            category=category,
            received_on=payload.received_on,
            source=payload.source,
            enterprise=enterprise,
            enterprise_name=payload.enterprise_name,
            county=region_by_code(payload.county_code) if payload.county_code else None,
            content=payload.content,
            difficulty=payload.difficulty,
            meeting=Meeting.objects.filter(pk=payload.meeting_id).first()
            if payload.meeting_id
            else None,
            allow_duplicate=payload.allow_duplicate,
        )
    except DuplicateSuspected as duplicate:
        today = timezone.localdate()
        return Status(
            409,
            {
                "message": str(duplicate),
                "candidates": [_appeal_out(a, today) for a in duplicate.candidates],
            },
        )
    except PermissionError as error:
        raise HttpError(403, str(error)) from error
    except (AppealError, ValueError) as error:
        raise HttpError(400, str(error)) from error
    return Status(201, _detail_out(appeal))


@router.get("/appeals/{number}", response=AppealDetailOut, summary="诉求详情与办理记录")
def get_appeal(request: HttpRequest, number: str) -> dict[str, Any]:
    return _detail_out(_appeal(request, number))


class AssignIn(Schema):
    lead_unit_id: int
    co_unit_ids: list[int] = []
    on: dt.date | None = None
    reason: str = ""


@router.post("/appeals/{number}/assign", response=AppealDetailOut, summary="交办 / 改派")
def assign(request: HttpRequest, number: str, payload: AssignIn) -> dict[str, Any]:
    lead, *_ = _units([payload.lead_unit_id])
    co_units = _units(payload.co_unit_ids)
    return _step(
        request,
        number,
        lambda appeal: services.assign(
            appeal,
            lead_unit=lead,
            co_units=co_units,
            on=payload.on or timezone.localdate(),
            by=request.user,
            reason=payload.reason,
        ),
    )


class AppealTextIn(Schema):
    text: str
    on: dt.date | None = None


@router.post(
    "/appeals/{number}/decline", response=AppealDetailOut, summary="退回（不属本单位职责）"
)
def decline(request: HttpRequest, number: str, payload: AppealTextIn) -> dict[str, Any]:
    on = payload.on or timezone.localdate()
    return _step(
        request,
        number,
        lambda appeal: services.decline(appeal, reason=payload.text, on=on, by=request.user),
    )


@router.post("/appeals/{number}/notes", response=AppealDetailOut, summary="办理进展")
def note(request: HttpRequest, number: str, payload: AppealTextIn) -> dict[str, Any]:
    on = payload.on or timezone.localdate()
    return _step(
        request,
        number,
        lambda appeal: services.add_note(appeal, text=payload.text, on=on, by=request.user),
    )


@router.post("/appeals/{number}/explanation", response=AppealDetailOut, summary="超期书面说明")
def explanation(request: HttpRequest, number: str, payload: AppealTextIn) -> dict[str, Any]:
    on = payload.on or timezone.localdate()
    return _step(
        request,
        number,
        lambda appeal: services.submit_explanation(
            appeal, text=payload.text, on=on, by=request.user
        ),
    )


class SuperviseIn(Schema):
    text: str = ""
    on: dt.date | None = None
    due_on: dt.date | None = None
    workdays: int = services.SUPERVISION_WORKDAYS


@router.post("/appeals/{number}/supervise", response=AppealDetailOut, summary="督办")
def supervise(request: HttpRequest, number: str, payload: SuperviseIn) -> dict[str, Any]:
    on = payload.on or timezone.localdate()
    return _step(
        request,
        number,
        lambda appeal: services.supervise(
            appeal,
            on=on,
            by=request.user,
            text=payload.text,
            due_on=payload.due_on,
            workdays=payload.workdays,
        ),
    )


class ReplyIn(Schema):
    outcome: str
    text: str
    on: dt.date | None = None


@router.post("/appeals/{number}/reply", response=AppealDetailOut, summary="处理回复")
def reply(request: HttpRequest, number: str, payload: ReplyIn) -> dict[str, Any]:
    on = payload.on or timezone.localdate()
    return _step(
        request,
        number,
        lambda appeal: services.reply(
            appeal, outcome=payload.outcome, text=payload.text, on=on, by=request.user
        ),
    )


class CloseIn(Schema):
    satisfaction: str
    text: str = ""
    on: dt.date | None = None


@router.post("/appeals/{number}/close", response=AppealDetailOut, summary="销号")
def close(request: HttpRequest, number: str, payload: CloseIn) -> dict[str, Any]:
    on = payload.on or timezone.localdate()
    return _step(
        request,
        number,
        lambda appeal: services.close(
            appeal, satisfaction=payload.satisfaction, on=on, by=request.user, text=payload.text
        ),
    )


@router.post("/appeals/{number}/reopen", response=AppealDetailOut, summary="重新办理")
def reopen(request: HttpRequest, number: str, payload: AppealTextIn) -> dict[str, Any]:
    on = payload.on or timezone.localdate()
    return _step(
        request,
        number,
        lambda appeal: services.reopen(appeal, reason=payload.text, on=on, by=request.user),
    )


# --- statistics --------------------------------------------------------------------------


class TallyOut(Schema):
    name: str
    appeals: int
    resolved: int
    explained: int
    open: int
    overdue: int
    due: int
    on_time: int
    on_time_rate: float | None
    average_workdays: float | None
    route_due: int
    routed_on_time: int
    route_on_time_rate: float | None


def _tally_out(tally: Tally) -> dict[str, Any]:
    rate, average = tally.on_time_rate, tally.average_workdays
    route_rate = tally.route_on_time_rate
    return {
        **{
            key: getattr(tally, key)
            for key in (
                "name",
                "appeals",
                "resolved",
                "explained",
                "open",
                "overdue",
                "due",
                "on_time",
                "route_due",
                "routed_on_time",
            )
        },
        "on_time_rate": None if rate is None else float(rate),
        "average_workdays": None if average is None else float(average),
        "route_on_time_rate": None if route_rate is None else float(route_rate),
    }


class StatisticsOut(Schema):
    region_code: str
    start: dt.date
    end: dt.date
    as_of: dt.date
    total: TallyOut
    enterprises: int
    by_enterprise: dict[str, int]
    by_category: dict[str, int]
    by_source: dict[str, TallyOut]
    meetings: dict[str, int]
    by_unit: list[TallyOut]
    by_county: list[TallyOut]
    a01: str
    a02: str


def _window(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    return start or dt.date(today.year, 1, 1), end or today


@router.get(
    "/regions/{code}/appeals/statistics",
    response=StatisticsOut,
    summary="诉求统计（A01 A02 A05），默认本年1月1日至今",
)
def statistics(
    request: HttpRequest,
    code: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    as_of: dt.date | None = None,
) -> dict[str, Any]:
    """Counts by category, source, unit and county; on-time rate with the overdue open
    appeals in the denominator; the A01 and A02 sentences."""
    region = scoped_region(request, code)
    first, last = _window(start, end)
    stats = appeal_statistics(region, first, last, as_of)
    return {
        "region_code": region.code,
        "start": stats.start,
        "end": stats.end,
        "as_of": stats.as_of,
        "total": _tally_out(stats.total),
        "enterprises": stats.enterprises,
        "by_enterprise": dict(stats.by_enterprise),
        "by_category": dict(stats.by_category),
        "by_source": {source: _tally_out(t) for source, t in stats.by_source.items()},
        "meetings": stats.meetings,
        "by_unit": [_tally_out(t) for t in stats.by_unit],
        "by_county": [_tally_out(t) for t in stats.by_county],
        "a01": a01_sentence(stats),
        "a02": a02_sentence(stats),
    }


@router.get("/regions/{code}/appeals/report.xlsx", summary="诉求办理情况通报表（按责任单位）")
def unit_report(
    request: HttpRequest,
    code: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    as_of: dt.date | None = None,
) -> HttpResponse:
    region = scoped_region(request, code)
    first, last = _window(start, end)
    data = unit_report_workbook(appeal_statistics(region, first, last, as_of))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''appeals-report.xlsx"
    return response
