"""Setting targets, handing them down (T01, T02) and splitting them over the year.

Every change is audited. Decomposition keeps sums exact: shares are rounded to the
target's two decimals and the rounding remainder goes to the largest base, so the
parts of a 亿元 target add up to it to the last 分.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction

from diaodu.accounts.models import Profile
from diaodu.accounts.services import audit
from diaodu.analysis import queries
from diaodu.analysis.indicators import region_indicators
from diaodu.analysis.rules import HUNDRED
from diaodu.analysis.summary import Tree
from diaodu.core.periods import Period
from diaodu.regions.models import Region, RegionFigure
from diaodu.regions.selectors import children_of, is_within, user_region
from diaodu.targets.models import COMPUTED, Target, TargetPart

CENT = Decimal("0.01")
PART_PLACES = Decimal("0.0001")


class TargetError(ValueError):
    """A target that cannot be set or split; the message says why, in Chinese."""


def sets_targets(user: Any) -> bool:
    """Whether the user sets targets anywhere (city staff, county users): a targets file
    from anyone else is refused as a whole, before a row is read."""
    profile: Profile | None = getattr(user, "profile", None)
    if profile is None:
        return bool(getattr(user, "is_superuser", False))
    return profile.role in (
        Profile.Role.CITY_ADMIN,
        Profile.Role.CITY_ANALYST,
        Profile.Role.COUNTY_USER,
    )


def may_set(user: Any, region: Region) -> bool:
    """City staff set the targets of their city and below; county users their county's
    parts (a county splits its own target to its zones); leaders only read."""
    if not sets_targets(user):
        return False
    home = user_region(user)
    return home is not None and is_within(region, home)


def _snapshot(target: Target) -> dict[str, Any]:
    return {
        "region": target.region.code,
        "year": target.year,
        "indicator": target.indicator,
        "kind": target.kind,
        "tier": target.tier,
        "value": str(target.value),
        "unit": target.unit,
        "method": target.method,
    }


@transaction.atomic
def set_target(
    *,
    region: Region,
    year: int,
    indicator: str,
    kind: str,
    value: Decimal,
    by: Any,
    tier: str = Target.Tier.EXPECTED,
    unit: str = "",
    method: str = Target.Method.SET,
    parent: Target | None = None,
    handed_down_by: str = "",
    handed_down_on: dt.date | None = None,
    note: str = "",
) -> Target:
    """Create or change one target; the audit keeps what it was before."""
    if not may_set(by, region):
        raise PermissionError(f"无权设定{region.name}的目标")
    if kind not in Target.Kind.values:
        raise TargetError(f"目标类型应为：{'、'.join(Target.Kind.labels)}")
    if tier not in Target.Tier.values:
        raise TargetError(f"目标档次应为：{'、'.join(Target.Tier.labels)}")
    if kind == Target.Kind.ABSOLUTE and value <= 0:
        raise TargetError(f"{indicator}的总量目标应大于0")
    if kind == Target.Kind.GROWTH and not Decimal(-100) < value < Decimal(1000):
        raise TargetError(f"{indicator}的增速目标 {value}% 不合理")
    unit = unit or ("%" if kind == Target.Kind.GROWTH else "亿元")
    existing = Target.objects.filter(
        region=region, year=year, indicator=indicator, tier=tier
    ).first()
    before = _snapshot(existing) if existing else None
    target = existing or Target(region=region, year=year, indicator=indicator, tier=tier)
    target.kind, target.value, target.unit, target.method = kind, value, unit, method
    target.parent, target.handed_down_by, target.handed_down_on = (
        parent,
        handed_down_by,
        handed_down_on,
    )
    target.note = note
    target.updated_by = by if getattr(by, "is_authenticated", False) else None
    target.save()
    audit(
        actor=by,
        action="set_target",
        target_type="Target",
        target_id=target.pk,
        summary=f"{target}：{value}{unit}",
        before=before,
        after=_snapshot(target),
    )
    return target


# --- handing down to sub-regions ------------------------------------------------------------


def base_value(region: Region, indicator: str, year: int) -> Decimal | None:
    """A region's full-year value of `year` (亿元 for computed indicators): the base a
    target is split by."""
    if indicator in COMPUTED:
        figure = region_indicators(region=region, period=Period(year, 12)).figures[
            COMPUTED[indicator]
        ]
        return Decimal(figure.current).scaleb(-10) if figure.reporting else None
    official = RegionFigure.objects.filter(
        region=region,
        indicator__name=indicator,
        period_kind=RegionFigure.PeriodKind.MONTH,
        period=year * 100 + 12,
        scope=RegionFigure.Scope.YTD,
    ).first()
    return official.value if official else None


def split_by_share(total: Decimal, bases: dict[Region, Decimal]) -> dict[Region, Decimal]:
    """total × base ÷ Σbase, to the cent, the remainder on the largest base: Σ = total."""
    whole = sum(bases.values(), Decimal(0))
    if whole <= 0:
        raise TargetError("各地区上年基数合计为零，无法按占比分解")
    parts = {
        region: (total * base / whole).quantize(CENT, ROUND_HALF_UP)
        for region, base in bases.items()
    }
    largest = max(bases, key=lambda region: (bases[region], region.code))
    parts[largest] += total - sum(parts.values(), Decimal(0))
    return parts


@transaction.atomic
def hand_down(
    target: Target,
    *,
    method: str,
    by: Any,
    on: dt.date,
    values: dict[Region, Decimal] | None = None,
) -> list[Target]:
    """T02: split a target to the sub-regions ("已向县下达…任务").

    share: an absolute target by each sub-region's share of last year's value;
    uniform: a growth target, the same growth for every sub-region;
    manual: typed values, checked — absolute parts must add up to at least the target,
    growth parts weighted by last year's values must reach it."""
    children = children_of(target.region)
    if not children:
        raise TargetError(f"{target.region.name}没有下级地区")
    if method == Target.Method.SHARE:
        if target.kind != Target.Kind.ABSOLUTE:
            raise TargetError("按基数占比分解只适用于总量目标")
        values = split_by_share(target.value, _bases(children, target))
    elif method == Target.Method.UNIFORM:
        if target.kind != Target.Kind.GROWTH:
            raise TargetError("按同一增速分解只适用于增速目标")
        values = {child: target.value for child in children}
    elif method == Target.Method.MANUAL:
        values = _checked_manual(target, children, values or {})
    else:
        raise TargetError(f"未知的分解方式：{method}")
    return [
        set_target(
            region=child,
            year=target.year,
            indicator=target.indicator,
            kind=target.kind,
            value=value,
            by=by,
            tier=target.tier,
            unit=target.unit,
            method=method,
            parent=target,
            handed_down_by=target.region.name,
            handed_down_on=on,
        )
        for child, value in values.items()
    ]


