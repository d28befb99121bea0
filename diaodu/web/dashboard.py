"""The dashboard (驾驶舱) of a region and a month, gathered from the analysis, appeals and
projects functions. Every figure comes from them; this module only picks and labels."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from diaodu.analysis.indicators import RegionIndicators, region_indicators
from diaodu.analysis.ranking import (
    FigurePeriod,
    RankingError,
    indicator_named,
    peer_trends,
    ranking,
)
from diaodu.analysis.rules import change
from diaodu.analysis.summary import (
    DispatchSummary,
    MonthPoint,
    Tree,
    dispatch_summary,
    year_trend,
)
from diaodu.appeals.statistics import Tally, appeal_statistics
from diaodu.core.periods import Period
from diaodu.core.ranking import rank_change
from diaodu.projects.progress import ProgressLine, project_progress
from diaodu.projects.selectors import visible_projects
from diaodu.regions.models import Region
from diaodu.reports import words
from diaodu.targets.models import Target
from diaodu.targets.progress import target_progress
from diaodu.warnings.models import LEVELS, Level, Warning
from diaodu.warnings.services import visible_warnings
from diaodu.web import tables
from diaodu.web.tables import Table

# The official indicator whose published growth ranks a region among its peers.
RANKED_INDICATOR = "规上工业增加值"
# The output target the headline card is held against: the expected tier (预期目标).
OUTPUT_TARGET = "规上工业总产值"
# Appeals are counted from any date: an appeal raised years ago and still open is work now.
APPEALS_SINCE = dt.date(2000, 1, 1)


@dataclass(frozen=True)
class Card:
    """One headline figure: the amount, its growth and the change since the last report."""

    key: str  # names the figure for tests and for the page's anchors
    title: str
    amount: str
    unit: str
    growth: Decimal | None
    change: Decimal | None
    change_label: str
    word: str = ""  # 扭亏, 由盈转亏… where a profit has no rate
    target_gap: Decimal | None = None  # growth − the expected target, pp (targets app)
    target_label: str = ""  # "较预期目标7.0%"


@dataclass(frozen=True)
class RankLine:
    title: str
    among: str
    growth: Decimal | None
    rank: int
    of: int
    rank_change: int | None
    gap: Decimal | None = None
    gap_label: str = ""
    source: str = ""


@dataclass(frozen=True)
class LevelCount:
    """Open warnings (new or sent) of one level under the region."""

    level: str
    label: str
    count: int


@dataclass
class Dashboard:
    region: Region
    period: Period
    summary: DispatchSummary
    months: list[MonthPoint]
    cards: list[Card]
    ranks: list[RankLine]
    appeals: Tally
    behind: list[ProgressLine]
    late_start: list[ProgressLine]
    monitored: int
    warnings: list[LevelCount] = field(default_factory=list)
    charts: dict[str, Any] = field(default_factory=dict)

    @property
    def open_warnings(self) -> int:
        return sum(line.count for line in self.warnings)


def _number(value: Decimal | None) -> float | None:
    """A rate for the charts, rounded as the page prints it."""
    return None if value is None else float(words.round_half_up(value))


def _indicator_card(
    key: str, title: str, now: RegionIndicators, before: RegionIndicators | None, label: str
) -> Card:
    figure = now.figures[key]
    earlier = before.figures[key].growth if before else None
    amount = words.yi(figure.current) if figure.unit == "万元" else kwh(figure.current)
    card = Card(
        key=key,
        title=title,
        amount=amount,
        unit="亿元" if figure.unit == "万元" else "万千瓦时",
        growth=figure.growth,
        change=change(figure.growth, earlier),
        change_label=label,
    )
    profit = figure.profit
    if profit is not None and profit.word not in ("增长", "下降"):
        # A loss on either side has no growth rate: 扭亏, 由盈转亏, or how much the loss
        # shrank or grew (减亏/增亏 with its own rate), and no change in points to show.
        return replace(card, growth=profit.rate, change=None, change_label="", word=profit.word)
    return card


def kwh(value: int) -> str:
    """千瓦时 shown in 万千瓦时, one decimal."""
    return f"{words.round_half_up(Decimal(value) / 10_000):,}"


def _cards(summary: DispatchSummary, months: list[MonthPoint], region: Region) -> list[Card]:
    previous = next((p for p in months if p.period == summary.previous_period), None)
    now = region_indicators(region=region, period=summary.period)
    before = region_indicators(region=region, period=previous.period) if previous else None
    ytd_label = f"较{previous.ytd_label}" if previous else ""
    month_label = f"较{previous.period.month}月" if previous else ""
    return [
        Card(
            "output_ytd",
            f"规上工业总产值（{summary.ytd_label}）",
            words.yi(summary.ytd.current),
            "亿元",
            summary.ytd.growth,
            summary.ytd_growth_change,
            ytd_label,
        ),
        Card(
            "output_month",
            f"当月工业总产值（{summary.period.month}月）",
            words.yi(summary.month.current),
            "亿元",
            summary.month.growth,
            change(summary.month.growth, previous.month.growth if previous else None),
            month_label,
        ),
        _indicator_card("revenue", f"营业收入（{summary.ytd_label}）", now, before, ytd_label),
        _indicator_card("profit", f"利润总额（{summary.ytd_label}）", now, before, ytd_label),
        _indicator_card(
            "power", f"工业用电量（{summary.period.month}月）", now, before, month_label
        ),
    ]


def _with_target(card: Card, target: Target | None, period: Period) -> Card:
    """The YTD output card with its gap to the region's expected growth target, if set."""
    if target is None:
        return card
    progress = target_progress(target, period)
    label = f"较{target.get_tier_display()}目标{words.pct(target.value)}%"
    return replace(card, target_gap=progress.gap, target_label=label)


