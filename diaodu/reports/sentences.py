"""The bulletin's sentences: one template per seed-claim ID (seed-claims.md).

Each function fills its statement from what the analysis returned and chooses the words
by sign at display precision (增长/下降, 回落/提高/持平, 前移/后移, 高于/低于, 扭亏…).
Nothing is computed here but the wording: a number the analysis does not give is not
stated. A template returns None where its data is missing, so the sentence is left out
rather than filled with zeros."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from diaodu.core.periods import Period
from diaodu.reports.words import (
    change_phrase,
    drag_phrase,
    enumerate_names,
    gap_phrase,
    growth_phrase,
    ordinal,
    pct,
    pp,
    previous_label,
    rank_move,
    round_half_up,
    wan_kwh,
    whole_region,
    yi,
    yi_amount,
    yi_of_wan,
)

if TYPE_CHECKING:
    from diaodu.analysis.comparisons import Comparisons
    from diaodu.analysis.drilldown import BothEnds, EnterpriseLine
    from diaodu.analysis.groups import GroupFigures
    from diaodu.analysis.indicators import Figure, RegionIndicators
    from diaodu.analysis.ranking import Ranking, RankItem
    from diaodu.analysis.summary import DispatchSummary, IndustryLine, SubregionLine
    from diaodu.appeals.statistics import AppealStatistics
    from diaodu.projects.progress import Progress
    from diaodu.targets.progress import Gap


def m01_official(name: str, whole: str, ranking: Ranking, item: RankItem) -> str:
    """M01 M03 M04 M05 on official figures: "1—8月，全市规上工业增加值同比增长6.5%，高于全省
    0.4个百分点，全省排名较1—7月后移一位，列第五，跌出全省第一方阵。" """
    period = ranking.period
    label = _figure_label(period.kind, period.key)
    parent = whole_region(ranking.parent)
    parts = [f"{label}，{whole}{name}同比{growth_phrase(item.growth)}"]
    if item.gap_to_reference is not None:
        parts.append(gap_phrase(item.gap_to_reference, parent))
    previous = ranking.previous_period
    parts.append(_rank_part(parent, item, previous.key if previous else None, period.kind))
    if item.tier_move:
        parts.append(f"{item.tier_move}{parent}第一方阵")
    return "，".join(parts) + "。"


def m03_gaps(gaps: Sequence[Gap]) -> str | None:
    """M03 beside the province (in M01): "高于全国0.6个百分点、高于预期目标0.3个百分点"."""
    parts = [
        gap_phrase(
            gap.gap,
            "全国"
            if gap.reference == "全国"
            else f"{gap.reference}（{pct(gap.reference_growth)}%）",
        )
        for gap in gaps
        if gap.reference == "全国" or gap.reference.endswith("目标")
    ]
    return f"增速{'，'.join(parts)}。" if parts else None


QUARTER_WORDS = {1: "一季度", 2: "上半年", 3: "前三季度", 4: "全年"}


def _figure_label(kind: str, key: int) -> str:
    """How a bulletin names the period of an official figure: "1—8月", "上半年", "2025年"."""
    if kind == "month":
        return Period.from_key(key).ytd_label
    if kind == "quarter":
        return QUARTER_WORDS[key % 10]
    return f"{key}年"


def _rank_part(parent: str, item: RankItem, previous_key: int | None, kind: str) -> str:
    """M04: "全省排名第三" / "全省排名较1—7月前移一位，列第三" / "全省排名与1—7月持平，列第三"."""
    if item.rank_change is None or previous_key is None:
        return f"{parent}排名{ordinal(item.rank)}"
    before = _figure_label(kind, previous_key)
    if item.rank_change == 0:
        return f"{parent}排名与{before}持平，列{ordinal(item.rank)}"
    return f"{parent}排名较{before}{rank_move(item.rank_change)}，列{ordinal(item.rank)}"


def m01_output(whole: str, summary: DispatchSummary) -> str | None:
    """M01 M02 on the enterprises' reports: "1—8月，全市规上工业总产值123.45亿元，同比增长6.2%，
    较1—7月回落0.8个百分点。" """
    if summary.enterprises == 0:
        return None
    text = (
        f"{summary.ytd_label}，{whole}规上工业总产值{yi(summary.ytd.current)}亿元，"
        f"同比{growth_phrase(summary.ytd.growth)}"
    )
    label = previous_label(summary.previous_period, summary.period)
    change = change_phrase(summary.ytd_growth_change, label)
    return f"{text}，{change}。" if change else f"{text}。"


def m06_month(summary: DispatchSummary) -> str | None:
    """M06 M07: "在当月基数低于上月1.20亿元的情况下，8月当月产值同比增长3.1%。" """
    if summary.month.growth is None:
        return None
    text = f"{summary.period.month_label}当月产值同比{growth_phrase(summary.month.growth)}"
    base = summary.base_change
    if base is None or yi(abs(base)) == "0.00":  # no base effect worth a word
        return text + "。"
    word = "低于" if base < 0 else "高于"
    return f"在当月基数{word}上月{yi(abs(base))}亿元的情况下，{text}。"


