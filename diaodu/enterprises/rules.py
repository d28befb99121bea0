"""Enterprise classifications as pure functions."""

from __future__ import annotations

from decimal import Decimal


def size_class(*, employees: int | None, annual_revenue_wan: Decimal | None) -> str:
    """大/中/小/微 for industry by 《统计上大中小微型企业划分办法（2017）》.

    Industry: large Y ≥ 1000 persons and Z ≥ 40000 万元; medium Y ≥ 300 and Z ≥ 2000;
    small Y ≥ 20 and Z ≥ 300; micro otherwise. Large, medium and small must meet
    both lower bounds, "否则下划一档". Returns "" when either figure is missing."""
    if employees is None or annual_revenue_wan is None:
        return ""
    if employees >= 1000 and annual_revenue_wan >= 40000:
        return "large"
    if employees >= 300 and annual_revenue_wan >= 2000:
        return "medium"
    if employees >= 20 and annual_revenue_wan >= 300:
        return "small"
    return "micro"


def annualised(ytd: Decimal, month: int) -> Decimal:
    """A YTD figure scaled to twelve months (年营业收入 for the size class)."""
    return ytd * 12 / month