def warning_counts(region: Region, user: Any) -> list[LevelCount]:
    """The open warnings the user may see under the region, by level, red first."""
    rows = (
        visible_warnings(user)
        .filter(
            region_id__in=Tree().descendants(region.pk),
            state__in=(Warning.State.NEW, Warning.State.SENT),
        )
        .order_by()
        .values_list("level")
        .annotate(count=Count("id"))
    )
    found = dict(rows)
    return [
        LevelCount(str(level), str(Level(level).label), found.get(level, 0)) for level in LEVELS
    ]


def _official_rank(region: Region, period: Period) -> RankLine | None:
    """The region's place among its parent's children by the published value-added growth."""
    if region.parent is None:
        return None
    try:
        indicator = indicator_named(RANKED_INDICATOR)
    except RankingError:
        return None
    result = ranking(
        parent=region.parent, indicator=indicator, period=FigurePeriod("month", period.key)
    )
    item = next((i for i in result.items if i.code == region.code), None)
    if item is None:
        return None
    return RankLine(
        title=f"{RANKED_INDICATOR}增速排名",
        among=f"{region.parent.name}下辖地区",
        source="统计部门发布",
        growth=item.growth,
        rank=item.rank,
        of=len(result.items),
        rank_change=item.rank_change,
        gap=item.gap_to_reference,
        gap_label=f"与{region.parent.name}相比" if result.reference_growth is not None else "",
    )


def _sibling_rank(region: Region, summary: DispatchSummary) -> RankLine | None:
    """A county's place among the parent's counties by the output growth of the facts."""
    parent = region.parent
    if parent is None or region.level not in (Region.Level.COUNTY, Region.Level.ZONE):
        return None
    lines = dispatch_summary(region=parent, period=summary.period).subregions
    line = next((x for x in lines if x.code == region.code), None)
    if line is None or line.rank is None:
        return None
    earlier = None
    if summary.previous_period:
        before = dispatch_summary(region=parent, period=summary.previous_period).subregions
        earlier = next((x.rank for x in before if x.code == region.code), None)
    return RankLine(
        title="规上工业总产值增速排名",
        among=f"{parent.name}各县区",
        growth=line.ytd.growth,
        rank=line.rank,
        of=sum(1 for x in lines if x.rank is not None),
        rank_change=rank_change(earlier, line.rank),
    )


def _trend(region: Region, months: list[MonthPoint], target: Target | None) -> dict[str, Any]:
    """Growth by month, against the expected growth target and the peers' published
    growth of the same indicator (grey lines: they are context, not this region)."""
    periods = [point.period for point in months]
    peers = peer_trends(region, periods, OUTPUT_TARGET) if periods else None
    return {
        "labels": [s.ytd_label for s in months],
        "series": [
            {"name": "累计增速", "values": [_number(s.ytd.growth) for s in months]},
            {"name": "当月增速", "values": [_number(s.month.growth) for s in months]},
        ],
        "peers": [
            {"name": peer.name, "values": [_number(value) for value in peer.growths]}
            for peer in (peers.peers if peers else ())
        ],
        "peer_group": peers.group if peers else "",
        "target": None
        if target is None
        else {"name": f"{target.get_tier_display()}目标", "value": _number(target.value)},
        "unit": "%",
    }


