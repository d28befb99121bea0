"""The monthly bulletin (月通报, seed-claim R01) as a plain structure: a title and
sections of paragraphs, tables and charts, written to Word by reports.docx and to Excel
by reports.workbook.

Every figure comes from an analysis function (dispatch_summary, both_ends, ranking,
region_indicators, group_figures, appeal_statistics, project_progress): the bulletin
reads them, it never recomputes a growth, a sum or a gap. A section whose data is
missing is left out, and the remaining sections are numbered 一、二、… in order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from diaodu.analysis.comparisons import comparisons
from diaodu.analysis.drilldown import STATUS_NAMES, BothEnds, EnterpriseLine, both_ends
from diaodu.analysis.groups import GroupError, GroupFigures, group_figures
from diaodu.analysis.indicators import region_indicators
from diaodu.analysis.ranking import (
    FigurePeriod,
    Ranking,
    RankingError,
    RankItem,
    indicator_named,
    peer_trends,
    ranking,
)
from diaodu.analysis.summary import (
    DispatchSummary,
    SubregionLine,
    dispatch_summary,
    year_trend,
)
from diaodu.appeals.statistics import AppealStatistics, a01_sentence, a02_sentence
from diaodu.appeals.statistics import appeal_statistics as appeals_of
from diaodu.core.memo import one_reading
from diaodu.core.money import fen_to_wan, fen_to_yi
from diaodu.core.periods import Period
from diaodu.projects.progress import Progress, ProgressLine, project_progress
from diaodu.regions.models import Region
from diaodu.reports import sentences
from diaodu.reports.words import enumerate_names, previous_label, round_half_up, whole_region
from diaodu.targets.progress import gaps

Value = Decimal | int | str | None
NUMERALS = "一二三四五六七八九十"
BOTH_ENDS_SIZE = 10
# Official figures the bulletin states when the statistics bureau's file has them.
VALUE_ADDED, INVESTMENT = "规上工业增加值", "工业投资"
# What the trend chart measures; the peers' published figures beside it must measure the
# same, or the lines would compare two different indicators under one caption.
TREND_INDICATOR = "规上工业总产值"


class BulletinError(ValueError):
    """No bulletin can be written; the message is for users, in Chinese."""


@dataclass(frozen=True)
class Column:
    """A table column; `places` is the decimals shown (None: text, 0: a whole number)."""

    title: str
    places: int | None = None


@dataclass(frozen=True)
class Table:
    sheet: str  # the workbook's sheet name
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Value, ...], ...]


@dataclass(frozen=True)
class Series:
    """A peer's line on a trend chart: its growth at each of the chart's labels, None
    where it has no published figure."""

    name: str
    values: tuple[Decimal | None, ...]  # %


@dataclass(frozen=True)
class Chart:
    kind: str  # "trend" (a line over months) or "bars" (one bar per place)
    caption: str
    labels: tuple[str, ...]
    values: tuple[Decimal, ...]  # %
    name: str = ""  # the line's name in the legend, when peers are drawn beside it
    peers: tuple[Series, ...] = ()


@dataclass(frozen=True)
class Subheading:
    text: str
    level: int = 3  # 3: "1." in 仿宋, as GB/T 9704 numbers the third level


Block = str | Subheading | Table | Chart


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Bulletin:
    title: str
    region_code: str
    region_name: str
    period: Period
    sections: list[Section]

    def numbered(self) -> list[tuple[str, Section]]:
        """The section headings as printed: "一、主要指标完成情况"…"""
        return [(f"{NUMERALS[i]}、{s.title}", s) for i, s in enumerate(self.sections)]

    @property
    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    @property
    def charts(self) -> list[Chart]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]

    @property
    def paragraphs(self) -> list[str]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, str)]


def display(value: Value, column: Column) -> str:
    """A cell as printed: half-up rounding to the column's decimals, "—" for none."""
    if value is None:
        return "—"
    if not column.places or isinstance(value, str):  # text, or a whole number (rank, count)
        return str(value)
    places = Decimal(1).scaleb(-column.places)
    return f"{round_half_up(Decimal(value), places):,}"


@dataclass
class _Sources:
    """Everything the bulletin reads, fetched once."""

    region: Region
    period: Period
    whole: str
    summary: DispatchSummary
    ends: BothEnds
    appeals: AppealStatistics
    progress: Progress


