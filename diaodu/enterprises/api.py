"""JSON API of enterprises: the scoped list, one enterprise, its monthly history."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest
from ninja import Router, Schema

from diaodu.core.money import fen_to_wan
from diaodu.core.periods import Period
from diaodu.enterprises.models import MonthlyFact
from diaodu.enterprises.selectors import enterprise_facts, enterprise_for_user, enterprises_for_user

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
