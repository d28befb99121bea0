"""JSON API of imports: upload a monthly report or official figures, list, roll back."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from diaodu.ingest.models import ImportBatch
from diaodu.ingest.selectors import batch_for_user, batches_for_user, may_import
from diaodu.ingest.services import (
    ImportResult,
    RollbackError,
    import_indicators,
    import_monthly_for_user,
    rollback_batch,
)
from diaodu.regions.models import Region
from diaodu.regions.selectors import descendant_ids, user_region

router = Router(tags=["导入"])


class CellErrorOut(Schema):
    row: int | None
    column: str
    value: str
    message: str


class BatchOut(Schema):
    id: int
    kind: str
    file_name: str
    sha256: str
    period: int | None
    status: str
    row_count: int
    created_at: str
    user: str | None
    report: dict[str, Any]


class ImportOut(Schema):
    ok: bool
    batch: BatchOut | None
    errors: list[CellErrorOut]


def _batch_out(batch: ImportBatch) -> dict[str, Any]:
    return {
        "id": batch.pk,
        "kind": batch.kind,
        "file_name": batch.file_name,
        "sha256": batch.sha256,
        "period": batch.period,
        "status": batch.status,
        "row_count": batch.row_count,
        "created_at": batch.created_at.isoformat(),
        "user": batch.user.get_username() if batch.user else None,
        "report": batch.report,
    }


def _result_out(result: ImportResult) -> Status:
    body = {
        "ok": result.ok,
        "batch": _batch_out(result.batch) if result.batch else None,
        "errors": [vars(error) for error in result.errors],
    }
    return Status(201 if result.ok else 400, body)


def _require_importer(request: HttpRequest) -> None:
    if not may_import(request.user):
        raise HttpError(403, "您的角色不能导入数据")


@router.post(
    "/imports/monthly", response={201: ImportOut, 400: ImportOut}, summary="导入企业月度报表"
)
def upload_monthly(
    request: HttpRequest, file: File[UploadedFile], period: Form[str] = "", sheet: Form[str] = ""
):
    """All or nothing: 400 with every bad cell (row, column, value, message), or 201 with the
    import report. A county user may import only its own county's (and its zones') rows."""
    _require_importer(request)
    result = import_monthly_for_user(
        file.read(),
        file_name=file.name or "上传文件",
        period=period or None,
        sheet=sheet or None,
        user=request.user,
    )
    return _result_out(result)


@router.post(
    "/imports/indicators", response={201: ImportOut, 400: ImportOut}, summary="导入地区主要指标"
)
def upload_indicators(request: HttpRequest, file: File[UploadedFile], sheet: Form[str] = ""):
    _require_importer(request)
    profile = getattr(request.user, "profile", None)
    if profile is not None and profile.role == "county_user":
        raise HttpError(403, "地区主要指标由市级用户导入")
    result = import_indicators(
        file.read(), file_name=file.name or "上传文件", sheet=sheet or None, user=request.user
    )
    return _result_out(result)


@router.get("/imports", response=list[BatchOut], summary="导入批次")
def list_batches(request: HttpRequest, limit: int = 50):
    batches = batches_for_user(request.user).select_related("user").order_by("-created_at")
    return [_batch_out(batch) for batch in batches[: max(1, min(limit, 500))]]


@router.get("/imports/{batch_id}", response=BatchOut, summary="导入批次详情")
def get_batch(request: HttpRequest, batch_id: int):
    return _batch_out(batch_for_user(request.user, batch_id))


@router.post("/imports/{batch_id}/rollback", response=BatchOut, summary="撤销导入批次")
def rollback(request: HttpRequest, batch_id: int):
    _require_importer(request)
    batch = batch_for_user(request.user, batch_id)
    region = user_region(request.user)
    if region is not None and region.level == Region.Level.COUNTY:
        allowed = descendant_ids(region)
        if batch.counties.exclude(id__in=allowed).exists():
            raise HttpError(403, "该批次包含其他县区的数据，不能由县区用户撤销")
    try:
        return _batch_out(rollback_batch(batch=batch, user=request.user))
    except RollbackError as error:
        raise HttpError(400, str(error)) from error
