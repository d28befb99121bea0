"""The figures beside output (M06, M17, M18, M25): revenue, profit, sales, exports and
electricity of a region for a period, each on the same basis (同口径): only the
enterprises that reported both this year's and last year's figure are summed, so a
figure left blank never shows up as a fall."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from diaodu.analysis import queries
from diaodu.analysis.rules import HUNDRED, change, growth, share
from diaodu.analysis.summary import Tree
from diaodu.core.codes import NATION_CODE
from diaodu.core.memo import per_data_version, remember
from diaodu.core.money import fen_to_wan
from diaodu.core.periods import Period
from diaodu.regions.models import Region

# name → (label, unit, this year's field, last year's field)
FIGURES = {
    "output_month": ("工业总产值（当月）", "万元", "output_month", "output_month_prior"),
    "output": ("工业总产值（累计）", "万元", "output_ytd", "output_ytd_prior"),
    "revenue": ("营业收入（累计）", "万元", "revenue_ytd", "revenue_ytd_prior"),
    "profit": ("利润总额（累计）", "万元", "profit_ytd", "profit_ytd_prior"),
    "sales": ("工业销售产值（累计）", "万元", "sales_ytd", "sales_ytd_prior"),
    "export": ("出口交货值（累计）", "万元", "export_ytd", "export_ytd_prior"),
    "power": ("用电量（当月）", "千瓦时", "power_month", "power_month_prior"),
}


@dataclass(frozen=True)
class ProfitChange:
    """M17 for a figure that can be negative: the word and, where it has one, the rate (%).

    增长/下降: both years in profit (or from zero loss to profit is 扭亏); 由盈转亏: profit
    last year, loss now; 扭亏: loss last year, no loss now; 减亏/增亏: losses both years,
    the rate being how much the loss shrank or grew."""

    word: str
    rate: Decimal | None


def profit_change(current: int, prior: int) -> ProfitChange:
    if prior > 0:
        if current < 0:
            return ProfitChange("由盈转亏", None)
        rate = growth(current, prior)
        return ProfitChange("增长" if current >= prior else "下降", rate)
    if prior < 0:
        if current >= 0:
            return ProfitChange("扭亏", None)
        rate = (Decimal(-current) - Decimal(-prior)) / Decimal(-prior) * HUNDRED
        if current == prior:
            return ProfitChange("亏损持平", Decimal(0))
        return ProfitChange("增亏" if current < prior else "减亏", abs(rate))
    return ProfitChange("上年同期为零", None)


@dataclass(frozen=True)
class Figure:
    name: str
    label: str
    unit: str
    current: int  # 分, or 千瓦时 for power
    prior: int
    reporting: int  # enterprises with both years' figure
    growth: Decimal | None
    profit: ProfitChange | None = None


@dataclass(frozen=True)
class SalesRatio:
    """M25 产销率 = 工业销售产值 ÷ 工业总产值 × 100, YTD, over the enterprises reporting
    sales both years, this year and last, and the change in percentage points."""

    current: Decimal | None
    prior: Decimal | None
    change: Decimal | None


@dataclass(frozen=True)
class RegionIndicators:
    region_code: str
    region_name: str
    period: Period
    enterprises: int
    figures: dict[str, Figure]
    sales_ratio: SalesRatio


def _both(current: str, prior: str) -> Q:
    return Q(**{f"{current}__isnull": False, f"{prior}__isnull": False})


def _aggregates() -> dict[str, Any]:
    sums: dict[str, Any] = {"enterprises": Count("id")}
    for name, (_, _, current, prior) in FIGURES.items():
        both = _both(current, prior)
        sums[f"{name}_c"] = Sum(current, filter=both)
        sums[f"{name}_p"] = Sum(prior, filter=both)
        sums[f"{name}_n"] = Count("id", filter=both)
    sales_basis = _both("sales_ytd", "sales_ytd_prior")
    sums["output_for_sales_c"] = Sum("output_ytd", filter=sales_basis)
    sums["output_for_sales_p"] = Sum("output_ytd_prior", filter=sales_basis)
    return sums


@per_data_version
def region_indicators(*, region: Region, period: Period) -> RegionIndicators:
    """One aggregate query over the region's facts of the period."""
    scope = None if region.code == NATION_CODE else Tree().descendants(region.pk)
    row = queries.facts_in(scope, period.key).aggregate(**_aggregates())
    return _from_sums(region, period, row)


def subregion_indicators(*, region: Region, period: Period) -> dict[int, RegionIndicators]:
    """region_indicators of every direct sub-region of `region`, from one query grouped
    by county (a targets page compares a dozen of them); inside a reading each answer is
    also remembered as region_indicators' own."""
    tree = Tree()
    children = {child: tree.nodes[child] for child in tree.children(region.pk)}
    scope = None if region.code == NATION_CODE else tree.descendants(region.pk)
    rows = queries.facts_in(scope, period.key).values("county_id").annotate(**_aggregates())
    sums: dict[int, dict[str, int]] = {child: {} for child in children}
    for row in rows:
        child = tree.child_under(region.pk, row.pop("county_id"))
        if child is None:
            continue  # facts on the region itself belong to no sub-region
        into = sums[child]
        for name, value in row.items():
            into[name] = into.get(name, 0) + (value or 0)
    found = {}
    for child, (_, code, name, _, _) in children.items():
        child_region = Region(pk=child, code=code, name=name)
        found[child] = _from_sums(child_region, period, sums[child])
        remember(region_indicators, found[child], region=child_region, period=period)
    return found


def _from_sums(region: Region, period: Period, row: dict[str, Any]) -> RegionIndicators:
    figures = {}
    for name, (label, unit, _, _) in FIGURES.items():
        current, prior = row.get(f"{name}_c") or 0, row.get(f"{name}_p") or 0
        figures[name] = Figure(
            name=name,
            label=label,
            unit=unit,
            current=current,
            prior=prior,
            reporting=row.get(f"{name}_n") or 0,
            growth=growth(current, prior),
            profit=profit_change(current, prior) if name == "profit" else None,
        )
    sales = figures["sales"]
    ratio_now = share(sales.current, row.get("output_for_sales_c") or 0)
    ratio_then = share(sales.prior, row.get("output_for_sales_p") or 0)
    return RegionIndicators(
        region_code=region.code,
        region_name=region.name,
        period=period,
        enterprises=row.get("enterprises") or 0,
        figures=figures,
        sales_ratio=SalesRatio(ratio_now, ratio_then, change(ratio_now, ratio_then)),
    )


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def indicators_as_json(result: RegionIndicators) -> dict[str, Any]:
    """Money in 万元, power in 千瓦时, growth and ratios in %, changes in pp, unrounded."""

    def amount(figure: Figure, value: int) -> float:
        return float(fen_to_wan(value)) if figure.unit == "万元" else float(value)

    return {
        "region": {"code": result.region_code, "name": result.region_name},
        "period": str(result.period),
        "ytd_label": result.period.ytd_label,
        "enterprises": result.enterprises,
        "figures": {
            name: {
                "label": figure.label,
                "unit": figure.unit,
                "current": amount(figure, figure.current),
                "prior": amount(figure, figure.prior),
                "reporting": figure.reporting,
                "growth": _number(figure.growth),
                **(
                    {"profit_word": figure.profit.word, "profit_rate": _number(figure.profit.rate)}
                    if figure.profit
                    else {}
                ),
            }
            for name, figure in result.figures.items()
        },
        "sales_ratio": {
            "current": _number(result.sales_ratio.current),
            "prior": _number(result.sales_ratio.prior),
            "change": _number(result.sales_ratio.change),
        },
    }
