"""How a region stands against its targets (T03, T04, M03, M23).

Actual figures come from the analysis (the enterprises' facts, 同口径) for the computed
indicators and from the official figures for the rest; nothing is recomputed here but
the comparison with the target.

Required growth for the remaining months (M23, "后四月需增长X%"), for a growth target
g on a computed indicator, with YTD figures C (this year) and P (last year, 同口径) at
month m:

    last year's remaining months R = P × (D / M − 1)

where D and M are last year's December and month-m YTD totals from last year's own
files (the seasonal profile). The year reaches g if the remaining months bring
X = (1 + g) × (P + R) − C; the required growth is X / R − 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from diaodu.analysis.indicators import RegionIndicators, region_indicators, subregion_indicators
from diaodu.analysis.rules import HUNDRED
from diaodu.core.memo import per_reading
from diaodu.core.money import fen_to_yi
from diaodu.core.periods import Period
from diaodu.regions.models import Region, RegionFigure
from diaodu.regions.selectors import children_of
from diaodu.targets.models import COMPUTED, Target

TWELVE = Decimal(12)


@per_reading
def _indicators(region: Region, period: Period) -> RegionIndicators:
    """Within one reading (a page, an API answer) the same region and month are summed
    once: a region's targets, their required growth and those behind share many figures."""
    return region_indicators(region=region, period=period)


@dataclass(frozen=True)
class Actual:
    """A region's YTD value (亿元 for money, the indicator's unit otherwise) and growth."""

    value: Decimal | None
    growth: Decimal | None
    source: str


def actual(region: Region, indicator: str, period: Period) -> Actual:
    if indicator in COMPUTED:
        figure = _indicators(region, period).figures[COMPUTED[indicator]]
        if figure.reporting == 0:
            return Actual(None, None, "企业月报")
        return Actual(fen_to_yi(figure.current), figure.growth, "企业月报（同口径）")
    return official_actual(region, indicator, period)


def official_actual(region: Region, indicator: str, period: Period) -> Actual:
    """The published YTD figure of the month, by the indicator's name or an alias."""
    figures = RegionFigure.objects.filter(
        region=region,
        period_kind=RegionFigure.PeriodKind.MONTH,
        period=period.key,
        scope=RegionFigure.Scope.YTD,
    )
    official = (
        figures.filter(indicator__name=indicator).first()
        or figures.filter(indicator__aliases__alias=indicator).first()
    )
    if official is None:
        return Actual(None, None, "官方发布")
    return Actual(official.value, official.growth, "官方发布")


@dataclass(frozen=True)
class TargetProgress:
    target: Target
    period: Period
    actual: Actual
    gap: Decimal | None  # growth targets: actual − target, in pp (M03 "高于市考任务X个百分点")
    completion: Decimal | None  # absolute targets: YTD ÷ target × 100
    time_progress: Decimal  # months elapsed ÷ 12 × 100
    on_track: bool | None  # gap ≥ 0, or completion ≥ time progress (T03)
    reached_in: Period | None  # absolute targets: the first month the YTD reached it


def time_progress(period: Period) -> Decimal:
    """时间进度 by months: 1—8月 is 8/12 of the year."""
    return Decimal(period.month) / TWELVE * HUNDRED


def target_progress(target: Target, period: Period) -> TargetProgress:
    if period.year != target.year:
        raise ValueError(f"报告期 {period.label} 不在目标年度 {target.year} 内")
    now = actual(target.region, target.indicator, period)
    elapsed = time_progress(period)
    if target.kind == Target.Kind.GROWTH:
        gap = None if now.growth is None else now.growth - target.value
        return TargetProgress(
            target, period, now, gap, None, elapsed, None if gap is None else gap >= 0, None
        )
    completion = None if now.value is None else now.value / target.value * HUNDRED
    return TargetProgress(
        target,
        period,
        now,
        None,
        completion,
        elapsed,
        None if completion is None else completion >= elapsed,
        _reached_in(target, period),
    )


