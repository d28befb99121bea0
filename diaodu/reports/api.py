"""Downloads of the monthly bulletin (Word) and its tables (Excel)."""

from __future__ import annotations

import io

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ninja import Router
from ninja.errors import HttpError

from diaodu.analysis.api import parse_period, scoped_region
from diaodu.reports.bulletin import Bulletin, BulletinError, build_bulletin
from diaodu.reports.docx import write_docx
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
