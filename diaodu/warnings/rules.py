"""What each rule measures, and the warnings it raises.

Every rule reads the figures from the app that owns them (analysis, targets, appeals,
projects) and turns each subject's measured value into a level with the rule's
thresholds: the most severe level whose threshold the value is at or below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from diaodu.analysis import queries
from diaodu.analysis.drilldown import drilldown
from diaodu.analysis.groups import group_filter
from diaodu.analysis.summary import dispatch_summary
from diaodu.appeals.models import Appeal
from diaodu.core.money import FEN_PER_WAN, fen_to_wan
from diaodu.core.periods import Period
from diaodu.core.workdays import WorkCalendar
from diaodu.enterprises.models import MonthlyFact
from diaodu.projects.progress import project_progress
from diaodu.regions.models import Region
from diaodu.regions.selectors import children_of, descendant_ids
from diaodu.targets.models import Target
from diaodu.targets.progress import target_progress
from diaodu.warnings.models import LEVELS, Rule


@dataclass
class Finding:
    """One subject over a threshold: what the warning will say and show."""

    key: str
    level: str
    title: str
    subject_type: str
    subject_id: str
    subject_name: str
    region: Region
    period: int | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    responsible: str = ""
    unit_id: int | None = None


def level_for(value: Decimal | float | None, thresholds: dict[str, Any]) -> str | None:
    """The most severe level whose threshold the value is at or below; None if none."""
    if value is None:
        return None
    for level in LEVELS:
        threshold = thresholds.get(level)
        if threshold is not None and Decimal(str(value)) <= Decimal(str(threshold)):
            return str(level)
    return None


def _f(value: Decimal | None) -> float | None:
    return None if value is None else float(round(value, 4))


# --- the rules ---------------------------------------------------------------------------


def behind_target(rule: Rule, region: Region, period: Period, today: dt.date) -> Iterator[Finding]:
    """Sub-regions (and the region) behind their target: the gap to a growth target, or
    completion less time progress for an absolute one, in pp."""
    places = [region, *children_of(region)]
    tier = rule.params.get("tier", Target.Tier.EXPECTED)
    targets = Target.objects.filter(region__in=places, year=period.year, tier=tier).select_related(
        "region"
    )
    for target in targets:
        progress = target_progress(target, period)
        if progress.gap is not None:
            value = progress.gap
        elif progress.completion is not None:
            value = progress.completion - progress.time_progress
        else:
            continue
        level = level_for(value, rule.thresholds)
        if level is None:
            continue
        shortfall = f"低于目标{abs(value):.1f}个百分点"
        yield Finding(
            key=f"target:{target.pk}:{period.key}",
            level=level,
            title=f"{target.region.name}{period.ytd_label}{target.indicator}{shortfall}",
            subject_type="region",
            subject_id=target.region.code,
            subject_name=target.region.name,
            region=target.region,
            period=period.key,
            responsible=target.region.name,
            evidence={
                "指标": target.indicator,
                "目标": f"{target.value}{target.unit}",
                "实际增速": _f(progress.actual.growth),
                "完成进度": _f(progress.completion),
                "时间进度": _f(progress.time_progress),
                "差距（百分点）": _f(value),
            },
        )


def growth_drop(rule: Rule, region: Region, period: Period, today: dt.date) -> Iterator[Finding]:
    """The region and its sub-regions whose YTD growth fell against the previous month."""
    summary = dispatch_summary(region=region, period=period)
    lines = [(region, summary.ytd.growth, summary.ytd_growth_change)]
    codes = {child.code: child for child in children_of(region)}
    lines += [
        (codes[line.code], line.ytd.growth, line.ytd_growth_change)
        for line in summary.subregions
        if line.code in codes
    ]
    for place, growth, change in lines:
        level = level_for(change, rule.thresholds)
        if level is None or change is None:
            continue
        yield Finding(
            key=f"drop:{place.code}:{period.key}",
            level=level,
            title=f"{place.name}{period.ytd_label}规上工业总产值增速较上月回落{abs(change):.1f}个百分点",
            subject_type="region",
            subject_id=place.code,
            subject_name=place.name,
            region=place,
            period=period.key,
            responsible=place.name,
            evidence={"累计增速": _f(growth), "较上月变化（百分点）": _f(change)},
        )


def key_enterprise(rule: Rule, region: Region, period: Period, today: dt.date) -> Iterator[Finding]:
    """Watched enterprises (the rule's groups, and the top N by output) falling or stopped."""
    lines = drilldown(region=region, period=period).enterprises
    watched = set(_group_members(rule.params.get("groups", []), region, period))
    top_n = int(rule.params.get("top_n", 0))
    watched |= {line.uscc for line in sorted(lines, key=lambda line: -line.ytd_current)[:top_n]}
    counties = {
        r.code: r for r in Region.objects.filter(code__in={line.county_code for line in lines})
    }
    for line in lines:
        if line.uscc not in watched:
            continue
        stopped = line.status == "stopped"
        level = "red" if stopped else level_for(line.growth, rule.thresholds)
        if level is None:
            continue
        what = "本月停产" if stopped else f"累计产值下降{abs(line.growth or 0):.1f}%"
        yield Finding(
            key=f"enterprise:{line.uscc}:{period.key}",
            level=level,
            title=f"重点企业{line.name}{what}",
            subject_type="enterprise",
            subject_id=line.uscc,
            subject_name=line.name,
            region=counties[line.county_code],
            period=period.key,
            responsible=line.county_name,
            evidence={
                "累计产值（万元）": float(fen_to_wan(line.ytd_current)),
                "上年同期（万元）": float(fen_to_wan(line.ytd_prior)),
                "累计增速": _f(line.growth),
                "拉动（百分点）": _f(line.pull),
                "生产状态": line.status,
            },
        )


def _group_members(groups: list[str], region: Region, period: Period) -> Iterator[str]:
    for name in groups:
        try:
            condition = group_filter(name, period)
        except ValueError:
            continue  # a group the bureau has not set up (yet)
        yield from (
            queries.facts_in(descendant_ids(region), period.key)
            .filter(condition)
            .values_list("enterprise__uscc", flat=True)
        )


def threshold_risk(rule: Rule, region: Region, period: Period, today: dt.date) -> Iterator[Finding]:
    """Enterprises whose revenue, at this year's pace, ends near or under the directory's
    threshold (主营业务收入2000万元): annualised YTD revenue ÷ the threshold."""
    threshold_fen = Decimal(rule.params.get("threshold_wan", 2000)) * FEN_PER_WAN
    facts = (
        MonthlyFact.objects.filter(
            period=period.key, county_id__in=descendant_ids(region), revenue_ytd__isnull=False
        )
        .select_related("enterprise", "county")
        .only("revenue_ytd", "enterprise__uscc", "enterprise__name", "county__name", "county__code")
    )
    for fact in facts:
        assert fact.revenue_ytd is not None
        annual = Decimal(fact.revenue_ytd) * 12 / period.month
        ratio = annual / threshold_fen
        level = level_for(ratio, rule.thresholds)
        if level is None:
            continue
        yield Finding(
            key=f"threshold:{fact.enterprise.uscc}:{period.key}",
            level=level,
            title=f"{fact.enterprise.name}按目前进度全年营业收入约{fen_to_wan(int(annual)):.0f}万元，有退库风险",
            subject_type="enterprise",
            subject_id=fact.enterprise.uscc,
            subject_name=fact.enterprise.name,
            region=fact.county,
            period=period.key,
            responsible=fact.county.name,
            evidence={
                "累计营业收入（万元）": float(fen_to_wan(fact.revenue_ytd)),
                "全年预计（万元）": float(round(fen_to_wan(int(annual)), 1)),
                "规上标准（万元）": float(threshold_fen / FEN_PER_WAN),
                "预计与标准之比": _f(ratio),
            },
        )


def appeal_overdue(rule: Rule, region: Region, period: Period, today: dt.date) -> Iterator[Finding]:
    """Open appeals near or past their deadline: working days left (due soon) or, negative,
    working days overdue. A new deadline after 督办 is a new warning; the same deadline
    coming due then passing moves one warning up the levels. An appeal still waiting
    for its 交办 is measured against the routing deadline (交办时限) instead, and the
    county that must route it is responsible."""
    calendar = WorkCalendar()
    appeals = Appeal.objects.filter(
        county_id__in=descendant_ids(region),
        stage__in=(Appeal.Stage.REGISTERED, Appeal.Stage.ASSIGNED, Appeal.Stage.SUPERVISED),
    ).select_related("lead_unit", "county")
    for appeal in appeals:
        routing = appeal.stage == Appeal.Stage.REGISTERED
        due = appeal.route_due_on if routing else appeal.current_due
        if due is None:
            continue
        late = calendar.workdays_between(due, today)
        value = -late if today > due else calendar.workdays_between(today, due)
        level = level_for(value, rule.thresholds)
        if level is None:
            continue
        yield _appeal_finding(appeal, routing, due, late if today > due else None, value, level)


def _appeal_finding(
    appeal: Appeal, routing: bool, due: dt.date, late: int | None, left: int, level: str
) -> Finding:
    if routing:
        when = f"待交办，交办期限{due}" + (
            f"已过{late}个工作日" if late is not None else f"（还剩{left}个工作日）"
        )
    else:
        when = f"超期{late}个工作日" if late is not None else f"将于{due}到期（还剩{left}个工作日）"
    return Finding(
        key=f"appeal{'-route' if routing else ''}:{appeal.number}:{due}",
        level=level,
        title=f"企业诉求{appeal.number}「{appeal.title}」{when}",
        subject_type="appeal",
        subject_id=appeal.number,
        subject_name=appeal.enterprise_name,
        region=appeal.county,
        responsible=appeal.lead_unit.name if appeal.lead_unit else appeal.county.name,
        unit_id=appeal.lead_unit_id,
        evidence={
            "交办期限" if routing else "办理期限": str(due),
            "超期工作日": late or 0,
            "剩余工作日": 0 if late is not None else left,
            **({} if routing else {"书面说明": bool(appeal.explanation)}),
        },
    )


def project_behind(rule: Rule, region: Region, period: Period, today: dt.date) -> Iterator[Finding]:
    """Projects whose investment this year trails the time elapsed."""
    progress = project_progress(region, period)
    for line in progress.lines:
        if line.completion_pct is None:
            continue
        value = line.completion_pct - progress.time_pct
        level = level_for(value, rule.thresholds)
        if level is None:
            continue
        project = line.project
        yield Finding(
            key=f"project:{project.pk}:{period.key}",
            level=level,
            title=f"项目「{project.name}」投资完成{line.completion_pct:.1f}%，落后时间进度{abs(value):.1f}个百分点",
            subject_type="project",
            subject_id=project.code,
            subject_name=project.name,
            region=project.region,
            period=period.key,
            responsible=project.leader or project.region.name,
            unit_id=project.unit_id,
            evidence={
                "累计完成投资（万元）": float(line.cumulative_wan),
                "年度计划（万元）": float(project.annual_plan_wan),
                "完成进度": _f(line.completion_pct),
                "时间进度": _f(progress.time_pct),
            },
        )


RULES: dict[str, Callable[[Rule, Region, Period, dt.date], Iterator[Finding]]] = {
    Rule.Kind.BEHIND_TARGET: behind_target,
    Rule.Kind.GROWTH_DROP: growth_drop,
    Rule.Kind.KEY_ENTERPRISE: key_enterprise,
    Rule.Kind.THRESHOLD_RISK: threshold_risk,
    Rule.Kind.APPEAL_OVERDUE: appeal_overdue,
    Rule.Kind.PROJECT_BEHIND: project_behind,
}
