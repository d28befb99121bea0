"""Builders for tests: valid USCCs, enterprises and facts without going through a file.

Figures are given in 万元 as text or Decimal and stored exactly, as the import does."""

from __future__ import annotations

import itertools
from decimal import Decimal

from django.contrib.auth import get_user_model

from diaodu.accounts.models import Profile, Unit
from diaodu.core.codes import uscc_check_character
from diaodu.core.money import money_to_fen
from diaodu.core.periods import Period
from diaodu.enterprises.models import Enterprise, Industry, MonthlyFact
from diaodu.ingest.models import ImportBatch
from diaodu.regions.models import Region

_serial = itertools.count(1)


def make_uscc(
    serial: int | None = None, *, region_code: str = "610902", authority: str = "9"
) -> str:
    """A valid 18-character code: authority, type 1, region, a serial body, check character."""
    number = next(_serial) if serial is None else serial
    body = f"{authority}1{region_code}{number:09d}"
    return body + uscc_check_character(body)


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def make_enterprise(
    *,
    county: str = "610902",
    industry: str = "1311",
    name: str | None = None,
    ownership: str = "private",
    uscc: str | None = None,
) -> Enterprise:
    code = uscc or make_uscc()
    return Enterprise.objects.create(
        uscc=code,
        name=name or f"测试企业{code[-6:]}",
        county=region(county),
        industry=Industry.objects.get(code=industry),
        ownership=ownership,
    )


def make_batch(period: str | None = None) -> ImportBatch:
    return ImportBatch.objects.create(
        kind=ImportBatch.Kind.MONTHLY,
        file_name="测试.xlsx",
        sha256="0" * 64,
        period=Period.parse(period).key if period else None,
        status=ImportBatch.Status.ACCEPTED,
    )


def make_fact(
    enterprise: Enterprise,
    period: str,
    *,
    month: str | Decimal,
    ytd: str | Decimal,
    month_prior: str | Decimal,
    ytd_prior: str | Decimal,
    status: str = "in",
    batch: ImportBatch | None = None,
    **other: str | Decimal | int | None,
) -> MonthlyFact:
    """One fact; money in 万元 (revenue_ytd="12.5"), power_* in 千瓦时, employees in persons."""
    money_fields = {
        key: value for key, value in other.items() if not key.startswith(("power", "employees"))
    }
    plain_fields = {key: value for key, value in other.items() if key not in money_fields}
    return MonthlyFact.objects.create(
        enterprise=enterprise,
        period=Period.parse(period).key,
        county=enterprise.county,
        industry_division=enterprise.industry_id[:2],
        industry_code=enterprise.industry_id,
        directory_status=status,
        output_month=money_to_fen(month),
        output_ytd=money_to_fen(ytd),
        output_month_prior=money_to_fen(month_prior),
        output_ytd_prior=money_to_fen(ytd_prior),
        batch=batch or make_batch(period),
        **{
            key: None if value is None else money_to_fen(value)
            for key, value in money_fields.items()
        },
        **plain_fields,
    )


def make_user(
    username: str,
    *,
    role: str,
    region_code: str,
    password: str = "pass-1234",
    unit: Unit | None = None,
):
    user = get_user_model().objects.create_user(username=username, password=password)
    Profile.objects.create(user=user, role=role, region=region(region_code), unit=unit)
    return user


def publish(indicator: str, growths: dict[tuple[str, int], str]) -> None:
    """Official YTD growth of an indicator as a bureau publishes it, month by month:
    {(region code, yyyymm): "6.5"}."""
    from diaodu.regions.models import Indicator, RegionFigure

    published = Indicator.objects.get(name=indicator)
    for (code, period), growth in growths.items():
        RegionFigure.objects.create(
            region=region(code),
            indicator=published,
            period_kind="month",
            period=period,
            scope="ytd",
            growth=Decimal(growth),
        )
