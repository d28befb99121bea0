"""Plan vs actual, lateness and the statement figures of section P, for a region and a month.

One computation (`project_progress`) feeds the API and the warnings. Definitions:

- monitored projects: the region's projects (zones included) whose ledger year is the
  period's year, except leads (not in the investment ledger yet) and terminated ones;
- cumulative investment: the months January..period of that year, summed (万元);
- completion % = cumulative / annual plan × 100 (none without a plan);
- time progress % = month / 12 × 100;
- behind plan: completion below time progress by more than `threshold_pp` points;
- late start: planned start on or before the period's last day, stage still before 开工;
- stage figures use the stage the ledger shows now (stage moves are not back-dated);
- P01: monitored projects with total investment ≥ 1000万元, how many are 竣工 or later,
  and their cumulative investment in 亿元;
- bands (P05) over monitored projects: [1000万, 1亿), [1亿, 10亿), ≥ 10亿;
- expected new output: expected_output_wan of monitored projects that entered 投产 in the
  period's year, on or before its last day;
- the four pushes (P03): 储备 → 抓开工; 开工/在建 started this year → 抓进度; 在建 → 抓竣工;
  竣工 → 抓投产 (a project new this year and 在建 is in two lists, as in the seeds);
- P06 breaches: contract indicators checked by the period's end with actual < agreed;
- P07 leads: projects with an attraction source of the period's year, all stages, by
  county or zone: counts by source, signed (reached 签约), started (reached 开工) and
  the conversion started / signed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet, Sum

from diaodu.core.periods import Period
from diaodu.projects.models import (
    PIPELINE,
    ContractIndicator,
    MonthlyInvestment,
    Project,
    Source,
    Stage,
    StageChange,
)
from diaodu.regions.models import Region
from diaodu.regions.selectors import descendant_ids

WAN_PER_YI = Decimal(10_000)
KEY_PROJECT_WAN = Decimal(1_000)  # 千万元以上
BANDS: tuple[tuple[str, str, Decimal, Decimal | None], ...] = (
    ("10m_100m", "1000万元至1亿元", Decimal(1_000), Decimal(10_000)),
    ("100m_1b", "1亿元至10亿元", Decimal(10_000), Decimal(100_000)),
    ("1b_plus", "10亿元以上", Decimal(100_000), None),
)
PUSHES: tuple[tuple[str, str], ...] = (
    ("to_start", "储备项目抓开工"),
    ("in_progress", "新上项目抓进度"),
    ("to_complete", "在建项目抓竣工"),
    ("to_produce", "竣工项目抓投产"),
)


def default_threshold_pp() -> Decimal:
    """Points behind time progress that make a project "behind plan" (settings may change it)."""
    return Decimal(str(getattr(settings, "PROJECT_BEHIND_PLAN_PP", 10)))


def reached(stage: str, target: str) -> bool:
    """Whether a pipeline stage is `target` or later."""
    return PIPELINE.index(stage) >= PIPELINE.index(target)


@dataclass
class ProgressLine:
    project: Project
    cumulative_wan: Decimal
    completion_pct: Decimal | None
    behind: bool
    late_start: bool


@dataclass
class Breach:
    indicator: ContractIndicator
    shortfall: Decimal


@dataclass
class LeadCounts:
    region: Region
    total: int = 0
    by_source: dict[str, int] = field(default_factory=dict)
    signed: int = 0
    started: int = 0

    @property
    def conversion_pct(self) -> Decimal | None:
        return None if not self.signed else Decimal(self.started) * 100 / self.signed


@dataclass
class Progress:
    region: Region
    period: Period
    threshold_pp: Decimal
    time_pct: Decimal
    lines: list[ProgressLine]
    key_count: int
    key_built: int
    key_cumulative_yi: Decimal
    bands: dict[str, int]
    over_100m: int
    expected_output_wan: Decimal
    pushes: dict[str, list[Project]]
    breaches: list[Breach]
    leads: list[LeadCounts]

    @property
    def statement(self) -> str:
        """P01 in the words of the seeds."""
        return (
            f"重点监测的{self.key_count}个千万元以上项目建成{self.key_built}个，"
            f"累计完成投资{self.key_cumulative_yi.quantize(Decimal('0.01'))}亿元"
        )


def project_progress(
    region: Region,
    period: Period,
    *,
    threshold_pp: Decimal | None = None,
    projects: QuerySet[Project] | None = None,
) -> Progress:
    """All section P figures for a region and a month; `projects` narrows to a user's scope."""
    threshold = default_threshold_pp() if threshold_pp is None else threshold_pp
    base = (Project.objects.all() if projects is None else projects).filter(
        region_id__in=descendant_ids(region)
    )
    monitored = list(
        base.filter(year=period.year)
        .exclude(stage__in=(Stage.LEAD, Stage.TERMINATED))
        .select_related("region", "unit")
    )
    cumulative = _cumulative(monitored, period)
    entered = _entered(monitored)
    time_pct = Decimal(period.month) * 100 / 12
    lines = [
        _line(p, cumulative.get(p.pk, Decimal(0)), time_pct, threshold, period) for p in monitored
    ]
    key = [line for line in lines if line.project.total_investment_wan >= KEY_PROJECT_WAN]
    return Progress(
        region=region,
        period=period,
        threshold_pp=threshold,
        time_pct=time_pct,
        lines=lines,
        key_count=len(key),
        key_built=sum(reached(line.project.effective_stage, Stage.COMPLETED) for line in key),
        key_cumulative_yi=sum((line.cumulative_wan for line in key), Decimal(0)) / WAN_PER_YI,
        bands=_bands(monitored),
        over_100m=sum(p.total_investment_wan >= 10_000 for p in monitored),
        expected_output_wan=_expected_output(monitored, entered, period),
        pushes=_pushes(monitored, entered, period),
        breaches=_breaches(base, period),
        leads=_leads(base, period),
    )


