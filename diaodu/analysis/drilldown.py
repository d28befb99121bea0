"""Explaining a figure: the enterprises behind it, each with its pull (拉动) — the
drill-down city → county → industry → enterprise, and W06 抓两端 (the top and bottom
enterprises by pull)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from diaodu.analysis import queries
from diaodu.analysis.groups import GroupError, group_filter
from diaodu.analysis.queries import Sums
from diaodu.analysis.rules import growth, pull
from diaodu.analysis.summary import Tree
from diaodu.core.codes import NATION_CODE
from diaodu.core.memo import per_data_version
from diaodu.core.periods import Period
from diaodu.regions.models import Region

FORMULAS = {
    "growth": "增速 = (本年累计 ÷ 上年同期累计 − 1) × 100%",
    "pull": "拉动（百分点）= (该部分本年累计 − 该部分上年同期累计) ÷ 全地区上年同期累计 × 100",
    "share": "比重 = 该部分本年累计 ÷ 全地区本年累计 × 100%",
    "contribution": "贡献率 = 该部分增量 ÷ 全地区增量 × 100%",
}
STATUS_NAMES = {
    "stopped": "停产",
    "half_stopped": "半停产",
    "reduced": "减产",
    "normal": "正常",
    "retained_exit": "退库留基",
}


@dataclass(frozen=True)
class EnterpriseLine:
    uscc: str
    name: str
    county_code: str
    county_name: str
    industry_code: str
    ytd_current: int
    ytd_prior: int
    month_current: int
    month_prior: int
    status: str
    growth: Decimal | None
    pull: Decimal | None


@dataclass(frozen=True)
class Drilldown:
    region_code: str
    period: Period
    division: str | None
    region_ytd_prior: int
    enterprises: list[EnterpriseLine]
    formulas: dict[str, str]


def _scope(region: Region) -> set[int] | None:
    return None if region.code == NATION_CODE else Tree().descendants(region.pk)


def _line(row: dict, parent_prior: int) -> EnterpriseLine:
    current, prior = row["output_ytd"], row["output_ytd_prior"]
    return EnterpriseLine(
        uscc=row["enterprise__uscc"],
        name=row["enterprise__name"],
        county_code=row["county__code"],
        county_name=row["county__name"],
        industry_code=row["industry_code"],
        ytd_current=current,
        ytd_prior=prior,
        month_current=row["output_month"],
        month_prior=row["output_month_prior"],
        status=row["status"],
        growth=growth(current, prior),
        pull=pull(current, prior, parent_prior),
    )


@per_data_version
def drilldown(
    *,
    region: Region,
    period: Period,
    division: str | None = None,
    group: str | None = None,
    status: str | None = None,
) -> Drilldown:
    """Every enterprise under the region, largest drag first — or only those of one 大类,
    one group (制造业, 非公, 白名单…: the members behind /groups) or one production status
    (the enterprises behind /counts); pulls always on the whole region's base."""
    if status and status not in STATUS_NAMES:
        raise GroupError(f"生产状态应为：{'、'.join(STATUS_NAMES)}")
    scope = _scope(region)
    total = sum(queries.sums_by_county(scope, period.key).values(), Sums())
    rows = queries.enterprise_rows(
        scope,
        period.key,
        division=division,
        order="change",
        condition=group_filter(group, period) if group else None,
        status=status,
    )
    return Drilldown(
        region.code,
        period,
        division,
        total.ytd_prior,
        [_line(row, total.ytd_prior) for row in rows],
        FORMULAS,
    )


@dataclass(frozen=True)
class BothEnds:
    top: list[EnterpriseLine]  # the largest pulls up
    bottom: list[EnterpriseLine]  # the largest drags down


def both_ends(*, region: Region, period: Period, n: int = 10) -> BothEnds:
    """W06 "抓两端带中间": the N enterprises pulling growth up most and down most."""
    scope = _scope(region)
    total = sum(queries.sums_by_county(scope, period.key).values(), Sums())
    top = queries.enterprise_rows(scope, period.key, order="-change", limit=n)
    bottom = queries.enterprise_rows(scope, period.key, order="change", limit=n)
    return BothEnds(
        top=[
            _line(row, total.ytd_prior)
            for row in top
            if row["output_ytd"] > row["output_ytd_prior"]
        ],
        bottom=[
            _line(row, total.ytd_prior)
            for row in bottom
            if row["output_ytd"] < row["output_ytd_prior"]
        ],
    )
