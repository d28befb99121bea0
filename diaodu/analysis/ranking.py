"""Ranks among peers from official figures (M04, M05, M24; contracts/region-indicators.md).

The statistics bureau publishes growth to one decimal, so ties are the rule: ranks are
competition ranks on the figures as published, never on more digits than were given.
Regions without a figure are left out, not ranked last."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from diaodu.core.memo import per_data_version
from diaodu.core.periods import Period
from diaodu.core.ranking import competition_ranks, rank_change
from diaodu.regions.models import Indicator, Region, RegionFigure
from diaodu.regions.services import first_tier_size, peer_group_for_children

SCOPE_NAMES = {"累计": RegionFigure.Scope.YTD, "当月": RegionFigure.Scope.MONTH}


class RankingError(ValueError):
    """A question that cannot be answered; the message is for users, in Chinese."""


@dataclass(frozen=True)
class FigurePeriod:
    """A period of official figures: a month (202406), a quarter (20242) or a year (2024)."""

    kind: str
    key: int

    @property
    def year(self) -> int:
        return {"month": self.key // 100, "quarter": self.key // 10}.get(self.kind, self.key)

    def __str__(self) -> str:
        if self.kind == "month":
            return str(Period.from_key(self.key))
        if self.kind == "quarter":
            return f"{self.key // 10}Q{self.key % 10}"
        return str(self.key)


@dataclass
class RankItem:
    code: str
    name: str
    growth: Decimal
    rank: int
    rank_change: int | None
    first_tier: bool
    gap_to_reference: Decimal | None
    previous_rank: int | None = None
    tier_move: str | None = None  # M05: 进入 / 跌出 the first tier since the previous period
    first_tier_streak: int = 0  # M24: periods in a row in the first tier, this one included
    first_place_streak: int = 0  # M24: periods in a row ranked first


@dataclass
class Ranking:
    parent: Region
    indicator: Indicator
    period: FigurePeriod
    scope: str  # 累计 or 当月
    reference_growth: Decimal | None
    first_tier_size: int
    previous_period: FigurePeriod | None
    items: list[RankItem] = field(default_factory=list)


def indicator_named(name: str) -> Indicator:
    """An indicator of the catalogue by its name or an alias users added."""
    found = Indicator.objects.filter(name=name.strip()).first()
    if found is None:
        found = Indicator.objects.filter(aliases__alias=name.strip()).first()
    if found is None:
        raise RankingError(f"指标目录中没有“{name}”")
    return found


def figure_period(text: str) -> FigurePeriod:
    from diaodu.ingest.indicators import parse_figure_period

    try:
        kind, key = parse_figure_period(text)
    except ValueError as problem:
        raise RankingError(f"报告期“{text}”无法识别：{problem}") from None
    return FigurePeriod(kind, key)


def scope_named(text: str) -> str:
    if text not in SCOPE_NAMES:
        raise RankingError("口径应为“累计”或“当月”")
    return text


Growths = dict[int, tuple[str, str, Decimal]]  # region id → (code, name, growth)


def _series(
    parent: Region, indicator: Indicator, period: FigurePeriod, scope: str
) -> dict[int, Growths]:
    """period key → the growths of the parent's children, for every published period of
    this kind up to `period` (one query; the streaks need the whole series)."""
    rows = RegionFigure.objects.filter(
        indicator=indicator,
        period_kind=period.kind,
        period__lte=period.key,
        scope=SCOPE_NAMES[scope],
        region__parent=parent,
        region__retired=False,
        growth__isnull=False,
    ).values_list("period", "region_id", "region__code", "region__name", "growth")
    series: dict[int, Growths] = {}
    for key, region_id, code, name, growth in rows:
        if growth is not None:  # excluded by the query; says so to the type checker
            series.setdefault(key, {})[region_id] = (code, name, growth)
    return series


def _ranks(growths: Growths) -> dict[int, int]:
    ids = list(growths)
    ranks = competition_ranks([growths[region_id][2] for region_id in ids])
    return {region_id: rank for region_id, rank in zip(ids, ranks, strict=True) if rank}


def _streak(region_id: int, ranked: list[dict[int, int]], holds) -> int:
    """How many periods in a row, back from the latest, the region's rank satisfied `holds`.
    The series is the periods as published: a month the bureau never publishes (January
    of a 1—2月 year) is not a gap; a period where the region has no figure ends it."""
    count = 0
    for ranks in reversed(ranked):
        rank = ranks.get(region_id)
        if rank is None or not holds(rank):
            break
        count += 1
    return count


@per_data_version
def ranking(
    *, parent: Region, indicator: Indicator, period: FigurePeriod, scope: str = "累计"
) -> Ranking:
    """The parent's direct children ranked by the indicator's growth, highest first."""
    series = _series(parent, indicator, period, scope)
    growths = series.get(period.key, {})
    keys = sorted(series)
    ranked = [_ranks(series[key]) for key in keys]
    ranks = ranked[-1] if keys and keys[-1] == period.key else {}
    earlier = [
        key
        for key in keys
        if key < period.key and FigurePeriod(period.kind, key).year == period.year
    ]
    previous = (
        FigurePeriod(period.kind, max(earlier)) if earlier and period.kind != "year" else None
    )
    previous_ranks = _ranks(series[previous.key]) if previous else {}
    reference = (
        RegionFigure.objects.filter(
            region=parent,
            indicator=indicator,
            period_kind=period.kind,
            period=period.key,
            scope=SCOPE_NAMES[scope],
        )
        .values_list("growth", flat=True)
        .first()
    )
    k = first_tier_size(parent)
    result = Ranking(parent, indicator, period, scope, reference, k, previous)
    for region_id in sorted(growths, key=lambda rid: (ranks[rid], growths[rid][0])):
        code, name, growth = growths[region_id]
        rank = ranks[region_id]
        before = previous_ranks.get(region_id)
        result.items.append(
            RankItem(
                code=code,
                name=name,
                growth=growth,
                rank=rank,
                rank_change=rank_change(before, rank) if previous else None,
                first_tier=rank <= k,
                gap_to_reference=None if reference is None else growth - reference,
                previous_rank=before,
                tier_move=_tier_move(before, rank, k) if previous else None,
                first_tier_streak=_streak(region_id, ranked, lambda r: r <= k),
                first_place_streak=_streak(region_id, ranked, lambda r: r == 1),
            )
        )
    return result


def _tier_move(before: int | None, now: int, k: int) -> str | None:
    """M05: 进入 (entered the first tier) or 跌出 (fell out of it), else None."""
    if before is None:
        return None
    if before > k >= now:
        return "进入"
    if before <= k < now:
        return "跌出"
    return None


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value.normalize())


def ranking_as_json(result: Ranking) -> dict[str, Any]:
    """The contract's JSON (contracts/region-indicators.md), figures as published."""
    return {
        "parent": result.parent.code,
        "indicator": result.indicator.name,
        "period": str(result.period),
        "scope": result.scope,
        "reference_growth": _number(result.reference_growth),
        "first_tier_size": result.first_tier_size,
        "previous_period": str(result.previous_period) if result.previous_period else None,
        "items": [
            {
                "code": item.code,
                "name": item.name,
                "growth": _number(item.growth),
                "rank": item.rank,
                "rank_change": item.rank_change,
                "first_tier": item.first_tier,
                "gap_to_reference": _number(item.gap_to_reference),
                "previous_rank": item.previous_rank,
                "tier_move": item.tier_move,
                "first_tier_streak": item.first_tier_streak,
                "first_place_streak": item.first_place_streak,
            }
            for item in result.items
        ],
    }


