"""`diaodu summary --region CODE --period YYYY-MM [--json]`: the dispatch summary."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError, CommandParser

from diaodu.analysis.summary import DispatchSummary, dispatch_summary, summary_as_json
from diaodu.core.commands import DataCommand
from diaodu.core.periods import Period, PeriodError
from diaodu.regions.selectors import region_by_code
from diaodu.reports.words import headline, pct, pp, wan


class Command(DataCommand):
    help = "调度摘要：某地区某报告期的主要指标、县区、行业、下拉企业"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="地区代码")
        parser.add_argument("--period", required=True, help="报告期，如 2024-08")
        parser.add_argument(
            "--json", action="store_true", help="输出 JSON（contracts/dispatch-summary.md）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        region = region_by_code(options["region"])
        if region is None:
            raise CommandError(f"地区代码{options['region']}不存在")
        try:
            period = Period.parse(options["period"])
        except PeriodError as error:
            raise CommandError(str(error)) from error
        result = dispatch_summary(region=region, period=period)
        if options["json"]:
            self.stdout.write(json.dumps(summary_as_json(result), ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(table_lines(result)))


def table_lines(result: DispatchSummary) -> list[str]:
    lines = [headline(result), ""]
    if result.subregions:
        lines.append(
            f"{'县区':<12}{'累计产值(万元)':>16}{'增速%':>10}{'增减(百分点)':>14}{'比重%':>9}{'拉动':>9}{'排名':>6}"
        )
        for line in result.subregions:
            lines.append(
                f"{line.name:<12}{wan(line.ytd.current):>16}{pct(line.ytd.growth):>10}"
                f"{pp(line.ytd_growth_change):>14}{pct(line.share):>9}{pp(line.pull):>9}"
                f"{line.rank if line.rank is not None else '—':>6}"
            )
        lines.append("")
    lines.append(f"{'行业大类':<22}{'累计产值(万元)':>16}{'增速%':>10}{'拉动':>9}{'贡献率%':>10}")
    for industry in result.industries:
        lines.append(
            f"{industry.code} {industry.name:<19}{wan(industry.ytd.current):>16}"
            f"{pct(industry.ytd.growth):>10}{pp(industry.pull):>9}{pct(industry.contribution):>10}"
        )
    d, r = result.decliners, result.retained_exits
    lines += [
        "",
        f"下拉企业{d.count}户（停产{d.stopped}户、半停产{d.half_stopped}户、减产{d.reduced}户、"
        f"本月已恢复正常{d.recovering}户），下拉累计产值增速{pp(d.pull)}个百分点",
        f"退库留基企业{r.count}户，下拉累计产值增速{pp(r.pull)}个百分点",
    ]
    return lines
