"""The only module of the analysis that touches the database: GROUP BY aggregates over
the fact table, returned as plain rows. The database sums integers (分); Python combines
the few hundred (at most a few ten thousand) groups."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection
from django.db.models import Case, CharField, Count, F, Max, Q, QuerySet, Sum, Value, When
from django.db.models.lookups import LessThan

from diaodu.enterprises.models import Industry, MonthlyFact
from diaodu.regions.models import Region

RETAINED = MonthlyFact.DirectoryStatus.RETAINED_EXIT


@dataclass(frozen=True)
class Sums:
    """Sums of one group of facts, in 分."""

    count: int = 0
    month: int = 0
    month_prior: int = 0
    ytd: int = 0
    ytd_prior: int = 0

    def __add__(self, other: Sums) -> Sums:
        return Sums(
            self.count + other.count,
            self.month + other.month,
            self.month_prior + other.month_prior,
            self.ytd + other.ytd,
            self.ytd_prior + other.ytd_prior,
        )


Key = TypeVar("Key", bound=Hashable)


def add_up(items: Iterable[Sums]) -> Sums:
    return add_up_by((None, sums) for sums in items).get(None, Sums())


def add_up_by(pairs: Iterable[tuple[Key, Sums]]) -> dict[Key, Sums]:
    """Sums added up by key, in lists of integers and one Sums a key at the end: a Sums
    made for every addition cost the nation's summary a second (100,000 groups)."""
    totals: dict[Key, list[int]] = {}
    for key, sums in pairs:
        total = totals.get(key)
        if total is None:
            totals[key] = [sums.count, sums.month, sums.month_prior, sums.ytd, sums.ytd_prior]
        else:
            total[0] += sums.count
            total[1] += sums.month
            total[2] += sums.month_prior
            total[3] += sums.ytd
            total[4] += sums.ytd_prior
    return {key: Sums(*total) for key, total in totals.items()}


# The aggregates of every group, in this order after the grouping columns.
_SUMS = {
    "n": Count("id"),
    "m": Sum("output_month"),
    "mp": Sum("output_month_prior"),
    "y": Sum("output_ytd"),
    "yp": Sum("output_ytd_prior"),
}


def _grouped_rows(facts: QuerySet, *grouping: Any) -> list[tuple]:
    """(grouping values…, n, m, mp, y, yp) of every group, as the database returns them:
    the ORM's dict and converters per row took longer than the query itself for a
    nation's 100,000 groups. The SQL is still the ORM's."""
    query = facts.values(*grouping).annotate(**_SUMS).order_by().query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _sums(n: int, m: Any, mp: Any, y: Any, yp: Any) -> Sums:
    """PostgreSQL sums bigint as numeric (a Decimal here): back to whole 分."""
    return Sums(n, int(m or 0), int(mp or 0), int(y or 0), int(yp or 0))


def facts_in(county_ids: set[int] | None, period: int):
    """Facts of a period under a region (None: the whole nation, no filter)."""
    facts = MonthlyFact.objects.filter(period=period)
    return facts if county_ids is None else facts.filter(county_id__in=county_ids)


def sums_by_county_and_division(
    county_ids: set[int] | None, period: int
) -> dict[tuple[int, str], Sums]:
    rows = _grouped_rows(facts_in(county_ids, period), "county_id", "industry_division")
    return {(county, division): _sums(*sums) for county, division, *sums in rows}


def sums_by_county(county_ids: set[int] | None, period: int) -> dict[int, Sums]:
    rows = _grouped_rows(facts_in(county_ids, period), "county_id")
    return {county: _sums(*sums) for county, *sums in rows}


def half_stopped_share() -> Fraction:
    return Fraction(Decimal(str(settings.DIAODU_HALF_STOPPED_SHARE)))


def production_status_case() -> Case:
    """This month's production status (contracts/monthly-enterprise-report.md), in SQL.

    停产: month = 0 < month_prior; 半停产: 0 < month < share × month_prior;
    减产: share × month_prior ≤ month < month_prior; otherwise 正常. The share is a
    fraction num/den, compared as month × den < month_prior × num: integers only."""
    share = half_stopped_share()
    return Case(
        When(directory_status=RETAINED, then=Value("retained_exit")),
        When(output_month=0, output_month_prior__gt=0, then=Value("stopped")),
        When(
            Q(output_month__gt=0)
            & LessThan(
                F("output_month") * share.denominator, F("output_month_prior") * share.numerator
            ),
            then=Value("half_stopped"),
        ),
        When(output_month__lt=F("output_month_prior"), then=Value("reduced")),
        default=Value("normal"),
        output_field=CharField(),
    )


