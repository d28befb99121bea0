"""JSON API of enterprises: the scoped list, one enterprise, its monthly history, its
visits and calls (走访联系记录)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from diaodu.core.money import fen_to_wan
from diaodu.core.periods import Period
from diaodu.enterprises.models import LiaisonNote, MonthlyFact
from diaodu.enterprises.selectors import (
    enterprise_facts,
    enterprise_for_user,
    enterprises_for_user,
    liaison_notes,
)
from diaodu.enterprises.services import LiaisonNoteError, add_liaison_note

router = Router(tags=["企业"])


class EnterpriseOut(Schema):
    uscc: str
    name: str
    county_code: str
    county_name: str
    industry_code: str
    industry_name: str
    ownership: str
    size_class: str


class FactOut(Schema):
    period: str
    directory_status: str
    output_month: float
    output_ytd: float
    output_month_prior: float
    output_ytd_prior: float


class EnterpriseDetailOut(EnterpriseOut):
    facts: list[FactOut]


def _enterprise_out(enterprise) -> dict:
    return {
        "uscc": enterprise.uscc,
        "name": enterprise.name,
        "county_code": enterprise.county.code,
        "county_name": enterprise.county.name,
        "industry_code": enterprise.industry_id,
        "industry_name": enterprise.industry.name,
        "ownership": enterprise.get_ownership_display(),
        "size_class": enterprise.get_size_class_display(),
    }


def _fact_out(fact: MonthlyFact) -> dict:
    return {
        "period": str(Period.from_key(fact.period)),
        "directory_status": fact.get_directory_status_display(),
        **{
            field: float(fen_to_wan(getattr(fact, field)))
            for field in ("output_month", "output_ytd", "output_month_prior", "output_ytd_prior")
        },
    }


@router.get("/enterprises", response=list[EnterpriseOut], summary="企业列表（本辖区）")
def list_enterprises(request: HttpRequest, q: str = "", limit: int = 100, offset: int = 0):
    """The enterprises in the user's region; `q` matches the name or the USCC. Money in 万元."""
    found = enterprises_for_user(request.user).select_related("county", "industry")
    if q:
        found = found.filter(Q(name__contains=q) | Q(uscc__startswith=q.upper()))
    limit, offset = max(1, min(limit, 1000)), max(0, offset)
    return [_enterprise_out(e) for e in found.order_by("uscc")[offset : offset + limit]]


@router.get("/enterprises/{uscc}", response=EnterpriseDetailOut, summary="企业详情与月度数据")
def get_enterprise(request: HttpRequest, uscc: str):
    enterprise = enterprise_for_user(request.user, uscc)
    return {
        **_enterprise_out(enterprise),
        "facts": [_fact_out(f) for f in enterprise_facts(enterprise)],
    }


class NoteIn(Schema):
    date: dt.date
    kind: str  # visit 走访, call 电话, forum 座谈, other 其他
    content: str
    follow_up: bool = False


class NoteOut(Schema):
    id: int
    date: dt.date
    kind: str
    kind_label: str
    content: str
    follow_up: bool
    recorded_by: str
    recorded_at: dt.datetime


def _note_out(note: LiaisonNote) -> dict:
    return {
        "id": note.pk,
        "date": note.date,
        "kind": note.kind,
        "kind_label": note.get_kind_display(),
        "content": note.content,
        "follow_up": note.follow_up,
        "recorded_by": note.user.get_full_name() or note.user.get_username(),
        "recorded_at": note.created_at,
    }


@router.get("/enterprises/{uscc}/notes", response=list[NoteOut], summary="企业走访联系记录")
def list_notes(request: HttpRequest, uscc: str):
    """Newest first; as private as the enterprise (another county's: 404)."""
    return [_note_out(note) for note in liaison_notes(enterprise_for_user(request.user, uscc))]


@router.post(
    "/enterprises/{uscc}/notes", response={201: NoteOut}, summary="记录一次走访、电话或座谈"
)
def add_note(request: HttpRequest, uscc: str, payload: NoteIn) -> Status:
    """City administrators and analysts, and county users for their own enterprises;
    leaders and responsible units read only (403). A bad field: 400 with the reason."""
    enterprise = enterprise_for_user(request.user, uscc)
    try:
        note = add_liaison_note(
            enterprise=enterprise,
            on=payload.date,
            kind=payload.kind,
            content=payload.content,
            follow_up=payload.follow_up,
            by=request.user,
        )
    except PermissionError as refused:
        raise HttpError(403, str(refused)) from refused
    except LiaisonNoteError as problem:
        raise HttpError(400, str(problem)) from problem
    return Status(201, _note_out(note))
