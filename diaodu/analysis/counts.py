"""Counts of enterprises (M20, M21, W05, E01, E02): by size class, by this month's
production status with the 停减率, and the directory's entries and exits.

停减率 = enterprises stopped, half-stopped or reducing output this month (month figure
below last year's same month) ÷ all enterprises reporting × 100. Entries are the
enterprises reported as 新入库 in any month of the year up to the period, exits those
reported as 退库留基; the same months of last year are counted beside them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count

from diaodu.analysis import queries
from diaodu.analysis.rules import change, share
from diaodu.analysis.summary import Tree
from diaodu.core.codes import NATION_CODE
from diaodu.core.periods import Period
from diaodu.enterprises.models import Enterprise, MonthlyFact
from diaodu.regions.models import Region

DECLINING = ("stopped", "half_stopped", "reduced")


def _scope(region: Region, tree: Tree) -> set[int] | None:
    return None if region.code == NATION_CODE else tree.descendants(region.pk)


def size_counts(*, region: Region, period: Period) -> dict[str, int]:
    """M20: enterprises reporting in the period by size class (大/中/小/微, 未分类)."""
    rows = (
        queries.facts_in(_scope(region, Tree()), period.key)
        .values("enterprise__size_class")
        .annotate(n=Count("id"))
        .order_by()
    )
    labels = dict(Enterprise.SizeClass.choices)
    counts = {label: 0 for label in labels.values()} | {"未分类": 0}
    for row in rows:
        counts[labels.get(row["enterprise__size_class"], "未分类")] += row["n"]
    return counts


@dataclass(frozen=True)
class StatusCount:
    period: Period
    total: int
    by_status: dict[str, int]  # stopped, half_stopped, reduced, normal, retained_exit
    decline_rate: Decimal | None  # 停减率, %
    decline_rate_last_year: Decimal | None
    decline_rate_change: Decimal | None  # pp against the same month last year


def _status_counts(scope: set[int] | None, period: Period) -> dict[str, int]:
    rows = (
        queries.facts_in(scope, period.key)
        .annotate(status=queries.production_status_case())
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = dict.fromkeys([*DECLINING, "normal", "retained_exit"], 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def _decline_rate(counts: dict[str, int]) -> Decimal | None:
    return share(sum(counts[status] for status in DECLINING), sum(counts.values()))


def status_counts(*, region: Region, period: Period) -> StatusCount:
    """M21 and W05: this month's production status of every enterprise, and 停减率."""
    scope = _scope(region, Tree())
    counts = _status_counts(scope, period)
    rate = _decline_rate(counts)
    last_year = _status_counts(scope, period.previous_year())
    rate_then = _decline_rate(last_year) if sum(last_year.values()) else None
    return StatusCount(
        period=period,
        total=sum(counts.values()),
        by_status=counts,
        decline_rate=rate,
        decline_rate_last_year=rate_then,
        decline_rate_change=change(rate, rate_then),
    )


@dataclass(frozen=True)
class DirectoryCounts:
    code: str
    name: str
    entries: int
    exits: int
    entries_last_year: int
    exits_last_year: int

    @property
    def net(self) -> int:
        return self.entries - self.exits


def _movers(scope: set[int] | None, period: Period) -> dict[int, tuple[set[int], set[int]]]:
    """county → (enterprises entered, enterprises exited) in the year up to the period."""
    facts = MonthlyFact.objects.filter(
        period__gte=period.year * 100 + 1,
        period__lte=period.key,
        directory_status__in=["new", "retained_exit"],
    )
    if scope is not None:
        facts = facts.filter(county_id__in=scope)
    movers: dict[int, tuple[set[int], set[int]]] = {}
    for county_id, enterprise_id, status in facts.values_list(
        "county_id", "enterprise_id", "directory_status"
    ):
        entered, exited = movers.setdefault(county_id, (set(), set()))
        (entered if status == "new" else exited).add(enterprise_id)
    return movers


def directory_changes(*, region: Region, period: Period) -> list[DirectoryCounts]:
    """E01 for the region (first line) and E02 for each direct sub-region after it."""
    tree = Tree()
    scope = _scope(region, tree)
    now, then = _movers(scope, period), _movers(scope, period.previous_year())
    lines = {region.pk: [0, 0, 0, 0]}
    for child_id in tree.children(region.pk):
        lines[child_id] = [0, 0, 0, 0]
    for offset, movers in ((0, now), (2, then)):
        for county_id, (entered, exited) in movers.items():
            under = tree.child_under(region.pk, county_id)
            for target in [region.pk] if under is None else [region.pk, under]:
                lines.setdefault(target, [0, 0, 0, 0])
                lines[target][offset] += len(entered)
                lines[target][offset + 1] += len(exited)
    return [
        DirectoryCounts(tree.nodes[rid][1], tree.nodes[rid][2], *counts)
        for rid, counts in lines.items()
    ]


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def counts_as_json(
    sizes: dict[str, int], statuses: StatusCount, directory: list[DirectoryCounts]
) -> dict[str, Any]:
    return {
        "period": str(statuses.period),
        "size_classes": sizes,
        "production_status": {
            "total": statuses.total,
            "counts": statuses.by_status,
            "decline_rate": _number(statuses.decline_rate),
            "decline_rate_last_year": _number(statuses.decline_rate_last_year),
            "decline_rate_change": _number(statuses.decline_rate_change),
        },
        "directory": [
            {
                "code": line.code,
                "name": line.name,
                "entries": line.entries,
                "exits": line.exits,
                "net": line.net,
                "entries_last_year": line.entries_last_year,
                "exits_last_year": line.exits_last_year,
            }
            for line in directory
        ],
    }
