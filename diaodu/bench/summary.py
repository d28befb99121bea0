"""The dispatch summary at scale: a province (20,000 enterprises × 24 months) and the
nation (500,000 enterprises, one period), beside pandas doing the same sums over the
same rows already in memory (the peer; its load from the database is not timed).

The facts are written straight into the tables (COPY on PostgreSQL): what is measured
is the summary, not the import."""

from __future__ import annotations

import random
from collections.abc import Iterator

import numpy as np
import pandas as pd
from django.db import connection
from django.utils import timezone

from diaodu.analysis.queries import half_stopped_share
from diaodu.analysis.summary import dispatch_summary
from diaodu.bench import median_seconds, record
from diaodu.core.periods import Period
from diaodu.enterprises.models import FACT_FIGURE_FIELDS, Industry
from diaodu.ingest.models import ImportBatch
from diaodu.ingest.services import ENTERPRISE_COLUMNS, FACT_COLUMNS, insert_rows
from diaodu.regions.models import Region
from diaodu.regions.selectors import descendant_ids
from diaodu.testing import make_uscc

PROVINCE = "610000"  # 陕西省: ten cities, over a hundred counties
PROVINCE_ENTERPRISES = 20_000
NATION_ENTERPRISES = 500_000
MONTHS = [Period(2024, m) for m in range(1, 13)] + [Period(2025, m) for m in range(1, 13)]


def _counties(under: Region | None) -> list[tuple[int, str]]:
    regions = Region.objects.filter(level=Region.Level.COUNTY, retired=False)
    if under is not None:
        regions = regions.filter(id__in=descendant_ids(under))
    return list(regions.order_by("code").values_list("id", "code"))


def _make_enterprises(count: int, counties: list[tuple[int, str]], serial_base: int) -> list:
    """(id, county id, industry) of `count` new enterprises spread over the counties."""
    industries = list(
        Industry.objects.filter(level=Industry.Level.CLASS).values_list("code", flat=True)
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = []
    for n in range(count):
        county_id, code = counties[n % len(counties)]
        uscc = make_uscc(serial_base + n, region_code=code)
        rows.append((uscc, f"企业{serial_base + n}", county_id, industries[n % len(industries)]))
    insert_rows(
        "enterprises_enterprise",
        ENTERPRISE_COLUMNS,
        [(*row, "", "", False, now, now) for row in rows],
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT uscc, id FROM enterprises_enterprise")
        ids = dict(cursor.fetchall())
    return [(ids[row[0]], row[2], row[3]) for row in rows]


UNSET_FIGURES = [None] * (len(FACT_FIGURE_FIELDS) - 9)  # revenue … power: not summed here


def _facts(enterprises: list, period: Period, seed: int) -> Iterator[tuple]:
    rng = random.Random(f"{seed}:{period.key}")
    for enterprise_id, county_id, industry in enterprises:
        prior = rng.randint(1_000_000, 900_000_000)  # 1 to 900 万元 a month, in 分
        month = 0 if rng.random() < 0.03 else int(prior * rng.uniform(0.6, 1.4))
        ytd_prior = prior * period.month
        ytd = max(month, int(ytd_prior * rng.uniform(0.8, 1.25)))
        status = "retained_exit" if rng.random() < 0.01 else "in"
        if status == "retained_exit":
            month = ytd = 0
        figures = [month, ytd, prior, ytd_prior, *UNSET_FIGURES, rng.randint(20, 3000)]
        yield (enterprise_id, period.key, county_id, industry[:2], industry, status, *figures)


def _load(enterprises: list, periods: list[Period], seed: int) -> None:
    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.MONTHLY, file_name="bench", sha256="0" * 64, status="accepted"
    )
    for period in periods:
        rows = [(*fact, batch.pk) for fact in _facts(enterprises, period, seed)]
        insert_rows("enterprises_monthlyfact", FACT_COLUMNS, rows)


def _frame(county_ids: set[int] | None, period: Period) -> pd.DataFrame:
    sql = (
        "SELECT county_id, industry_division, directory_status, output_month, output_ytd,"
        " output_month_prior, output_ytd_prior FROM enterprises_monthlyfact WHERE period = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [period.key])
        columns = [c[0] for c in cursor.description]
        frame = pd.DataFrame(cursor.fetchall(), columns=columns)
    return frame if county_ids is None else frame[frame.county_id.isin(county_ids)]


def pandas_summary(current: pd.DataFrame, previous: pd.DataFrame) -> dict:
    """The sums the dispatch summary is made of: by county × division, by county for the
    previous period, by production status among the decliners; then growth and pulls."""
    money = ["output_month", "output_ytd", "output_month_prior", "output_ytd_prior"]
    cells = current.groupby(["county_id", "industry_division"])[money].sum()
    by_county = cells.groupby(level=0).sum()
    previous_by_county = previous.groupby("county_id")[money].sum()
    share = half_stopped_share()
    month, prior = current.output_month, current.output_month_prior
    status = np.select(
        [
            current.directory_status == "retained_exit",
            (month == 0) & (prior > 0),
            (month > 0) & (month * share.denominator < prior * share.numerator),
            month < prior,
        ],
        ["retained_exit", "stopped", "half_stopped", "reduced"],
        "normal",
    )
    statuses = pd.Series(status, index=current.index)
    declining = (current.output_ytd < current.output_ytd_prior) | (statuses == "retained_exit")
    by_status = current[declining].groupby(statuses[declining])[money].sum()
    total = by_county.sum()
    growth = total.output_ytd / total.output_ytd_prior - 1
    pulls = (by_county.output_ytd - by_county.output_ytd_prior) / total.output_ytd_prior
    return {"growth": growth, "pulls": pulls, "previous": previous_by_county, "status": by_status}


def _measure(name: str, region: Region, period: Period, county_ids: set[int] | None) -> None:
    seconds = median_seconds(lambda: dispatch_summary(region=region, period=period))
    current = _frame(county_ids, period)
    previous = _frame(county_ids, Period(period.year, period.month - 1))
    peer = median_seconds(lambda: pandas_summary(current, previous))
    record(name, round(seconds, 3), "s", pandas=round(peer, 3), ratio=round(seconds / peer, 1))


def run(engine: str) -> None:
    province = Region.objects.get(code=PROVINCE)
    enterprises = _make_enterprises(PROVINCE_ENTERPRISES, _counties(province), 900_000_000)
    _load(enterprises, MONTHS, seed=1)
    period = MONTHS[-2]  # 2025-11: a previous month exists, like a real dispatch meeting
    _measure(f"summary_province_{engine}", province, period, descendant_ids(province))
    if engine != "pg":  # the nation target is for PostgreSQL (contracts/bench.md)
        return
    nation = Region.objects.get(code="100000")
    everyone = _make_enterprises(NATION_ENTERPRISES, _counties(None), 700_000_000)
    _load(everyone, [Period(2025, 11), Period(2025, 10)], seed=2)  # + the province's 20,000
    _measure("summary_nation_pg", nation, period, None)
