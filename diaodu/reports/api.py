"""Downloads of the monthly bulletin (Word) and its tables (Excel)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import content_disposition_header
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from diaodu.analysis.api import parse_period, scoped_region
from diaodu.core.periods import Period
from diaodu.reports.brief import build_brief
from diaodu.reports.bulletin import Bulletin, BulletinError, build_bulletin
from diaodu.reports.docx import write_docx
from diaodu.reports.issue import issue_bulletin, revisions
from diaodu.reports.models import IssuedBulletin
from diaodu.reports.workbook import write_bulletin_tables

router = Router(tags=["通报"])

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _bulletin(request: HttpRequest, code: str, period: str) -> Bulletin:
    region = scoped_region(request, code)
    try:
        return build_bulletin(region, parse_period(period))
    except BulletinError as error:
        raise HttpError(404, str(error)) from error


def _download(content: bytes, content_type: str, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    header = content_disposition_header(True, file_name)  # RFC 6266: a Chinese file name
    if header:
        response["Content-Disposition"] = header
    return response


@router.get("/regions/{code}/bulletin.docx", summary="月通报（Word，GB/T 9704 公文格式，R01）")
def bulletin_docx(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """The monthly bulletin of the region, ready to edit and print; 404 without data."""
    bulletin = _bulletin(request, code, period)
    buffer = io.BytesIO()
    write_docx(bulletin, buffer)
    return _download(buffer.getvalue(), DOCX, f"{bulletin.title}.docx")


@router.get("/regions/{code}/workbook.xlsx", summary="通报数据表（Excel）")
def bulletin_workbook(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """The bulletin's tables, one sheet each, numbers as numbers with formats."""
    bulletin = _bulletin(request, code, period)
    buffer = io.BytesIO()
    write_bulletin_tables(bulletin, buffer)
    return _download(buffer.getvalue(), XLSX, f"{bulletin.title}数据表.xlsx")


class IssuedOut(Schema):
    id: int
    region_code: str
    period: str
    version: int
    title: str
    issued_at: dt.datetime
    issued_by: str | None
    note: str


def _issued_out(issued: IssuedBulletin) -> dict[str, Any]:
    return {
        "id": issued.pk,
        "region_code": issued.region.code,
        "period": str(Period.from_key(issued.period)),
        "version": issued.version,
        "title": issued.title,
        "issued_at": issued.issued_at,
        "issued_by": issued.issued_by.get_username() if issued.issued_by else None,
        "note": issued.note,
    }


def _issued(request: HttpRequest, issued_id: int) -> IssuedBulletin:
    issued = get_object_or_404(IssuedBulletin.objects.select_related("region"), pk=issued_id)
    scoped_region(request, issued.region.code)  # 404 outside the user's region
    return issued


class IssueIn(Schema):
    note: str = ""


@router.post(
    "/regions/{code}/bulletins", response={201: IssuedOut}, summary="签发月通报（冻结文档与数据）"
)
def issue(request: HttpRequest, code: str, period: str, payload: IssueIn) -> Status:
    region = scoped_region(request, code)
    try:
        issued = issue_bulletin(region, parse_period(period), by=request.user, note=payload.note)
    except PermissionError as error:
        raise HttpError(403, str(error)) from error
    except BulletinError as error:
        raise HttpError(404, str(error)) from error
    return Status(201, _issued_out(issued))


@router.get("/regions/{code}/bulletins", response=list[IssuedOut], summary="已签发的通报")
def issued_list(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    region = scoped_region(request, code)
    issued = IssuedBulletin.objects.filter(region=region).select_related("region", "issued_by")
    return [_issued_out(item) for item in issued]


@router.get("/bulletins/{issued_id}/document.docx", summary="已签发通报原文（不随数据变化）")
def issued_document(request: HttpRequest, issued_id: int) -> HttpResponse:
    issued = _issued(request, issued_id)
    return _download(bytes(issued.document), DOCX, f"{issued.title}（第{issued.version}版）.docx")


class RevisionOut(Schema):
    what: str
    issued: float | None
    now: float | None
    difference: float | None


@router.get(
    "/bulletins/{issued_id}/revisions",
    response=list[RevisionOut],
    summary="签发后被修订的数据（签发时与现在的对比）",
)
def issued_revisions(request: HttpRequest, issued_id: int) -> list[dict[str, Any]]:
    issued = _issued(request, issued_id)
    return [
        {"what": r.what, "issued": r.issued, "now": r.now, "difference": r.difference}
        for r in revisions(issued)
    ]


@router.get("/regions/{code}/brief.docx", summary="旬研判简报（Word，一页）")
def brief_docx(request: HttpRequest, code: str, date: dt.date | None = None) -> HttpResponse:
    """The latest month in a sentence, open warnings, appeals due, projects behind and the
    routine's open items, as of `date` (default today)."""
    region = scoped_region(request, code)
    brief = build_brief(region, date or timezone.localdate())
    buffer = io.BytesIO()
    write_docx(brief, buffer)
    return _download(buffer.getvalue(), DOCX, f"{brief.title}.docx")
