"""The comparisons a bulletin makes around the headline growth, from the dispatch summary:

- M07 base effect: last year's own growth at the same point (a high base explains a low
  growth now) and the change of the base against the previous period;
- M08 two-year average growth: √((1 + g) × (1 + g_last)) − 1, with last year's YTD
  growth from last year's own file of the same month, or else the published figure;
- M09/M10 the fastest and slowest sub-regions (ties kept), the spread between them and
  how many grew faster than the region;
- M04/M05/M24 on computed figures: each sub-region's rank this period and at the
  previous period, the move (前移/后移), and how many periods in a row it has led;
- the quarter view: March, June, September and December YTD are 一季度, 上半年, 前三季度, 全年.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

from diaodu.analysis import queries
from diaodu.analysis.rules import HUNDRED, growth
from diaodu.analysis.summary import DispatchSummary, SubregionLine, Tree, dispatch_summary
from diaodu.core.codes import NATION_CODE
from diaodu.core.periods import Period
from diaodu.regions.models import Region, RegionFigure

QUARTER_VIEWS = {3: "一季度", 6: "上半年", 9: "前三季度", 12: "全年"}


@dataclass(frozen=True)
class LastYear:
    growth: Decimal | None  # last year's YTD growth at the same month
    source: str  # 上年月报, 官方发布, or 无


@dataclass(frozen=True)
class RankLine:
    code: str
    name: str
    growth: Decimal | None
    rank: int | None
    previous_rank: int | None
    move: int | None  # positive: moved up (前移)
    first_streak: int  # periods in a row at rank 1, this one included (0 if not first)


@dataclass(frozen=True)
class Comparisons:
    region: Region
    period: Period
    view_label: str  # "1—9月" or "前三季度"
    growth: Decimal | None
    base_change: int | None  # 分 (M07, from the summary)
    last_year: LastYear
    two_year_average: Decimal | None
    fastest: list[SubregionLine]
    slowest: list[SubregionLine]
    spread: Decimal | None
    largest_share: SubregionLine | None  # M09
    smallest_share: SubregionLine | None
    share_gap: Decimal | None  # pp
    above_region: int
    ranks: list[RankLine]


def view_label(period: Period) -> str:
    """一季度, 上半年, 前三季度, 全年 at the quarter ends, 1—M月 otherwise."""
    return QUARTER_VIEWS.get(period.month, period.ytd_label)


def last_year_growth(region: Region, period: Period) -> LastYear:
    """Last year's YTD growth at the same month: last year's own file first (its own
    同口径), the published figure of 规上工业总产值 otherwise."""
    earlier = period.previous_year()
    scope = None if region.code == NATION_CODE else Tree().descendants(region.pk)
    sums = queries.sums_by_county(scope, earlier.key)
    current = sum(s.ytd for s in sums.values())
    prior = sum(s.ytd_prior for s in sums.values())
    if sums and prior:
        return LastYear(growth(current, prior), "上年月报")
    published = RegionFigure.objects.filter(
        region=region,
        indicator__name="规上工业总产值",
        period_kind=RegionFigure.PeriodKind.MONTH,
        period=earlier.key,
        scope=RegionFigure.Scope.YTD,
        growth__isnull=False,
    ).first()
    if published is not None:
        return LastYear(published.growth, "官方发布")
    return LastYear(None, "无")


def two_year_average(now: Decimal | None, before: Decimal | None) -> Decimal | None:
    """M08 两年平均增长 (%): the geometric mean of the two years' growth factors."""
    if now is None or before is None:
        return None
    factor = (1 + now / HUNDRED) * (1 + before / HUNDRED)
    if factor < 0:
        return None
    with localcontext() as context:
        context.prec = 28
        return (factor.sqrt() - 1) * HUNDRED


def _ends(lines: list[SubregionLine]) -> tuple[list[SubregionLine], list[SubregionLine]]:
    ranked = [line for line in lines if line.ytd.growth is not None]
    if not ranked:
        return [], []
    top = max(line.ytd.growth for line in ranked)  # type: ignore[type-var]
    bottom = min(line.ytd.growth for line in ranked)  # type: ignore[type-var]
    return (
        [line for line in ranked if line.ytd.growth == top],
        [line for line in ranked if line.ytd.growth == bottom],
    )