def _bases(children: list[Region], target: Target) -> dict[Region, Decimal]:
    bases = {}
    missing = []
    for child in children:
        base = base_value(child, target.indicator, target.year - 1)
        if base is None:
            missing.append(child.name)
        else:
            bases[child] = base
    if missing:
        raise TargetError(f"缺少{target.year - 1}年全年基数：{'、'.join(missing)}")
    return bases


def _checked_manual(
    target: Target, children: list[Region], values: dict[Region, Decimal]
) -> dict[Region, Decimal]:
    strangers = [region.name for region in values if region not in children]
    if strangers:
        raise TargetError(f"不是{target.region.name}的下级地区：{'、'.join(strangers)}")
    if target.kind == Target.Kind.ABSOLUTE:
        total = sum(values.values(), Decimal(0))
        if total < target.value:
            raise TargetError(
                f"各地区目标合计 {total}{target.unit}，少于{target.region.name}的目标 "
                f"{target.value}{target.unit}"
            )
        return values
    bases = _bases([region for region in children if region in values], target)
    reached = sum((bases[r] * (1 + values[r] / HUNDRED) for r in values), Decimal(0))
    needed = sum(bases.values(), Decimal(0)) * (1 + target.value / HUNDRED)
    if reached < needed:
        weighted = (reached / sum(bases.values(), Decimal(0)) - 1) * HUNDRED
        raise TargetError(
            f"按上年基数加权，各地区目标合计增长 {weighted.quantize(Decimal('0.01'))}%，"
            f"低于{target.region.name}的目标 {target.value}%"
        )
    return values


