"""JSON API of the analysis: the dispatch summary and the figures behind it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from diaodu.analysis.comparisons import comparisons, products_growing, share_of_parent
from diaodu.analysis.counts import counts_as_json, directory_changes, size_counts, status_counts
from diaodu.analysis.drilldown import STATUS_NAMES, EnterpriseLine, both_ends, drilldown
from diaodu.analysis.groups import GroupError, group_as_json, group_figures
from diaodu.analysis.indicators import indicators_as_json, region_indicators
from diaodu.analysis.ranking import (
    RankingError,
    figure_period,
    indicator_named,
    ranking,
    ranking_as_json,
    scope_named,
)
from diaodu.analysis.summary import dispatch_summary, summary_as_json
from diaodu.analysis.whatif import WhatIfError, what_if
from diaodu.core.money import fen_to_wan
from diaodu.core.periods import Period, PeriodError
from diaodu.enterprises.models import Enterprise
from diaodu.regions.models import Region
from diaodu.regions.selectors import descendant_ids, region_by_code, region_for_user, user_region
from diaodu.reports.words import rank_move

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
def explain(
    request: HttpRequest,
    code: str,
    period: str,
    division: str | None = None,
    group: str | None = None,
    status: str | None = None,
):
    """The enterprises behind a region's growth, each with its pull, largest drag first, and
    the formulas used: answers "why did we fall?" in the meeting. `division` (大类),
    `group` (as /groups takes it) and `status` (stopped, half_stopped, reduced, normal,
    retained_exit — as /counts and the decliners count them) narrow it to the enterprises
    behind those figures."""
    try:
        result = drilldown(
            region=scoped_region(request, code),
            period=parse_period(period),
            division=division,
            group=group,
            status=status,
        )
    except GroupError as error:
        raise HttpError(400, str(error)) from error
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


class RankItemOut(Schema):
    code: str
    name: str
    growth: float
    rank: int
    rank_change: int | None
    first_tier: bool
    gap_to_reference: float | None
    previous_rank: int | None
    tier_move: str | None
    first_tier_streak: int
    first_place_streak: int


class RankingOut(Schema):
    parent: str
    indicator: str
    period: str
    scope: str
    reference_growth: float | None
    first_tier_size: int
    previous_period: str | None
    items: list[RankItemOut]


def ranking_parent(request: HttpRequest, code: str) -> Region:
    """Official figures of regions are published, not enterprise data: a user may rank the
    children of its own region or below, and the peers of its own region (a county sees
    where it stands among the city's counties), nothing else."""
    home = user_region(request.user)
    parent = region_by_code(code)
    if home is not None and parent is not None and home.parent_id == parent.pk:
        return parent
    return region_for_user(request.user, code)


@router.get(
    "/regions/{code}/ranking",
    response=RankingOut,
    summary="下级地区增速排名（M04 M05 M24，contracts/region-indicators.md）",
)
def rank_children(
    request: HttpRequest, code: str, indicator: str, period: str, scope: str = "累计"
):
    """The direct children of `code` ranked by the official growth of `indicator`:
    competition ranks on the published figures, rank change vs the previous period of the
    same year, first tier (rank ≤ K of the peer group), streaks."""
    parent = ranking_parent(request, code)
    try:
        result = ranking(
            parent=parent,
            indicator=indicator_named(indicator),
            period=figure_period(period),
            scope=scope_named(scope),
        )
    except RankingError as error:
        raise HttpError(400, str(error)) from error
    return ranking_as_json(result)


@router.get(
    "/regions/{code}/indicators",
    summary="营业收入、利润、销售产值、出口、用电量及产销率（M06 M17 M18 M25）",
)
def indicators(request: HttpRequest, code: str, period: str) -> dict[str, Any]:
    """Each figure on the same basis (enterprises reporting both years). Profit carries
    the word bulletins use when a base is negative: 扭亏, 由盈转亏, 减亏, 增亏."""
    region = scoped_region(request, code)
    return indicators_as_json(region_indicators(region=region, period=parse_period(period)))


@router.get(
    "/regions/{code}/groups",
    summary="企业群体与全地区比较：增速、差距、比重、拉动（M14 M15）",
)
def group(request: HttpRequest, code: str, period: str, group: str) -> dict[str, Any]:
    """`group`: an industry section (制造业…), an ownership (国有, 民营, 外商投资… or 非公),
    or the name of an enterprise group (白名单, 高新技术企业, a user's own list)."""
    region = scoped_region(request, code)
    try:
        result = group_figures(region=region, period=parse_period(period), group=group)
    except GroupError as error:
        raise HttpError(400, str(error)) from error
    return group_as_json(result)


@router.get(
    "/regions/{code}/counts",
    summary="企业户数：规模、生产状态与停减率、入库退库（M20 M21 W05 E01 E02）",
)
def counts(request: HttpRequest, code: str, period: str) -> dict[str, Any]:
    """Size classes of the enterprises reporting; this month's production status with
    停减率 against the same month last year; 新入库 and 退库留基 in the year up to the
    period against the same months of last year, for the region and each sub-region."""
    region = scoped_region(request, code)
    at = parse_period(period)
    return counts_as_json(
        size_counts(region=region, period=at),
        status_counts(region=region, period=at),
        directory_changes(region=region, period=at),
    )


class WhatIfIn(Schema):
    uscc: str
    year: int
    months: list[int]
    reduction_percent: float = 100  # 100: stops; 30: produces 30 % less


@router.post("/regions/{code}/what-if", summary="假设测算：企业停产或减产对增速的影响（M22）")
def what_if_endpoint(request: HttpRequest, code: str, payload: WhatIfIn) -> dict[str, Any]:
    """The effect, in percentage points, on the region's growth of each affected month and
    of the whole year, from last year's monthly profile (see diaodu/analysis/whatif.py)."""
    region = scoped_region(request, code)
    enterprise = Enterprise.objects.filter(
        uscc=payload.uscc, county_id__in=descendant_ids(region)
    ).first()
    if enterprise is None:
        raise HttpError(404, "该地区没有这家企业")
    try:
        result = what_if(
            region=region,
            enterprise=enterprise,
            year=payload.year,
            months=payload.months,
            reduction=Decimal(str(payload.reduction_percent)) / 100,
        )
    except WhatIfError as error:
        raise HttpError(400, str(error)) from error
    return {
        "region_code": region.code,
        "enterprise": enterprise.name,
        "year": result.year,
        "reduction_percent": payload.reduction_percent,
        "lost_wan": float(fen_to_wan(int(result.lost))),
        "months": [
            {
                "month": m.month,
                "lost_wan": float(fen_to_wan(int(m.lost))),
                "effect_pp": float(m.effect),
            }
            for m in result.months
        ],
        "year_effect_pp": float(result.year_effect),
    }


def _line_brief(line: Any) -> dict[str, Any]:
    return {"code": line.code, "name": line.name, "growth": _f(line.ytd.growth)}


def _f(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@router.get(
    "/regions/{code}/comparisons",
    summary="增速比较：基数、两年平均、最快最慢、计算位次（M04 M05 M07 M08 M09 M10 M24）",
)
def comparisons_endpoint(request: HttpRequest, code: str, period: str) -> dict[str, Any]:
    """Growth in %, changes, spreads and two-year averages in pp/%, unrounded; ranks on the
    computed YTD growth (the summary's competition ranks), move > 0 is 前移."""
    region = scoped_region(request, code)
    result = comparisons(region=region, period=parse_period(period))
    return {
        "region_code": region.code,
        "period": str(result.period),
        "view_label": result.view_label,
        "growth": _f(result.growth),
        "base_change_wan": None
        if result.base_change is None
        else float(fen_to_wan(result.base_change)),
        "last_year_growth": _f(result.last_year.growth),
        "last_year_source": result.last_year.source,
        "two_year_average": _f(result.two_year_average),
        "fastest": [_line_brief(line) for line in result.fastest],
        "slowest": [_line_brief(line) for line in result.slowest],
        "spread": _f(result.spread),
        "largest_share": None
        if result.largest_share is None
        else {**_line_brief(result.largest_share), "share": _f(result.largest_share.share)},
        "smallest_share": None
        if result.smallest_share is None
        else {**_line_brief(result.smallest_share), "share": _f(result.smallest_share.share)},
        "share_gap": _f(result.share_gap),
        "above_region": result.above_region,
        "ranks": [
            {
                "code": r.code,
                "name": r.name,
                "growth": _f(r.growth),
                "rank": r.rank,
                "previous_rank": r.previous_rank,
                "move": r.move,
                "move_words": rank_move(r.move),
                "first_streak": r.first_streak,
            }
            for r in result.ranks
        ],
    }


@router.get("/regions/{code}/share-of-parent", summary="占上级比重（官方发布数据，M19）")
def share_of_parent_endpoint(
    request: HttpRequest, code: str, period: str, indicator: str = "规上工业增加值"
) -> dict[str, Any]:
    region = scoped_region(request, code)
    own, parent, share = share_of_parent(region, indicator, parse_period(period))
    return {
        "region_code": region.code,
        "parent_code": region.parent.code if region.parent else None,
        "indicator": indicator,
        "value": _f(own),
        "parent_value": _f(parent),
        "share": _f(share),
    }


@router.get("/regions/{code}/products", summary="主要产品产量增长面（官方发布数据，M16）")
def products_endpoint(request: HttpRequest, code: str, period: str) -> dict[str, Any]:
    region = scoped_region(request, code)
    result = products_growing(region, parse_period(period))
    return {
        "region_code": region.code,
        "tracked": result.tracked,
        "growing": result.growing,
        "share": _f(result.share),
        "falling": result.falling,
    }