def build_bulletin(region: Region, period: Period) -> Bulletin:
    # One reading: the sections ask again for figures another has read (the region tree's
    # fingerprint behind every scope, the month's indicators behind the main figures and
    # the targets' gaps); inside the block the second ask has the first answer. The
    # bulletin writes nothing, so nothing goes stale.
    with one_reading():
        return _build(region, period)


def _build(region: Region, period: Period) -> Bulletin:
    summary = dispatch_summary(region=region, period=period)
    if summary.enterprises == 0:
        raise BulletinError(f"{region.name}{period.label}没有规上工业企业月报数据，无法生成通报")
    sources = _Sources(
        region=region,
        period=period,
        whole=whole_region(region),
        summary=summary,
        ends=both_ends(region=region, period=period, n=BOTH_ENDS_SIZE),
        appeals=appeals_of(region, dt.date(period.year, 1, 1), period.last_day),
        progress=project_progress(region, period),
    )
    built = [
        ("主要指标完成情况", _main_indicators(sources)),
        ("县区运行情况", _counties(sources)),
        ("重点行业", _industries(sources)),
        ("重点企业（抓两端）", _enterprises(sources)),
        ("项目建设", _projects(sources)),
        ("企业诉求办理", _appeals(sources)),
    ]
    sections = [Section(title, blocks) for title, blocks in built if blocks]
    sections.append(Section("下一步工作", _next_steps(sources)))
    return Bulletin(
        title=f"{region.name}{period.label}工业经济运行情况通报",
        region_code=region.code,
        region_name=region.name,
        period=period,
        sections=sections,
    )


def _present(*blocks: Block | None) -> list[Block]:
    return [block for block in blocks if block]


# --- 一、主要指标 ----------------------------------------------------------------------


def _main_indicators(s: _Sources) -> list[Block]:
    indicators = region_indicators(region=s.region, period=s.period)
    official = _official(s.region, s.period, VALUE_ADDED)
    return _present(
        _joined(
            sentences.m01_official(VALUE_ADDED, s.whole, *official) if official else None,
            sentences.m03_gaps(gaps(s.region, VALUE_ADDED, s.period)[1]) if official else None,
        ),
        _joined(sentences.m01_output(s.whole, s.summary), sentences.m06_month(s.summary)),
        _joined(sentences.m17_finance(indicators), sentences.m25_sales_ratio(indicators)),
        sentences.m18_power(indicators),
        _joined(
            sentences.m14_group(s.whole, group) if (group := _group(s, "高新技术企业")) else None,
            sentences.m15_shares([g for name in ("制造业", "非公") if (g := _group(s, name))]),
        ),
        _trend_chart(s),
    )


def _joined(*texts: str | None) -> str | None:
    """Sentences of one paragraph (each ends with 。)."""
    found = [text for text in texts if text]
    return "".join(found) or None


def _official(region: Region, period: Period, name: str) -> tuple[Ranking, RankItem] | None:
    """The region's item in its parent's ranking on a published indicator, if published."""
    if region.parent is None:
        return None
    try:
        result = ranking(
            parent=region.parent,
            indicator=indicator_named(name),
            period=FigurePeriod("month", period.key),
        )
    except RankingError:
        return None
    item = next((item for item in result.items if item.code == region.code), None)
    return (result, item) if item else None


def _group(s: _Sources, name: str) -> GroupFigures | None:
    try:
        return group_figures(region=s.region, period=s.period, group=name)
    except GroupError:  # a group nobody has set up (高新技术企业 in a new installation)
        return None


def _trend_chart(s: _Sources) -> Chart | None:
    """The YTD growth of each reported month of the year (one grouped query), and beside
    it the peer group's published growth of the same months, when there is one."""
    points = [
        (point.period, point.ytd.growth)
        for point in year_trend(region=s.region, period=s.period)
        if point.ytd.growth is not None
    ]
    if len(points) < 2:
        return None
    group, peers = _peer_trends(s.region, [period for period, _ in points])
    among = f"与{group}" if peers else ""
    return Chart(
        "trend",
        f"{s.period.year}年{s.summary.region_name}{among}规上工业总产值累计增速（%）",
        tuple(period.ytd_label for period, _ in points),
        tuple(value for _, value in points),
        name=s.summary.region_name,
        peers=peers,
    )


