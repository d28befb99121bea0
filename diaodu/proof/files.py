"""Monthly report files with the contract's full column set, for the fault tests and the
load run: every money column filled, so a checksum over them proves each one survives."""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from pathlib import Path

from diaodu.core.codes import uscc_check_character
from diaodu.demo.header import CANONICAL_HEADER

# The contract's full column set, as the demonstration city's files carry it.
FULL_HEADER = CANONICAL_HEADER


def uscc(serial: int, region_code: str) -> str:
    """A valid code: authority 9, type 1, the region, a nine-digit serial, the check
    (diaodu.testing.make_uscc's rule, without Django: the load generator imports this)."""
    body = f"91{region_code}{serial:09d}"
    return body + uscc_check_character(body)


def _money(rng: random.Random, low: float, high: float) -> str:
    return f"{rng.uniform(low, high):.2f}"


def full_row(
    rng: random.Random, serial: int, county: str, industry: str, name: str = "证明企业"
) -> list[object]:
    """One enterprise: figures in 万元 with cents, consistent (累计 ≥ 本月), profit ±."""
    month, month_prior = rng.uniform(10, 5000), rng.uniform(10, 5000)
    ytd, ytd_prior = month * rng.uniform(1, 12), month_prior * rng.uniform(1, 12)
    sales_month = month * rng.uniform(0.8, 1.0)
    return [
        uscc(serial, county),
        f"{name}{serial}",
        county,
        industry,
        "在库",
        f"{month:.2f}",
        f"{ytd:.2f}",
        f"{month_prior:.2f}",
        f"{ytd_prior:.2f}",
        _money(rng, 10, 90000),
        _money(rng, 10, 90000),
        _money(rng, -500, 5000),
        _money(rng, -500, 5000),
        f"{sales_month:.2f}",
        f"{sales_month * rng.uniform(1, 10):.2f}",
        _money(rng, 10, 50000),
        _money(rng, 0, 3000),
        _money(rng, 0, 3000),
        f"{rng.uniform(0, 500):.4f}",
        f"{rng.uniform(0, 500):.4f}",
        rng.randint(20, 3000),
    ]


def write_monthly_csv(
    path: Path,
    *,
    rows: int,
    counties: Sequence[str],
    industries: Sequence[str] = ("1311", "3311", "2761"),
    first_serial: int = 1,
    seed: int = 10,
    name: str = "证明企业",
) -> Path:
    """A UTF-8 csv of `rows` enterprises, serials from `first_serial`, spread over counties,
    each named `name` and its serial (so a test finds the file's enterprises by name)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(FULL_HEADER)
        for n in range(rows):
            county = counties[n % len(counties)]
            industry = rng.choice(industries)
            writer.writerow(full_row(rng, first_serial + n, county, industry, name))
    return path
