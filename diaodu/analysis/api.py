"""JSON API of the analysis: the dispatch summary and the figures behind it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from diaodu.analysis.drilldown import STATUS_NAMES, EnterpriseLine, both_ends, drilldown
from diaodu.analysis.summary import dispatch_summary, summary_as_json
from diaodu.core.money import fen_to_wan
from diaodu.core.periods import Period, PeriodError
from diaodu.regions.models import Region
from diaodu.regions.selectors import region_for_user

router = Router(tags=["分析"])


def parse_period(text: str) -> Period:
    try:
        return Period.parse(text)
    except PeriodError as error:
        raise HttpError(400, str(error)) from error


def scoped_region(request: HttpRequest, code: str) -> Region:
    """The region, if the user may read enterprise figures of it (404 otherwise)."""
    profile = getattr(request.user, "profile", None)
    if profile is not None and profile.role == "unit":
        raise HttpError(404, "地区不存在")
    return region_for_user(request.user, code)


@router.get("/regions/{code}/summary", summary="调度摘要（contracts/dispatch-summary.md）")
def summary(request: HttpRequest, code: str, period: str) -> dict[str, Any]:
    """M01 M02 M04 M07 M09 M10 M12 M13 M15: the monthly numbers every meeting starts from.

    Money in 万元, growth in %, changes and pulls in percentage points, unrounded."""
    region = scoped_region(request, code)
    return summary_as_json(dispatch_summary(region=region, period=parse_period(period)))


class EnterpriseLineOut(Schema):
    uscc: str
    name: str
    county_code: str
    county_name: str
    industry_code: str
    ytd_current: float
    ytd_prior: float
    month_current: float
    month_prior: float
    status: str
    growth: float | None
    pull: float | None


def _line_out(line: EnterpriseLine) -> dict[str, Any]:
    return {
        **{
            key: getattr(line, key)
            for key in ("uscc", "name", "county_code", "county_name", "industry_code")
        },
        **{
            key: float(fen_to_wan(getattr(line, key)))
            for key in ("ytd_current", "ytd_prior", "month_current", "month_prior")
        },
        "status": STATUS_NAMES.get(line.status, line.status),
        "growth": None if line.growth is None else float(line.growth),
        "pull": None if line.pull is None else float(line.pull),
    }


class DrilldownOut(Schema):
    region: str
    period: str
    division: str | None
    formulas: dict[str, str]
    enterprises: list[EnterpriseLineOut]


@router.get("/regions/{code}/drilldown", response=DrilldownOut, summary="指标解释：企业明细与公式")
def explain(request: HttpRequest, code: str, period: str, division: str | None = None):
    """The enterprises behind a region's (or one 大类's) growth, each with its pull, largest
    drag first, and the formulas used: answers "why did we fall?" in the meeting."""
    result = drilldown(
        region=scoped_region(request, code), period=parse_period(period), division=division
    )
    return {
        "region": result.region_code,
        "period": str(result.period),
        "division": result.division,
        "formulas": result.formulas,
        "enterprises": [_line_out(e) for e in result.enterprises],
    }


class BothEndsOut(Schema):
    top: list[EnterpriseLineOut]
    bottom: list[EnterpriseLineOut]


@router.get(
    "/regions/{code}/both-ends",
    response=BothEndsOut,
    summary="抓两端：拉动最大与下拉最大的企业（W06）",
)
def ends(request: HttpRequest, code: str, period: str, n: int = 10):
    result = both_ends(
        region=scoped_region(request, code), period=parse_period(period), n=max(1, min(n, 100))
    )
    return {
        "top": [_line_out(e) for e in result.top],
        "bottom": [_line_out(e) for e in result.bottom],
    }
