"""The weekly / 旬 brief (周分析、旬研判): one page from the same engine as the bulletin.

Between two monthly files there is no new output figure, so the brief restates the latest
month in one sentence and spends the page on what moved since: warnings still open,
appeals due or overdue, projects behind plan, the routine's open items. Every number is
read from the app that owns it."""

from __future__ import annotations

import datetime as dt

from diaodu.analysis import queries
from diaodu.analysis.summary import Tree, dispatch_summary
from diaodu.appeals.models import Appeal
from diaodu.core.periods import Period, dekad_of
from diaodu.core.workdays import WorkCalendar
from diaodu.dispatch.models import WorkItem
from diaodu.projects.progress import project_progress
from diaodu.regions.models import Region
from diaodu.regions.selectors import descendant_ids
from diaodu.reports import sentences
from diaodu.reports.bulletin import Bulletin, Column, Section, Table
from diaodu.reports.words import count_word, whole_region
from diaodu.warnings.models import LEVELS, Warning

DUE_SOON_WORKDAYS = 5
DEKADS = {1: "上旬", 2: "中旬", 3: "下旬"}


def build_brief(region: Region, today: dt.date) -> Bulletin:
    whole = whole_region(region)
    latest = queries.latest_period(Tree().descendants(region.pk))
    period = Period.from_key(latest) if latest else Period(today.year, today.month)
    built = [
        ("运行概况", _overview(region, period, whole)),
        ("预警提醒", _warnings(region)),
        ("企业诉求", _appeals(region, today)),
        ("项目推进", _projects(region, period)),
        ("本期调度事项", _routine(region, today)),
    ]
    return Bulletin(
        title=f"{region.name}工业经济运行{today.month}月{DEKADS[dekad_of(today)]}研判",
        region_code=region.code,
        region_name=region.name,
        period=period,
        sections=[Section(title, blocks) for title, blocks in built if blocks],
    )


def _overview(region: Region, period: Period, whole: str) -> list:
    summary = dispatch_summary(region=region, period=period)
    text = sentences.m01_output(whole, summary)
    return [f"（最新月报）{text}"] if text else []


def _warnings(region: Region) -> list:
    open_ones = Warning.objects.filter(
        region_id__in=descendant_ids(region),
        state__in=(Warning.State.NEW, Warning.State.SENT),
    )
    if not open_ones.exists():
        return []
    counts = {level: open_ones.filter(level=level).count() for level in LEVELS}
    shown = "、".join(f"{level.label}{count_word(n)}条" for level, n in counts.items() if n)
    ordered = sorted(open_ones, key=lambda w: (LEVELS.index(w.level), w.raised_on))[:8]
    return [
        f"未办结预警{open_ones.count()}条，其中{shown}。",
        Table(
            "预警",
            "未办结预警（按等级）",
            (Column("等级"), Column("预警内容"), Column("责任方"), Column("状态")),
            tuple(
                (w.get_level_display(), w.title, w.responsible, w.get_state_display())
                for w in ordered
            ),
        ),
    ]


def _appeals(region: Region, today: dt.date) -> list:
    handling = Appeal.objects.filter(
        county_id__in=descendant_ids(region),
        stage__in=(Appeal.Stage.ASSIGNED, Appeal.Stage.SUPERVISED),
    ).select_related("lead_unit")
    horizon = WorkCalendar().add_workdays(today, DUE_SOON_WORKDAYS).date
    overdue = [a for a in handling if a.is_overdue(today)]
    soon = [
        a
        for a in handling
        if not a.is_overdue(today) and a.current_due and a.current_due <= horizon
    ]
    if not handling:
        return []
    text = (
        f"正在办理的企业诉求{len(handling)}条，已超期{len(overdue)}条，"
        f"{DUE_SOON_WORKDAYS}个工作日内到期{len(soon)}条。"
    )
    rows = tuple(
        (
            a.number,
            a.enterprise_name,
            a.title,
            a.lead_unit.name if a.lead_unit else "—",
            str(a.current_due),
        )
        for a in sorted(overdue + soon, key=lambda a: (a.current_due, a.number))
    )
    if not rows:
        return [text]
    return [
        text,
        Table(
            "诉求",
            "超期和即将到期的诉求",
            (Column("编号"), Column("企业"), Column("问题"), Column("承办单位"), Column("期限")),
            rows,
        ),
    ]


def _projects(region: Region, period: Period) -> list:
    progress = project_progress(region, period)
    behind = [line for line in progress.lines if line.behind or line.late_start]
    if not progress.lines:
        return []
    return [
        f"跟踪项目{len(progress.lines)}个，投资进度滞后或未按期开工{len(behind)}个"
        + (f"：{'、'.join(line.project.name for line in behind[:5])}等。" if behind else "。")
    ]


def _routine(region: Region, today: dt.date) -> list:
    items = WorkItem.objects.filter(
        region_id__in=descendant_ids(region), state=WorkItem.State.OPEN, due_on__isnull=False
    ).order_by("due_on")[:10]
    if not items:
        return []
    return [
        Table(
            "调度事项",
            "待办调度事项",
            (Column("事项"), Column("期限"), Column("状态")),
            tuple(
                (item.title, str(item.due_on), "已超期" if item.due_on < today else "待办")
                for item in items
            ),
        )
    ]
