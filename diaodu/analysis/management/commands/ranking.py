"""`diaodu ranking --parent CODE --indicator NAME --period P [--scope 累计|当月] [--json]`."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError, CommandParser

from diaodu.analysis.ranking import (
    Ranking,
    RankingError,
    figure_period,
    indicator_named,
    ranking,
    ranking_as_json,
    scope_named,
)
from diaodu.core.commands import DataCommand
from diaodu.regions.selectors import region_by_code
from diaodu.reports.words import rank_move


class Command(DataCommand):
    help = "按官方发布的增速对某地区的直接下级排名（contracts/region-indicators.md）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--parent", required=True, help="上级地区代码，100000 为全国")
        parser.add_argument("--indicator", required=True, help="指标名称，如 规上工业增加值")
        parser.add_argument("--period", required=True, help="报告期：2024-06、2024Q2 或 2024")
        parser.add_argument("--scope", default="累计", help="口径：累计（默认）或 当月")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        parent = region_by_code(options["parent"])
        if parent is None:
            raise CommandError(f"地区代码{options['parent']}不存在")
        try:
            result = ranking(
                parent=parent,
                indicator=indicator_named(options["indicator"]),
                period=figure_period(options["period"]),
                scope=scope_named(options["scope"]),
            )
        except RankingError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(ranking_as_json(result), ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(table_lines(result)))


def table_lines(result: Ranking) -> list[str]:
    reference = result.reference_growth
    title = f"{result.parent.name}下级地区{result.indicator.name}（{result.scope}）增速排名"
    if reference is not None:
        title += f"，{result.parent.name}增速{reference.normalize()}%"
    compared = f"与{result.previous_period}比较" if result.previous_period else "无可比较的上期"
    lines = [
        f"{title}（{result.period}）",
        f"第一方阵：前{result.first_tier_size}名；{compared}",
        "",
        f"{'名次':>4}  {'地区':<12}{'增速%':>8}{'与上级差(百分点)':>18}  "
        f"{'名次变化':<10}{'方阵':<6}",
    ]
    if not result.items:
        lines.append("（该报告期没有下级地区的增速数据）")
    for item in result.items:
        gap = "—" if item.gap_to_reference is None else f"{item.gap_to_reference.normalize():+}"
        tier = "第一方阵" if item.first_tier else ""
        if item.tier_move:
            tier += f"（{item.tier_move}）"
        lines.append(
            f"{item.rank:>4}  {item.name:<12}{item.growth.normalize()!s:>8}{gap:>18}  "
            f"{rank_move(item.rank_change):<10}{tier:<6}"
        )
    return lines