def comparisons(*, region: Region, period: Period) -> Comparisons:
    summary = dispatch_summary(region=region, period=period)
    last = last_year_growth(region, period)
    fastest, slowest = _ends(summary.subregions)
    spread = (
        fastest[0].ytd.growth - slowest[0].ytd.growth  # type: ignore[operator]
        if fastest and slowest
        else None
    )
    shared = [line for line in summary.subregions if line.share is not None and line.ytd.current]
    largest = max(shared, key=lambda line: (line.share, line.code)) if shared else None
    smallest = min(shared, key=lambda line: (line.share, line.code)) if shared else None
    own = summary.ytd.growth
    above = sum(
        1
        for line in summary.subregions
        if own is not None and line.ytd.growth is not None and line.ytd.growth > own
    )
    return Comparisons(
        region=region,
        period=period,
        view_label=view_label(period),
        growth=own,
        base_change=summary.base_change,
        last_year=last,
        two_year_average=two_year_average(own, last.growth),
        fastest=fastest,
        slowest=slowest,
        spread=spread,
        largest_share=largest,
        smallest_share=smallest,
        share_gap=(
            largest.share - smallest.share  # type: ignore[operator]
            if largest and smallest and largest is not smallest
            else None
        ),
        above_region=above,
        ranks=_ranks(region, summary),
    )


def _ranks(region: Region, summary: DispatchSummary) -> list[RankLine]:
    """Ranks now, at the previous period, and the first-place streaks, on computed YTD growth
    (the summary's competition ranks), going back through the year's earlier summaries."""
    history: list[DispatchSummary] = [summary]
    while history[-1].previous_period is not None:
        history.append(dispatch_summary(region=region, period=history[-1].previous_period))
    ranks_by_period = [{line.code: line.rank for line in s.subregions} for s in history]
    lines = []
    for line in summary.subregions:
        before = ranks_by_period[1].get(line.code) if len(history) > 1 else None
        streak = 0
        for ranks in ranks_by_period:
            if ranks.get(line.code) != 1:
                break
            streak += 1
        move = before - line.rank if before is not None and line.rank is not None else None
        lines.append(
            RankLine(line.code, line.name, line.ytd.growth, line.rank, before, move, streak)
        )
    return lines


def share_of_parent(
    region: Region, indicator: str, period: Period
) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """M19: the region's published value, its parent's, and the share (%) — official
    figures only, as both are published for the same indicator and month."""
    if region.parent is None:
        return None, None, None
    figures = RegionFigure.objects.filter(
        indicator__name=indicator,
        period_kind=RegionFigure.PeriodKind.MONTH,
        period=period.key,
        scope=RegionFigure.Scope.YTD,
        value__isnull=False,
    )
    own = figures.filter(region=region).values_list("value", flat=True).first()
    parent = figures.filter(region=region.parent).values_list("value", flat=True).first()
    if own is None or not parent:
        return own, parent, None
    return own, parent, own / parent * HUNDRED


@dataclass(frozen=True)
class ProductsGrowing:
    """M16 "前X月全市X%的主要产品产量保持增长": of the tracked products with a published
    YTD growth, how many grew (growth > 0)."""

    tracked: int
    growing: int
    share: Decimal | None
    falling: list[str]


def products_growing(region: Region, period: Period) -> ProductsGrowing:
    figures = RegionFigure.objects.filter(
        region=region,
        indicator__is_product=True,
        period_kind=RegionFigure.PeriodKind.MONTH,
        period=period.key,
        scope=RegionFigure.Scope.YTD,
        growth__isnull=False,
    ).select_related("indicator")
    growths = {figure.indicator.name: figure.growth for figure in figures}
    growing = sum(1 for value in growths.values() if value is not None and value > 0)
    falling = sorted(name for name, value in growths.items() if value is not None and value <= 0)
    share = Decimal(growing) / len(growths) * HUNDRED if growths else None
    return ProductsGrowing(len(growths), growing, share, falling)