def m17_finance(indicators: RegionIndicators) -> str | None:
    """M17: "营业收入234.56亿元，同比增长5.1%；利润总额12.34亿元，同比扭亏为盈。" """
    parts = []
    revenue = indicators.figures["revenue"]
    if revenue.reporting:
        parts.append(f"营业收入{yi(revenue.current)}亿元，同比{growth_phrase(revenue.growth)}")
    profit = indicators.figures["profit"]
    if profit.reporting and profit.profit is not None:
        parts.append(_profit_part(profit))
    if not parts:
        return None
    return f"{indicators.period.ytd_label}，规上工业企业" + "；".join(parts) + "。"


def _profit_part(profit: Figure) -> str:
    """The words of indicators.profit_change, with the amount as a profit or a loss."""
    assert profit.profit is not None
    word, rate = profit.profit.word, profit.profit.rate
    amount = (
        f"利润总额{yi(profit.current)}亿元"
        if profit.current >= 0
        else f"亏损{yi(-profit.current)}亿元"
    )
    if word in ("增长", "下降"):
        return f"{amount}，同比{growth_phrase(rate)}"
    if word == "扭亏":
        return f"{amount}，同比扭亏为盈"
    if word == "由盈转亏":
        return f"{amount}，同比由盈转亏"
    if word in ("减亏", "增亏"):
        return f"{amount}，同比{word}{pct(rate)}%"
    if word == "亏损持平":
        return f"{amount}，亏损额与上年同期持平"
    return amount  # 上年同期为零: no rate to state


def m18_power(indicators: RegionIndicators) -> str | None:
    """M18: "8月工业用电量1,234.56万千瓦时，同比增长4.2%。" """
    power = indicators.figures["power"]
    if not power.reporting:
        return None
    month = indicators.period.month_label
    amount = wan_kwh(power.current)
    return f"{month}规上工业企业用电量{amount}万千瓦时，同比{growth_phrase(power.growth)}。"


def m25_sales_ratio(indicators: RegionIndicators) -> str | None:
    """M25: "产品产销率97.8%，较上年同期提高0.3个百分点。" """
    ratio = indicators.sales_ratio
    if ratio.current is None:
        return None
    change = change_phrase(ratio.change, "上年同期")
    text = f"产品产销率{pct(ratio.current)}%"
    return f"{text}，{change}。" if change else f"{text}。"


def m14_group(whole: str, group: GroupFigures) -> str | None:
    """M14: "60户高新技术企业产值增长9.1%，高于全市平均2.9个百分点。" """
    if not group.enterprises or group.growth is None:
        return None
    text = f"{group.enterprises}户{group.name}产值同比{growth_phrase(group.growth)}"
    gap = gap_phrase(group.gap, f"{whole}平均")
    return f"{text}，{gap}。" if gap else f"{text}。"


def m15_shares(groups: Sequence[GroupFigures]) -> str | None:
    """M15: "制造业产值占规上工业比重达91.2%，非公经济占比66.0%。" """
    parts = [
        f"{group.name}{'经济' if group.name == '非公' else ''}产值占规上工业比重{pct(group.share)}%"
        for group in groups
        if group.enterprises and group.share is not None
    ]
    return "，".join(parts) + "。" if parts else None


def m09_shares(whole: str, result: Comparisons) -> str | None:
    """M09: "产值占全市比重最大的A（X%）高于最小的B（X%）X个百分点。" """
    largest, smallest = result.largest_share, result.smallest_share
    if largest is None or smallest is None or result.share_gap is None:
        return None
    return (
        f"产值占{whole}比重最大的{largest.name}（{pct(largest.share)}%）高于最小的"
        f"{smallest.name}（{pct(smallest.share)}%）{pp(result.share_gap)}个百分点。"
    )


def m10_growths(result: Comparisons) -> str | None:
    """M10: the fastest and the slowest (all of them when tied) and the spread between them."""
    if not result.fastest or not result.slowest or result.fastest == result.slowest:
        return None
    fastest = enumerate_names([line.name for line in result.fastest])
    slowest = enumerate_names([line.name for line in result.slowest])
    return (
        f"累计产值增速最快的是{fastest}（{pct(result.fastest[0].ytd.growth)}%），"
        f"最慢的是{slowest}（{pct(result.slowest[0].ytd.growth)}%），"
        f"相差{pp(result.spread)}个百分点。"
    )


def m11_fallen(lines: Sequence[SubregionLine], label: str) -> str | None:
    """M11: "汉阴县、石泉县分别较1—7月回落0.8、1.2个百分点。" (judged at display precision)"""
    fallen = [
        line
        for line in lines
        if line.ytd_growth_change is not None and round_half_up(line.ytd_growth_change) < 0
    ]
    if not fallen or not label:
        return None
    names = enumerate_names([line.name for line in fallen])
    falls = "、".join(pp(-(line.ytd_growth_change or Decimal(0))) for line in fallen)
    both = "分别" if len(fallen) > 1 else ""
    return f"{names}累计增速{both}较{label}回落{falls}个百分点。"