def _reached_in(target: Target, period: Period) -> Period | None:
    """The first month of the year whose YTD value reached an absolute target
    ("提前一个月完成": reached in November of a December deadline)."""
    for month in range(1, period.month + 1):
        month_period = Period(period.year, month)
        value = actual(target.region, target.indicator, month_period).value
        if value is not None and value >= target.value:
            return month_period
    return None


def behind(
    parent: Region, year: int, indicator: str, period: Period, tier: str = Target.Tier.EXPECTED
) -> list[TargetProgress]:
    """T04: the sub-regions of `parent` behind their target at `period`."""
    children = {child.pk for child in children_of(parent)}
    targets = Target.objects.filter(
        region_id__in=children, year=year, indicator=indicator, tier=tier
    ).select_related("region")
    if indicator in COMPUTED:
        subregion_indicators(region=parent, period=period)  # all of them in one query
    found = [target_progress(target, period) for target in targets]
    return sorted(
        (p for p in found if p.on_track is False),
        key=lambda p: p.gap if p.gap is not None else p.completion or Decimal(0),
    )


@dataclass(frozen=True)
class RequiredGrowth:
    """M23: what the remaining months must grow for the year to meet a growth target."""

    remaining_months: int
    required: Decimal | None
    # The whole year's new output if the remaining months grow as the year so far (亿元).
    expected_new: Decimal | None
    reason: str = ""


def required_growth(target: Target, period: Period) -> RequiredGrowth:
    remaining = 12 - period.month
    if target.kind != Target.Kind.GROWTH or target.indicator not in COMPUTED:
        return RequiredGrowth(remaining, None, None, "仅适用于企业月报汇总指标的增速目标")
    if remaining == 0:
        return RequiredGrowth(0, None, None, "已是全年")
    name = COMPUTED[target.indicator]
    now = _indicators(target.region, period).figures[name]
    last_year = Period(period.year - 1, period.month)
    december = _indicators(target.region, Period(period.year - 1, 12))
    same_month = _indicators(target.region, last_year)
    d_total, m_total = december.figures[name].current, same_month.figures[name].current
    if not d_total or not m_total or not now.prior:
        return RequiredGrowth(remaining, None, None, f"缺少{period.year - 1}年的月报，无法推算")
    prior, current = Decimal(now.prior), Decimal(now.current)
    rest_prior = prior * (Decimal(d_total) / Decimal(m_total) - 1)
    if rest_prior <= 0:
        return RequiredGrowth(remaining, None, None, "上年剩余月份没有产值")
    needed = (1 + target.value / HUNDRED) * (prior + rest_prior) - current
    required = (needed / rest_prior - 1) * HUNDRED
    ytd_rate = current / prior
    expected_new = current + rest_prior * ytd_rate - (prior + rest_prior)
    return RequiredGrowth(remaining, required, fen_to_yi(expected_new))


@dataclass(frozen=True)
class Gap:
    reference: str  # 全国, 全省, 保底目标…
    reference_growth: Decimal
    gap: Decimal  # pp


def gaps(region: Region, indicator: str, period: Period) -> tuple[Actual, list[Gap]]:
    """M03: the region's YTD growth against the nation's and its province's published
    growth (official figures only: a city's files do not cover its province) and against
    its own targets."""
    own = actual(region, indicator, period)
    found: list[Gap] = []
    if own.growth is None:
        return own, found
    for reference in _references(region):
        other = official_actual(reference, indicator, period).growth
        if other is not None:
            label = "全国" if reference.level == Region.Level.NATION else reference.name
            found.append(Gap(label, other, own.growth - other))
    for target in Target.objects.filter(
        region=region, year=period.year, indicator=indicator, kind=Target.Kind.GROWTH
    ):
        label = f"{target.get_tier_display()}目标"
        found.append(Gap(label, target.value, own.growth - target.value))
    return own, found


def _references(region: Region) -> list[Region]:
    """The province above a city or county, and the nation."""
    found = []
    node = region.parent
    while node is not None:
        if node.level in (Region.Level.PROVINCE, Region.Level.NATION):
            found.append(node)
        node = node.parent
    return found
