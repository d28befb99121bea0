"""The drill-down's tables: the enterprises behind a figure, and one enterprise's months."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.urls import reverse

from diaodu.analysis.drilldown import STATUS_NAMES, Drilldown
from diaodu.analysis.queries import production_status_case
from diaodu.analysis.rules import growth
from diaodu.core.money import fen_to_wan
from diaodu.core.periods import Period
from diaodu.enterprises.models import Enterprise, MonthlyFact
from diaodu.enterprises.selectors import enterprise_facts
from diaodu.web import tables
from diaodu.web.tables import Table

_USCC = "9" * 18


def enterprise_table(result: Drilldown, region_name: str) -> Table:
    division = f"（行业大类{result.division}）" if result.division else ""
    table = Table(
        "enterprises",
        f"{region_name}{result.period.ytd_label}企业明细{division}",
        [
            "企业",
            "统一社会信用代码",
            "县区",
            "行业",
            "本月（万元）",
            "上年同月（万元）",
            "本年累计（万元）",
            "上年同期累计（万元）",
            "增速（%）",
            "拉动（百分点）",
            "本月状态",
        ],
        numeric=frozenset(range(4, 10)),
    )
    # One reverse() for all rows (it was a fifth of a 600-row page): a USCC is 18 digits
    # and capitals, which a URL carries as they are.
    link = reverse("web:enterprise", args=[_USCC]).replace(_USCC, "{}")
    for line in result.enterprises:
        table.add(
            tables.text(line.name, link.format(line.uscc)),
            tables.text(line.uscc),
            tables.text(line.county_name),
            tables.text(line.industry_code),
            tables.wan(line.month_current),
            tables.wan(line.month_prior),
            tables.wan(line.ytd_current),
            tables.wan(line.ytd_prior),
            tables.rate(line.growth),
            tables.rate(line.pull),
            tables.text(STATUS_NAMES.get(line.status, line.status)),
        )
    return table


@dataclass(frozen=True)
class Month:
    """One month of an enterprise, with its growth by the same rule as the summary."""

    period: Period
    fact: Any  # a MonthlyFact annotated with this month's production status
    month_growth: Decimal | None
    ytd_growth: Decimal | None

    @property
    def status_name(self) -> str:
        return STATUS_NAMES.get(self.fact.status, self.fact.status)


def enterprise_months(enterprise: Enterprise) -> list[Month]:
    """Every imported month, latest first; the status is the analysis's rule, in SQL."""
    facts = enterprise_facts(enterprise).annotate(status=production_status_case())
    return [
        Month(
            Period.from_key(fact.period),
            fact,
            growth(fact.output_month, fact.output_month_prior),
            growth(fact.output_ytd, fact.output_ytd_prior),
        )
        for fact in reversed(list(facts))
    ]


def history_table(enterprise: Enterprise, months: list[Month]) -> Table:
    table = Table(
        "history",
        f"{enterprise.name}月度数据",
        [
            "报告期",
            "库状态",
            "本月状态",
            "本月产值（万元）",
            "上年同月（万元）",
            "当月增速（%）",
            "本年累计（万元）",
            "上年同期累计（万元）",
            "累计增速（%）",
        ],
        numeric=frozenset(range(3, 9)),
    )
    for month in months:
        fact: MonthlyFact = month.fact
        table.add(
            tables.Cell(month.period.label, sort=str(month.period)),
            tables.text(fact.get_directory_status_display()),
            tables.text(month.status_name),
            tables.wan(fact.output_month),
            tables.wan(fact.output_month_prior),
            tables.rate(month.month_growth),
            tables.wan(fact.output_ytd),
            tables.wan(fact.output_ytd_prior),
            tables.rate(month.ytd_growth),
        )
    return table


def _wan(fen: int) -> float:
    return float(fen_to_wan(fen))


def history_chart(months: list[Month]) -> dict[str, Any]:
    """Output of each month against the same month last year, oldest first."""
    ordered = list(reversed(months))[-24:]
    return {
        "labels": [m.period.label for m in ordered],
        "series": [
            {"name": "本月产值", "values": [_wan(m.fact.output_month) for m in ordered]},
            {"name": "上年同月", "values": [_wan(m.fact.output_month_prior) for m in ordered]},
        ],
        "unit": "万元",
    }