def _peer_trends(region: Region, periods: list[Period]) -> tuple[str, tuple[Series, ...]]:
    """The peer group's name and each peer's published YTD growth at `periods`."""
    trends = peer_trends(region, periods, TREND_INDICATOR)
    return trends.group, tuple(Series(peer.name, peer.growths) for peer in trends.peers)


# --- 二、县区 --------------------------------------------------------------------------


def _reporting(lines: list[SubregionLine]) -> list[SubregionLine]:
    """The sub-regions with figures; one without any enterprise is not a row of zeros."""
    return [line for line in lines if line.ytd.current or line.ytd.prior]


def _counties(s: _Sources) -> list[Block]:
    lines = _reporting(s.summary.subregions)
    if not lines:
        return []
    label = previous_label(s.summary.previous_period, s.period)
    compared = comparisons(region=s.region, period=s.period)
    return _present(
        _joined(sentences.m09_shares(s.whole, compared), sentences.m10_growths(compared)),
        sentences.m11_fallen(lines, label),
        county_table(s.summary, lines),
        _county_chart(s.summary, lines),
    )


def county_table(summary: DispatchSummary, lines: list[SubregionLine]) -> Table:
    label = previous_label(summary.previous_period, summary.period) or "上月"
    return Table(
        "县区",
        f"{summary.ytd_label}各县区规上工业运行情况",
        (
            Column("县区"),
            Column("累计产值（亿元）", 2),
            Column("增速（%）", 1),
            Column(f"较{label}增减（百分点）", 1),
            Column("占比（%）", 1),
            Column("拉动（百分点）", 1),
            Column("增速位次", 0),
        ),
        tuple(
            (
                line.name,
                fen_to_yi(line.ytd.current),
                line.ytd.growth,
                line.ytd_growth_change,
                line.share,
                line.pull,
                line.rank,
            )
            for line in sorted(lines, key=lambda line: (line.rank or 999, line.code))
        ),
    )


def _county_chart(summary: DispatchSummary, lines: list[SubregionLine]) -> Chart | None:
    ranked = sorted(
        (line for line in lines if line.ytd.growth is not None), key=lambda line: line.rank or 0
    )
    if not ranked:
        return None
    return Chart(
        "bars",
        f"{summary.ytd_label}各县区规上工业总产值增速（%）",
        tuple(line.name for line in ranked),
        tuple(line.ytd.growth for line in ranked if line.ytd.growth is not None),
    )


# --- 三、行业 --------------------------------------------------------------------------


def _industries(s: _Sources) -> list[Block]:
    lines = [line for line in s.summary.industries if line.ytd.current or line.ytd.prior]
    if not lines:
        return []
    table = Table(
        "行业",
        f"{s.summary.ytd_label}分行业（大类）规上工业运行情况",
        (
            Column("代码"),
            Column("行业大类"),
            Column("累计产值（亿元）", 2),
            Column("增速（%）", 1),
            Column("拉动（百分点）", 1),
            Column("贡献率（%）", 1),
        ),
        tuple(
            (
                line.code,
                line.name,
                fen_to_yi(line.ytd.current),
                line.ytd.growth,
                line.pull,
                line.contribution,
            )
            for line in sorted(lines, key=lambda line: (-line.ytd.current, line.code))
        ),
    )
    return _present(sentences.industries_sentence(lines), table)


# --- 四、企业 --------------------------------------------------------------------------


def _enterprises(s: _Sources) -> list[Block]:
    blocks = _present(
        _joined(sentences.m12_decliners(s.whole, s.summary), sentences.m13_retained(s.summary)),
        sentences.w06_both_ends(s.ends),
    )
    if s.ends.top:
        blocks.append(enterprise_table("拉动前列企业", "拉动增长最多的企业", s.ends.top, s.summary))
    if s.ends.bottom:
        blocks.append(
            enterprise_table("下拉前列企业", "下拉增长最多的企业", s.ends.bottom, s.summary)
        )
    return blocks


def enterprise_table(
    sheet: str, caption: str, lines: list[EnterpriseLine], summary: DispatchSummary
) -> Table:
    return Table(
        sheet,
        f"{summary.ytd_label}{caption}（前{len(lines)}户）",
        (
            Column("企业名称"),
            Column("县区"),
            Column("本月状态"),
            Column("累计产值（万元）", 2),
            Column("增速（%）", 1),
            Column("拉动（百分点）", 2),
        ),
        tuple(
            (
                line.name,
                line.county_name,
                STATUS_NAMES.get(line.status, line.status),
                fen_to_wan(line.ytd_current),
                line.growth,
                line.pull,
            )
            for line in lines
        ),
    )