def _growth_target(region: Region, period: Period) -> Target | None:
    """The region's expected growth target for output in the period's year, if set."""
    return Target.objects.filter(
        region=region,
        year=period.year,
        indicator=OUTPUT_TARGET,
        tier=Target.Tier.EXPECTED,
        kind=Target.Kind.GROWTH,
    ).first()


def _charts(
    summary: DispatchSummary, months: list[MonthPoint], region: Region, target: Target | None
) -> dict[str, Any]:
    counties = sorted(summary.subregions, key=lambda line: (line.rank is None, line.rank or 0))
    industries = sorted(
        (line for line in summary.industries if line.pull is not None),
        key=lambda line: line.pull or 0,
    )
    return {
        "trend": _trend(region, months, target),
        "counties": {
            "labels": [
                f"{line.name}（第{line.rank}）" if line.rank else line.name for line in counties
            ],
            "values": [_number(line.ytd.growth) for line in counties],
            "links": [
                reverse("web:region", args=[line.code]) + f"?period={summary.period}"
                for line in counties
            ],
            "unit": "%",
        },
        "industries": {
            "labels": [line.name or line.code for line in industries],
            "values": [_number(line.pull) for line in industries],
            "unit": "百分点",
        },
    }


def build_dashboard(*, region: Region, period: Period, user: Any) -> Dashboard | None:
    """None when the region has no figures for the period."""
    summary = dispatch_summary(region=region, period=period)
    if not summary.enterprises:
        return None
    months = year_trend(region=region, period=period)
    progress = project_progress(region, period, projects=visible_projects(user))
    ranks = [_official_rank(region, period), _sibling_rank(region, summary)]
    cards = _cards(summary, months, region)
    target = _growth_target(region, period)
    cards[0] = _with_target(cards[0], target, period)
    return Dashboard(
        region=region,
        period=period,
        summary=summary,
        months=months,
        cards=cards,
        ranks=[line for line in ranks if line is not None],
        appeals=appeal_statistics(region, APPEALS_SINCE, timezone.localdate()).total,
        behind=[line for line in progress.lines if line.behind],
        late_start=[line for line in progress.lines if line.late_start],
        monitored=len(progress.lines),
        warnings=warning_counts(region, user),
        charts=_charts(summary, months, region, target),
    )


# --- the dashboard's tables, also exported ------------------------------------------------


def county_table(summary: DispatchSummary) -> Table:
    table = Table(
        "counties",
        f"{summary.region_name}{summary.ytd_label}各县区规上工业总产值",
        [
            "县区",
            "累计产值（万元）",
            "增速（%）",
            "较上期增减（百分点）",
            "比重（%）",
            "拉动（百分点）",
            "排名",
        ],
        numeric=frozenset(range(1, 7)),
    )
    query = f"?period={summary.period}"
    for line in summary.subregions:
        table.add(
            tables.text(line.name, reverse("web:region", args=[line.code]) + query),
            tables.wan(line.ytd.current),
            tables.rate(line.ytd.growth),
            tables.rate(line.ytd_growth_change),
            tables.rate(line.share, coloured=False),
            tables.rate(line.pull),
            tables.count(line.rank),
        )
    return table


def industry_table(summary: DispatchSummary) -> Table:
    table = Table(
        "industries",
        f"{summary.region_name}{summary.ytd_label}分行业（大类）规上工业总产值",
        ["行业大类", "累计产值（万元）", "增速（%）", "拉动（百分点）", "贡献率（%）"],
        numeric=frozenset(range(1, 5)),
    )
    link = reverse("web:enterprises", args=[summary.region_code])
    for line in summary.industries:
        table.add(
            tables.text(
                f"{line.code} {line.name}", f"{link}?period={summary.period}&division={line.code}"
            ),
            tables.wan(line.ytd.current),
            tables.rate(line.ytd.growth),
            tables.rate(line.pull),
            tables.rate(line.contribution, coloured=False),
        )
    return table