def sums_by_status(
    county_ids: set[int] | None, period: int, *, decliners_only: bool
) -> dict[str, Sums]:
    """Sums by this month's status; decliners_only keeps C < P (YTD) and the retained exits."""
    facts = facts_in(county_ids, period)
    if decliners_only:
        facts = facts.filter(Q(output_ytd__lt=F("output_ytd_prior")) | Q(directory_status=RETAINED))
    rows = _grouped_rows(facts.annotate(status=production_status_case()), "status")
    return {status: _sums(*sums) for status, *sums in rows}


def previous_period(county_ids: set[int] | None, period: int) -> int | None:
    """The latest earlier month of the same year with figures under the region."""
    year_start = period // 100 * 100 + 1
    facts = MonthlyFact.objects.filter(period__gte=year_start, period__lt=period)
    if county_ids is not None:
        facts = facts.filter(county_id__in=county_ids)
    return facts.aggregate(latest=Max("period"))["latest"]


def latest_period(county_ids: set[int] | None) -> int | None:
    facts = MonthlyFact.objects.all()
    if county_ids is not None:
        facts = facts.filter(county_id__in=county_ids)
    return facts.aggregate(latest=Max("period"))["latest"]


def region_tree() -> dict[int, tuple[int | None, str, str, str, bool]]:
    """id → (parent id, code, name, level, retired) for every region: a few thousand rows."""
    return {
        row[0]: row[1:]
        for row in Region.objects.values_list("id", "parent_id", "code", "name", "level", "retired")
    }


def division_names(codes: set[str]) -> dict[str, str]:
    return dict(Industry.objects.filter(code__in=codes).values_list("code", "name"))


def enterprise_rows(
    county_ids: set[int] | None,
    period: int,
    *,
    division: str | None = None,
    order: str = "change",
    limit: int | None = None,
    condition: Q | None = None,
    status: str | None = None,
) -> list[dict]:
    """One row per enterprise (C, P, month figures, status) for drill-downs and 抓两端,
    optionally only a 大类, those matching `condition` (a group), or one production status.

    order "change": smallest C − P first; "-change": largest first."""
    facts = facts_in(county_ids, period)
    if division:
        facts = facts.filter(industry_division=division)
    if condition is not None:
        facts = facts.filter(condition)
    facts = facts.annotate(
        change=F("output_ytd") - F("output_ytd_prior"), status=production_status_case()
    )
    if status:
        facts = facts.filter(status=status)
    rows = facts.order_by(order, "enterprise__uscc").values(
        "enterprise__uscc",
        "enterprise__name",
        "county__code",
        "county__name",
        "industry_code",
        "output_month",
        "output_month_prior",
        "output_ytd",
        "output_ytd_prior",
        "status",
    )
    return list(rows[:limit] if limit else rows)


def ytd_output_by_period(county_ids: set[int] | None, first: int, last: int) -> dict[int, int]:
    """Σ output_ytd (分) of each month from `first` to `last` (yyyymm) under a region: the
    region's seasonal profile, as each month's file reported it."""
    facts = MonthlyFact.objects.filter(period__gte=first, period__lte=last)
    if county_ids is not None:
        facts = facts.filter(county_id__in=county_ids)
    rows = facts.values("period").annotate(total=Sum("output_ytd")).order_by()
    return {row["period"]: row["total"] or 0 for row in rows}


def month_output_by_period(
    county_ids: set[int] | None, first: int, last: int, *, enterprise_id: int | None = None
) -> dict[int, int]:
    """Σ output_month (分) of each month from `first` to `last` under a region, or of one
    enterprise: last year's monthly profile for the what-if."""
    facts = MonthlyFact.objects.filter(period__gte=first, period__lte=last)
    if county_ids is not None:
        facts = facts.filter(county_id__in=county_ids)
    if enterprise_id is not None:
        facts = facts.filter(enterprise_id=enterprise_id)
    rows = facts.values("period").annotate(total=Sum("output_month")).order_by()
    return {row["period"]: row["total"] or 0 for row in rows}


def sums_by_period(county_ids: set[int] | None, first: int, last: int) -> dict[int, Sums]:
    """Sums of every month from `first` to `last` (yyyymm) under a region, in one query."""
    facts = MonthlyFact.objects.filter(period__gte=first, period__lte=last)
    if county_ids is not None:
        facts = facts.filter(county_id__in=county_ids)
    return {period: _sums(*sums) for period, *sums in _grouped_rows(facts, "period")}