# --- over the year ------------------------------------------------------------------------


def seasonal_profile(region: Region, year: int, years_back: int = 3) -> dict[int, Decimal]:
    """Month → the share of the full year reached by that month's YTD, averaged over the
    past years that have December. Months no file reported (January, when 1—2月 came
    together) are left out."""
    scope = Tree().descendants(region.pk)
    totals = queries.ytd_output_by_period(
        scope, (year - years_back) * 100 + 1, (year - 1) * 100 + 12
    )
    shares: dict[int, list[Decimal]] = {}
    for past in range(year - years_back, year):
        december = totals.get(past * 100 + 12)
        if not december:
            continue
        for month in range(1, 13):
            ytd = totals.get(past * 100 + month)
            if ytd:
                shares.setdefault(month, []).append(Decimal(ytd) / Decimal(december))
    if 12 not in shares:
        raise TargetError(
            f"{region.name}缺少{year - years_back}至{year - 1}年的全年月报，无法按季节分解"
        )
    return {
        month: sum(values, Decimal(0)) / len(values) for month, values in sorted(shares.items())
    }


@transaction.atomic
def split_over_time(target: Target, *, by: Any) -> list[TargetPart]:
    """T02 over time: months, quarters and 旬.

    An absolute target: each month's amount by the region's seasonal profile (the
    cumulative share reached by the month, averaged over past years), each quarter the
    sum of its months, each 旬 its month's amount by days (10, 10, the rest). A growth
    target: the same cumulative growth to hold at every month, quarter and 旬."""
    if not may_set(by, target.region):
        raise PermissionError(f"无权分解{target.region.name}的目标")
    target.time_parts.all().delete()
    if target.kind == Target.Kind.GROWTH:
        monthly = {month: target.value for month in range(1, 13)}
    else:
        monthly = _monthly_amounts(target)
    parts = [TargetPart(target=target, span="month", index=m, value=v) for m, v in monthly.items()]
    for quarter in range(1, 5):
        months = [m for m in range(quarter * 3 - 2, quarter * 3 + 1) if m in monthly]
        value = (
            target.value
            if target.kind == Target.Kind.GROWTH
            else sum((monthly[m] for m in months), Decimal(0))
        )
        parts.append(TargetPart(target=target, span="quarter", index=quarter, value=value))
    for month, value in monthly.items():
        for dekad, amount in enumerate(_by_dekad(target, month, value), start=1):
            parts.append(
                TargetPart(target=target, span="dekad", index=month * 10 + dekad, value=amount)
            )
    TargetPart.objects.bulk_create(parts)
    audit(
        actor=by,
        action="split_target",
        target_type="Target",
        target_id=target.pk,
        summary=f"{target}分解到月、季、旬",
        after={str(m): str(v) for m, v in monthly.items()},
    )
    return parts


def _monthly_amounts(target: Target) -> dict[int, Decimal]:
    """Cumulative targets rounded to 4 places, months as differences: Σ = the target."""
    profile = seasonal_profile(target.region, target.year)
    cumulative = {
        month: (target.value * share).quantize(PART_PLACES, ROUND_HALF_UP)
        for month, share in profile.items()
    }
    cumulative[12] = target.value
    amounts, before = {}, Decimal(0)
    for month in sorted(cumulative):
        amounts[month] = cumulative[month] - before
        before = cumulative[month]
    return amounts


def _by_dekad(target: Target, month: int, value: Decimal) -> list[Decimal]:
    if target.kind == Target.Kind.GROWTH:
        return [value, value, value]
    days = (Period(target.year, month).last_day - dt.date(target.year, month, 1)).days + 1
    first = (value * 10 / days).quantize(PART_PLACES, ROUND_HALF_UP)
    return [first, first, value - 2 * first]
