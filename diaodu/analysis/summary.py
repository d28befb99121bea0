"""The dispatch summary (调度摘要) of one region and period: contracts/dispatch-summary.md.

One computation, read by the API, the CLI, the pages and the bulletin."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from diaodu.analysis import queries
from diaodu.analysis.queries import Sums
from diaodu.analysis.rules import change, contribution, growth, pull, share
from diaodu.core.codes import NATION_CODE
from diaodu.core.memo import per_data_version
from diaodu.core.money import fen_to_wan
from diaodu.core.periods import Period
from diaodu.core.ranking import competition_ranks
from diaodu.regions.models import Region
from diaodu.regions.selectors import regions_fingerprint

DECLINE_STATUSES = ("stopped", "half_stopped", "reduced", "normal")


@dataclass(frozen=True)
class Flow:
    """Current and prior-year figures (分) and the growth between them (%)."""

    current: int
    prior: int

    @property
    def growth(self) -> Decimal | None:
        return growth(self.current, self.prior)


@dataclass(frozen=True)
class SubregionLine:
    code: str
    name: str
    ytd: Flow
    ytd_growth_change: Decimal | None
    share: Decimal | None
    rank: int | None
    pull: Decimal | None


@dataclass(frozen=True)
class IndustryLine:
    code: str
    name: str
    ytd: Flow
    pull: Decimal | None
    contribution: Decimal | None


@dataclass(frozen=True)
class Decliners:
    count: int
    stopped: int
    half_stopped: int
    reduced: int
    recovering: int
    pull: Decimal | None


@dataclass(frozen=True)
class RetainedExits:
    count: int
    pull: Decimal | None


@dataclass(frozen=True)
class DispatchSummary:
    region_code: str
    region_name: str
    period: Period
    previous_period: Period | None
    enterprises: int
    month: Flow
    ytd: Flow
    ytd_growth_change: Decimal | None  # M02
    base_change: int | None  # M07, 分
    subregions: list[SubregionLine]
    industries: list[IndustryLine]
    decliners: Decliners
    retained_exits: RetainedExits

    @property
    def ytd_label(self) -> str:
        return self.period.ytd_label


class Tree:
    """The region tree in memory: which direct child of a region each county rolls up to.

    Built once and reused while the regions table is unchanged (checked with one
    aggregate query each time): a bulletin asks for it some twenty times."""

    _cache: ClassVar[tuple[tuple, Tree] | None] = None
    nodes: dict[int, tuple[int | None, str, str, str, bool]]
    _children: dict[int | None, list[int]]

    def __new__(cls) -> Tree:
        fingerprint = regions_fingerprint()
        cached = cls._cache
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
        tree = super().__new__(cls)
        tree.nodes = queries.region_tree()
        tree._children = {}
        for region_id, node in sorted(tree.nodes.items(), key=lambda item: item[1][1]):
            tree._children.setdefault(node[0], []).append(region_id)
        cls._cache = (fingerprint, tree)
        return tree

    def children(self, region_id: int) -> list[int]:
        """Direct children, by code."""
        return list(self._children.get(region_id, []))

    def descendants(self, region_id: int) -> set[int]:
        found, stack = {region_id}, [region_id]
        while stack:
            for child in self._children.get(stack.pop(), []):
                found.add(child)
                stack.append(child)
        return found

    def child_under(self, region_id: int, county_id: int) -> int | None:
        """The direct child of `region_id` that `county_id` lies under (None: the region itself)."""
        node: int | None = county_id
        while node is not None:
            parent = self.nodes[node][0]
            if parent == region_id:
                return node
            node = parent
        return None


@per_data_version
def dispatch_summary(*, region: Region, period: Period) -> DispatchSummary:
    tree = Tree()
    scope = None if region.code == NATION_CODE else tree.descendants(region.pk)
    cells = queries.sums_by_county_and_division(scope, period.key)
    total = queries.add_up(cells.values())
    previous_key = queries.previous_period(scope, period.key)
    previous = queries.sums_by_county(scope, previous_key) if previous_key else None
    previous_total = queries.add_up(previous.values()) if previous is not None else None
    by_status = queries.sums_by_status(scope, period.key, decliners_only=True)
    ytd = Flow(total.ytd, total.ytd_prior)
    ytd_change = (
        change(ytd.growth, Flow(previous_total.ytd, previous_total.ytd_prior).growth)
        if previous_total is not None
        else None
    )
    return DispatchSummary(
        region_code=region.code,
        region_name=region.name,
        period=period,
        previous_period=Period.from_key(previous_key) if previous_key else None,
        enterprises=total.count,
        month=Flow(total.month, total.month_prior),
        ytd=ytd,
        ytd_growth_change=ytd_change,
        base_change=(total.month_prior - previous_total.month_prior) if previous_total else None,
        subregions=_subregions(tree, region, cells, previous, total),
        industries=_industries(cells, total),
        decliners=_decliners(by_status, total),
        retained_exits=_retained_exits(by_status, total),
    )


def _subregions(
    tree: Tree,
    region: Region,
    cells: dict[tuple[int, str], Sums],
    previous: dict[int, Sums] | None,
    total: Sums,
) -> list[SubregionLine]:
    children = [c for c in tree.children(region.pk) if not tree.nodes[c][4]]

    def by_child(pairs: Iterable[tuple[int, Sums]]) -> Iterator[tuple[int, Sums]]:
        for county_id, sums in pairs:
            child = tree.child_under(region.pk, county_id)
            if child is not None:  # None: filed on the region itself, under no child
                yield child, sums

    now = queries.add_up_by(by_child((county, sums) for (county, _), sums in cells.items()))
    before = queries.add_up_by(by_child((previous or {}).items()))
    children += [c for c in now if c not in children]  # a retired child that still has figures
    flows = {c: Flow(now.get(c, Sums()).ytd, now.get(c, Sums()).ytd_prior) for c in children}
    ranks = competition_ranks([flows[c].growth for c in children])
    lines = []
    for child, rank in zip(children, ranks, strict=True):
        flow = flows[child]
        earlier = before.get(child)
        lines.append(
            SubregionLine(
                code=tree.nodes[child][1],
                name=tree.nodes[child][2],
                ytd=flow,
                ytd_growth_change=(
                    change(flow.growth, Flow(earlier.ytd, earlier.ytd_prior).growth)
                    if previous is not None and earlier is not None
                    else None
                ),
                share=share(flow.current, total.ytd),
                rank=rank,
                pull=pull(flow.current, flow.prior, total.ytd_prior),
            )
        )
    return lines


def _industries(cells: dict[tuple[int, str], Sums], total: Sums) -> list[IndustryLine]:
    by_division = queries.add_up_by((division, sums) for (_, division), sums in cells.items())
    names = queries.division_names(set(by_division))
    return [
        IndustryLine(
            code=code,
            name=names.get(code, ""),
            ytd=Flow(sums.ytd, sums.ytd_prior),
            pull=pull(sums.ytd, sums.ytd_prior, total.ytd_prior),
            contribution=contribution(sums.ytd, sums.ytd_prior, total.ytd, total.ytd_prior),
        )
        for code, sums in sorted(by_division.items())
    ]


def _decliners(by_status: dict[str, Sums], total: Sums) -> Decliners:
    """C < P this year to date, 退库留基 excluded, split by this month's status."""
    by_status = {status: sums for status, sums in by_status.items() if status != "retained_exit"}
    declining = queries.add_up(by_status.values())
    return Decliners(
        count=declining.count,
        stopped=by_status.get("stopped", Sums()).count,
        half_stopped=by_status.get("half_stopped", Sums()).count,
        reduced=by_status.get("reduced", Sums()).count,
        recovering=by_status.get("normal", Sums()).count,
        pull=pull(declining.ytd, declining.ytd_prior, total.ytd_prior),
    )