def _cumulative(projects: list[Project], period: Period) -> dict[int, Decimal]:
    rows = (
        MonthlyInvestment.objects.filter(
            project__in=projects, period__gte=period.year * 100 + 1, period__lte=period.key
        )
        .values("project")
        .annotate(total=Sum("amount_wan"))
    )
    return {row["project"]: row["total"] for row in rows}


def _entered(projects: list[Project]) -> dict[tuple[int, str], dt.date]:
    """When each project first entered each stage: the history, or for a stage set by the
    ledger import (no history), the stage date of the current stage if there is one."""
    found: dict[tuple[int, str], dt.date] = {}
    for change in StageChange.objects.filter(project__in=projects).order_by("on", "id"):
        found.setdefault((change.project_id, change.to_stage), change.on)
    for project in projects:
        if project.stage_date:
            found.setdefault((project.pk, project.stage), project.stage_date)
    return found


def _line(
    project: Project, cumulative: Decimal, time_pct: Decimal, threshold: Decimal, period: Period
) -> ProgressLine:
    plan = project.annual_plan_wan
    completion = cumulative * 100 / plan if plan else None
    start = project.planned_start
    return ProgressLine(
        project=project,
        cumulative_wan=cumulative,
        completion_pct=completion,
        behind=completion is not None and completion < time_pct - threshold,
        late_start=start is not None
        and start <= period.last_day
        and not reached(project.effective_stage, Stage.STARTED),
    )


def _bands(projects: list[Project]) -> dict[str, int]:
    counts = dict.fromkeys((band[0] for band in BANDS), 0)
    for project in projects:
        total = project.total_investment_wan
        for name, _label, low, high in BANDS:
            if total >= low and (high is None or total < high):
                counts[name] += 1
    return counts


def _expected_output(
    projects: list[Project], entered: dict[tuple[int, str], dt.date], period: Period
) -> Decimal:
    total = Decimal(0)
    for project in projects:
        on = entered.get((project.pk, Stage.PRODUCING))
        if on and on.year == period.year and on <= period.last_day:
            total += project.expected_output_wan or 0
    return total


def _pushes(
    projects: list[Project], entered: dict[tuple[int, str], dt.date], period: Period
) -> dict[str, list[Project]]:
    def started_this_year(project: Project) -> bool:
        # Without a recorded 开工 (an imported 在建 line) the planned start stands in.
        on = entered.get((project.pk, Stage.STARTED)) or project.planned_start
        return on is not None and on.year == period.year

    return {
        "to_start": [p for p in projects if p.stage == Stage.RESERVE],
        "in_progress": [
            p
            for p in projects
            if p.stage in (Stage.STARTED, Stage.BUILDING) and started_this_year(p)
        ],
        "to_complete": [p for p in projects if p.stage == Stage.BUILDING],
        "to_produce": [p for p in projects if p.stage == Stage.COMPLETED],
    }


def _breaches(projects: QuerySet[Project], period: Period) -> list[Breach]:
    indicators = ContractIndicator.objects.filter(
        project__in=projects, checked_on__lte=period.last_day, actual__isnull=False
    ).select_related("project", "project__region")
    return [
        Breach(indicator=i, shortfall=i.agreed - i.actual)
        for i in indicators
        if i.actual is not None and i.actual < i.agreed
    ]


def _leads(projects: QuerySet[Project], period: Period) -> list[LeadCounts]:
    by_region: dict[int, LeadCounts] = {}
    sources: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(Source.values, 0))
    leads = projects.filter(year=period.year).exclude(source="").select_related("region")
    for project in leads.order_by("region__code", "code"):
        counts = by_region.setdefault(project.region_id, LeadCounts(region=project.region))
        counts.total += 1
        sources[project.region_id][project.source] += 1
        counts.signed += reached(project.effective_stage, Stage.SIGNED)
        counts.started += reached(project.effective_stage, Stage.STARTED)
    for region_id, counts in by_region.items():
        counts.by_source = sources[region_id]
    return list(by_region.values())