# --- 五、项目 --------------------------------------------------------------------------


def _projects(s: _Sources) -> list[Block]:
    progress = s.progress
    investment = _official(s.region, s.period, INVESTMENT)
    behind = [line for line in progress.lines if line.behind or line.late_start]
    return _present(
        sentences.m01_official(INVESTMENT, s.whole, *investment) if investment else None,
        sentences.p01_projects(progress),
        sentences.p03_pushes(progress) if progress.key_count else None,
        _behind_table(progress, behind) if behind else None,
    )


def _behind_table(progress: Progress, behind: list[ProgressLine]) -> Table:
    return Table(
        "进度滞后项目",
        f"投资进度滞后项目（时间进度{round_half_up(progress.time_pct)}%）",
        (
            Column("项目名称"),
            Column("县区"),
            Column("情况"),
            Column("年度计划（万元）", 2),
            Column("累计完成（万元）", 2),
            Column("完成率（%）", 1),
        ),
        tuple(
            (
                line.project.name,
                line.project.region.name,
                "未按期开工" if line.late_start else "进度滞后",
                line.project.annual_plan_wan,
                line.cumulative_wan,
                line.completion_pct,
            )
            for line in behind
        ),
    )


# --- 六、诉求 --------------------------------------------------------------------------


def _appeals(s: _Sources) -> list[Block]:
    stats = s.appeals
    if not stats.total.appeals:
        return []
    forum_or_visit = any(
        stats.by_source[source].appeals or stats.meetings.get(source)
        for source in ("forum", "leader_visit")
    )
    return _present(
        f"{s.period.ytd_label}，{a01_sentence(stats)}。",
        f"{a02_sentence(stats)}。" if forum_or_visit else None,
        sentences.a05_handling(stats),
        _unit_table(stats),
        _category_table(stats),
    )


def _category_table(stats: AppealStatistics) -> Table:
    return Table(
        "诉求类别",
        "企业诉求分类情况",
        (Column("问题类别"), Column("问题数", 0)),
        tuple((name, count) for name, count in stats.by_category if count),
    )


def _unit_table(stats: AppealStatistics) -> Table:
    return Table(
        "诉求办理",
        "企业诉求承办单位办理情况",
        (
            Column("承办单位"),
            Column("诉求数", 0),
            Column("已解决", 0),
            Column("解释到位", 0),
            Column("办理中", 0),
            Column("超期", 0),
            Column("按时办结率（%）", 1),
        ),
        tuple(
            (t.name, t.appeals, t.resolved, t.explained, t.open, t.overdue, t.on_time_rate)
            for t in stats.by_unit
        ),
    )


# --- 七、下一步 ------------------------------------------------------------------------


def _next_steps(s: _Sources) -> list[Block]:
    """An editable section: the points the analysis flags, for the drafter to build on."""
    label = previous_label(s.summary.previous_period, s.period)
    fallen = [
        line.name
        for line in _reporting(s.summary.subregions)
        if line.ytd_growth_change is not None and round_half_up(line.ytd_growth_change) < 0
    ]
    behind = [line.project.name for line in s.progress.lines if line.behind]
    points = [
        f"累计增速较{label}回落的{_some(fallen, '县区')}要加强调度，找准回落原因。"
        if fallen and label
        else None,
        f"对下拉较多的{enumerate_names([e.name for e in s.ends.bottom[:3]])}等企业逐户分析原因、"
        "帮助复产增产。"
        if s.ends.bottom
        else None,
        f"{_some(behind, '项目')}投资进度滞后于时间进度，要督促加快建设。" if behind else None,
        f"{s.appeals.total.overdue}个企业诉求超期未办结，承办单位要书面说明原因。"
        if s.appeals.total.overdue
        else None,
    ]
    return [
        Subheading(f"{number}. {point}")
        for number, point in enumerate((p for p in points if p), start=1)
    ]


def _some(names: list[str], kind: str, shown: int = 3) -> str:
    """ "甲、乙、丙" or, for a long list, "甲、乙、丙等14个项目"."""
    if len(names) <= shown:
        return enumerate_names(names)
    return f"{enumerate_names(names[:shown])}等{len(names)}个{kind}"