def _retained_exits(by_status: dict[str, Sums], total: Sums) -> RetainedExits:
    retained = by_status.get("retained_exit", Sums())
    return RetainedExits(
        count=retained.count, pull=pull(retained.ytd, retained.ytd_prior, total.ytd_prior)
    )


# --- the JSON of contracts/dispatch-summary.md -------------------------------------------


def _f(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _wan(fen: int | None) -> float | None:
    return None if fen is None else float(fen_to_wan(fen))


def _flow(flow: Flow) -> dict[str, Any]:
    return {"current": _wan(flow.current), "prior": _wan(flow.prior), "growth": _f(flow.growth)}


def summary_as_json(summary: DispatchSummary) -> dict[str, Any]:
    return {
        "region": {"code": summary.region_code, "name": summary.region_name},
        "period": str(summary.period),
        "ytd_label": summary.ytd_label,
        "enterprises": summary.enterprises,
        "output": {
            "month": _flow(summary.month),
            "ytd": _flow(summary.ytd),
            "ytd_growth_change": _f(summary.ytd_growth_change),
            "base_change": _wan(summary.base_change),
        },
        "subregions": [
            {
                "code": line.code,
                "name": line.name,
                "ytd_current": _wan(line.ytd.current),
                "ytd_prior": _wan(line.ytd.prior),
                "ytd_growth": _f(line.ytd.growth),
                "ytd_growth_change": _f(line.ytd_growth_change),
                "share": _f(line.share),
                "rank": line.rank,
                "pull": _f(line.pull),
            }
            for line in summary.subregions
        ],
        "industries": [
            {
                "code": line.code,
                "name": line.name,
                "ytd_current": _wan(line.ytd.current),
                "ytd_prior": _wan(line.ytd.prior),
                "ytd_growth": _f(line.ytd.growth),
                "pull": _f(line.pull),
                "contribution": _f(line.contribution),
            }
            for line in summary.industries
        ],
        "decliners": {
            "count": summary.decliners.count,
            "stopped": summary.decliners.stopped,
            "half_stopped": summary.decliners.half_stopped,
            "reduced": summary.decliners.reduced,
            "recovering": summary.decliners.recovering,
            "pull": _f(summary.decliners.pull),
        },
        "retained_exits": {
            "count": summary.retained_exits.count,
            "pull": _f(summary.retained_exits.pull),
        },
    }


@dataclass(frozen=True)
class MonthPoint:
    """One reported month of a year: the month's and the YTD output against last year."""

    period: Period
    month: Flow
    ytd: Flow

    @property
    def ytd_label(self) -> str:
        return self.period.ytd_label


def year_trend(*, region: Region, period: Period) -> list[MonthPoint]:
    """Every month of the year up to `period` that the region has figures for, in one
    grouped query: the same sums, month by month, as dispatch_summary's `month` and `ytd`."""
    scope = None if region.code == NATION_CODE else Tree().descendants(region.pk)
    sums = queries.sums_by_period(scope, period.year * 100 + 1, period.key)
    return [
        MonthPoint(
            Period.from_key(key),
            Flow(sums[key].month, sums[key].month_prior),
            Flow(sums[key].ytd, sums[key].ytd_prior),
        )
        for key in sorted(sums)
    ]
