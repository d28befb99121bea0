"""M22 what-if: "检修将影响规上工业增速下降约X个百分点".

If an enterprise produces a fraction r less (r = 1: stops) in some months of year Y, its
lost output in month m is taken from last year's monthly profile — its own output of
that month in Y−1 — so the effect on the region's growth, in percentage points, is

    month m:  −r × E(m) ÷ R(m) × 100      (R(m): the region's output of month m in Y−1)
    the year: −r × ΣE(m) ÷ R(Y−1) × 100   (R(Y−1): the region's whole year in Y−1)

the same pull rule as everywhere (a change over the region's base)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from diaodu.analysis import queries
from diaodu.analysis.rules import pull
from diaodu.analysis.summary import Tree
from diaodu.enterprises.models import Enterprise
from diaodu.regions.models import Region


class WhatIfError(ValueError):
    """The question cannot be answered from the data; the message says why, in Chinese."""


@dataclass(frozen=True)
class MonthEffect:
    month: int
    lost: Decimal  # 分
    effect: Decimal  # pp on the month's growth


@dataclass(frozen=True)
class WhatIf:
    region: Region
    enterprise: Enterprise
    year: int
    reduction: Decimal  # 0 < r ≤ 1
    months: list[MonthEffect]
    year_effect: Decimal  # pp on the whole year's growth

    @property
    def lost(self) -> Decimal:
        return sum((m.lost for m in self.months), Decimal(0))


def what_if(
    *, region: Region, enterprise: Enterprise, year: int, months: list[int], reduction: Decimal
) -> WhatIf:
    if not Decimal(0) < reduction <= Decimal(1):
        raise WhatIfError("减产比例应大于0且不超过100%")
    if not months or any(not 1 <= m <= 12 for m in months):
        raise WhatIfError("月份应在1到12之间")
    scope = Tree().descendants(region.pk)
    if enterprise.county_id not in scope:
        raise WhatIfError(f"{enterprise.name}不在{region.name}")
    last = year - 1
    first_key, last_key = last * 100 + 1, last * 100 + 12
    own = queries.month_output_by_period(None, first_key, last_key, enterprise_id=enterprise.pk)
    whole = queries.month_output_by_period(scope, first_key, last_key)
    december = queries.ytd_output_by_period(scope, last_key, last_key).get(last_key)
    missing = [f"{last}年{m}月" for m in sorted(set(months)) if last * 100 + m not in whole]
    if missing or not december:
        missing += [] if december else [f"{last}年12月"]
        raise WhatIfError(f"缺少上年月报：{'、'.join(missing)}")
    effects = []
    for month in sorted(set(months)):
        key = last * 100 + month
        lost = reduction * own.get(key, 0)
        effect = pull(-lost, 0, whole[key]) if whole[key] else None
        if effect is None:
            raise WhatIfError(f"{last}年{month}月全地区产值为零")
        effects.append(MonthEffect(month, lost, effect))
    total_lost = sum((e.lost for e in effects), Decimal(0))
    year_effect = pull(-total_lost, 0, december)
    assert year_effect is not None
    return WhatIf(region, enterprise, year, reduction, effects, year_effect)