@dataclass(frozen=True)
class PeerSeries:
    """One peer's published YTD growth (%) at each asked month; None: not published."""

    code: str
    name: str
    growths: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class PeerTrends:
    group: str  # the peer group's name (全省地级市…); "" without one
    peers: tuple[PeerSeries, ...]  # in the order of the latest month's ranking


def peer_trends(region: Region, periods: Sequence[Period], indicator_name: str) -> PeerTrends:
    """The region's peers' published YTD growth of an indicator at `periods` (the trend
    charts of the dashboard and the bulletin); empty without a peer group or figures."""
    return _peer_trends(region, tuple(periods), indicator_name)


@per_data_version
def _peer_trends(region: Region, periods: tuple[Period, ...], indicator_name: str) -> PeerTrends:
    parent = region.parent
    group = peer_group_for_children(parent) if parent else None
    if parent is None or group is None:
        return PeerTrends("", ())
    try:
        indicator = indicator_named(indicator_name)
    except RankingError:  # an installation that dropped it from the catalogue
        return PeerTrends("", ())
    latest = FigurePeriod("month", max(period.key for period in periods))
    series = _series(parent, indicator, latest, "累计")  # every month up to the latest, at once
    wanted = {period.key for period in periods}
    names: dict[str, str] = {}
    growths: dict[str, dict[int, Decimal | None]] = {}
    ranked = ranking(parent=parent, indicator=indicator, period=latest)
    order = {item.code: index for index, item in enumerate(ranked.items)}  # latest first
    for key in sorted(wanted & series.keys(), reverse=True):
        for code, name, growth in sorted(series[key].values()):
            if code != region.code:
                names.setdefault(code, name)
                growths.setdefault(code, {})[key] = growth
    peers = tuple(
        PeerSeries(code, names[code], tuple(growths[code].get(period.key) for period in periods))
        for code in sorted(names, key=lambda code: (order.get(code, len(order)), code))
    )
    return PeerTrends(group.name if peers else "", peers)