def industries_sentence(lines: Sequence[IndustryLine], n: int = 3) -> str | None:
    """The industries pulling most up and down (ordered by the pull the summary gives)."""
    ups = sorted(
        (line for line in lines if line.pull is not None and round_half_up(line.pull) > 0),
        key=lambda line: -(line.pull or 0),
    )[:n]
    downs = sorted(
        (line for line in lines if line.pull is not None and round_half_up(line.pull) < 0),
        key=lambda line: line.pull or 0,
    )[:n]
    parts = []
    if ups:
        named = _pulls(ups)
        parts.append(f"拉动增长较多的行业是{named}")
    if downs:
        named = _pulls(downs)
        parts.append(f"下拉较多的行业是{named}")
    return "分行业看，" + "；".join(parts) + "。" if parts else None


def _pulls(lines: Sequence[IndustryLine] | Sequence[EnterpriseLine]) -> str:
    """ "甲（拉动1.2个百分点）、乙（下拉0.4个百分点）" """
    return "、".join(f"{line.name}（{drag_phrase(line.pull, '')}）" for line in lines)


def m12_decliners(whole: str, summary: DispatchSummary) -> str | None:
    """M12: "8月全市12户停产半停产减产企业下拉累计产值增速2.3个百分点。" """
    d = summary.decliners
    if not d.count:
        return None
    split = "、".join(
        f"{word}{count}户"
        for word, count in (
            ("停产", d.stopped),
            ("半停产", d.half_stopped),
            ("减产", d.reduced),
            ("本月已恢复正常生产", d.recovering),
        )
        if count
    )
    return (
        f"{summary.period.month_label}{whole}累计产值下降企业{d.count}户（{split}），"
        f"{drag_phrase(d.pull)}。"
    )


def m13_retained(summary: DispatchSummary) -> str | None:
    """M13: "退库留基企业3户，下拉累计产值增速0.9个百分点。" """
    r = summary.retained_exits
    if not r.count:
        return None
    return f"退库留基企业{r.count}户，{drag_phrase(r.pull)}。"


def w06_both_ends(ends: BothEnds, n: int = 3) -> str | None:
    """W06 抓两端: "拉动累计产值增长最多的企业是甲（拉动1.2个百分点）…；
    下拉最多的企业是乙（下拉0.8个百分点）…" """
    parts = []
    if ends.top:
        parts.append(f"拉动累计产值增长最多的企业是{_pulls(ends.top[:n])}")
    if ends.bottom:
        parts.append(f"下拉最多的企业是{_pulls(ends.bottom[:n])}")
    return "抓两端看，" + "；".join(parts) + "。" if parts else None


def p01_projects(progress: Progress) -> str | None:
    """P01 P05: "重点监测的25个投资千万元以上工业项目建成6个，累计完成投资12.34亿元，其中投资
    亿元以上项目9个。" """
    if not progress.key_count:
        return None
    text = (
        f"重点监测的{progress.key_count}个投资千万元以上工业项目建成{progress.key_built}个，"
        f"累计完成投资{yi_amount(progress.key_cumulative_yi)}亿元"
    )
    if progress.over_100m:
        text += f"，其中投资亿元以上项目{progress.over_100m}个"
    if progress.expected_output_wan:
        text += f"；今年投产项目预计新增产值{yi_of_wan(progress.expected_output_wan)}亿元"
    return text + "。"


def p03_pushes(progress: Progress) -> str | None:
    """P03: "推动3个储备项目尽早开工、5个新上项目加快进度、8个在建项目加快竣工、2个竣工项目
    快速投产。" — the ledger's lists as the progress module draws them."""
    words = {
        "to_start": "储备项目尽早开工",
        "in_progress": "新上项目加快进度",
        "to_complete": "在建项目加快竣工",
        "to_produce": "竣工项目快速投产",
    }
    parts = [
        f"{len(progress.pushes[key])}个{text}"
        for key, text in words.items()
        if progress.pushes[key]
    ]
    return "下一步需推动" + "、".join(parts) + "。" if parts else None


def a05_handling(stats: AppealStatistics) -> str | None:
    """A05: "1—8月共受理企业诉求48个，已解决30个、解释到位8个，仍在办理10个（超期2个），
    按时办结率85.0%。" """
    total = stats.total
    if not total.appeals:
        return None
    text = (
        f"共受理企业诉求{total.appeals}个，已解决{total.resolved}个、解释到位{total.explained}个，"
        f"仍在办理{total.open}个"
    )
    if total.overdue:
        text += f"（其中超期{total.overdue}个）"
    if total.on_time_rate is not None:
        text += f"，按时办结率{pct(total.on_time_rate)}%"
    return text + "。"
