"""T05 assessment and T06 multi-year goals.

T05: "月度、季度指标欠账扣分在年度考核中体现" — for each sub-region taking part, every
month its target is not on track costs the monthly deduction, every quarter-end month
not on track the quarterly one; the score is the points less the deductions, never
below zero. Months without figures (January, reported with February) cost nothing.

T06: "三年翻两番" means ×4 in 3 years: the implied yearly growth is 4^(1/3) − 1 = 58.74 %.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

from diaodu.analysis.rules import HUNDRED
from diaodu.core.periods import Period
from diaodu.regions.models import Region
from diaodu.regions.selectors import children_of
from diaodu.targets.models import AssessmentScheme, Target
from diaodu.targets.progress import target_progress
from diaodu.targets.services import base_value

QUARTER_ENDS = (3, 6, 9, 12)


@dataclass(frozen=True)
class Deduction:
    period: Period
    span: str  # 月, 季
    points: Decimal
    gap: Decimal | None  # pp behind (growth targets)
    completion: Decimal | None  # % done (absolute targets)


@dataclass(frozen=True)
class Score:
    region: Region
    points: Decimal
    deductions: list[Deduction]

    @property
    def lost(self) -> Decimal:
        return sum((d.points for d in self.deductions), Decimal(0))

    @property
    def score(self) -> Decimal:
        return max(self.points - self.lost, Decimal(0))


def assessment(scheme: AssessmentScheme, period: Period) -> list[Score]:
    """Each sub-region's running score up to `period`, highest first."""
    scores = []
    for child in children_of(scheme.region):
        target = _assessed_target(child, scheme)
        if target is None:
            continue
        deductions = []
        for month in range(1, period.month + 1):
            progress = target_progress(target, Period(period.year, month))
            if progress.on_track is not False:
                continue
            for span, points in (
                ("月", scheme.monthly_deduction),
                ("季", scheme.quarterly_deduction),
            ):
                if points and (span == "月" or month in QUARTER_ENDS):
                    deductions.append(
                        Deduction(
                            Period(period.year, month),
                            span,
                            points,
                            progress.gap,
                            progress.completion,
                        )
                    )
        scores.append(Score(child, scheme.points, deductions))
    return sorted(scores, key=lambda s: (-s.score, s.region.code))


def _assessed_target(region: Region, scheme: AssessmentScheme) -> Target | None:
    """The expected (预期) target, or the floor (保底) where only that was set."""
    targets = Target.objects.filter(region=region, year=scheme.year, indicator=scheme.indicator)
    return (
        targets.filter(tier=Target.Tier.EXPECTED).first()
        or targets.filter(tier=Target.Tier.FLOOR).first()
    )


def implied_growth(multiplier: Decimal, years: int) -> Decimal:
    """The yearly growth (%) that multiplies a value by `multiplier` in `years` years."""
    if multiplier <= 0 or years <= 0:
        raise ValueError("倍数和年数应大于0")
    with localcontext() as context:
        context.prec = 28
        return (multiplier ** (Decimal(1) / Decimal(years)) - 1) * HUNDRED


@dataclass(frozen=True)
class GoalProgress:
    region: Region
    base: Decimal
    latest: Decimal
    achieved: Decimal  # latest ÷ base
    yearly_growth: Decimal  # % a year since the base year
    required_growth: Decimal  # % a year the goal implies
    on_track: bool


def multi_year_ranking(
    parent: Region,
    indicator: str,
    *,
    base_year: int,
    latest_year: int,
    multiplier: Decimal,
    years: int,
) -> list[GoalProgress]:
    """T06 "'两年翻番县'中排位": sub-regions ranked by their yearly growth since the base year
    against the growth the goal implies."""
    if latest_year <= base_year:
        raise ValueError("最新年度应晚于基期年度")
    required = implied_growth(multiplier, years)
    elapsed = Decimal(latest_year - base_year)
    found = []
    for child in children_of(parent):
        base = base_value(child, indicator, base_year)
        latest = base_value(child, indicator, latest_year)
        if not base or latest is None:
            continue
        achieved = latest / base
        with localcontext() as context:
            context.prec = 28
            yearly = (achieved ** (1 / elapsed) - 1) * HUNDRED if achieved > 0 else Decimal(-100)
        found.append(
            GoalProgress(child, base, latest, achieved, yearly, required, yearly >= required)
        )
    return sorted(found, key=lambda g: (-g.yearly_growth, g.region.code))
