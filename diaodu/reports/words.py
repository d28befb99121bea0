"""Chinese wording and display rounding of analysis results, shared by the CLI, the pages
and the bulletin. Nothing is computed here: numbers come from the analysis."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from diaodu.core.money import fen_to_wan, fen_to_yi

if TYPE_CHECKING:
    from diaodu.analysis.summary import DispatchSummary
    from diaodu.core.periods import Period
    from diaodu.regions.models import Region

ONE_DECIMAL = Decimal("0.1")


def round_half_up(value: Decimal, places: Decimal = ONE_DECIMAL) -> Decimal:
    """Official statistics round half up (四舍五入), not to even."""
    return value.quantize(places, rounding=ROUND_HALF_UP)


def pct(value: Decimal | None) -> str:
    """A percentage for display: one decimal, "—" where there is none."""
    return "—" if value is None else f"{round_half_up(value)}"


def pp(value: Decimal | None) -> str:
    """Percentage points for display, one decimal."""
    return "—" if value is None else f"{round_half_up(value)}"


def wan(fen: int | None) -> str:
    """万元 with thousands separators and two decimals."""
    if fen is None:
        return "—"
    return f"{round_half_up(fen_to_wan(fen), Decimal('0.01')):,}"


def yi(fen: int | None) -> str:
    """亿元, two decimals."""
    return "—" if fen is None else f"{round_half_up(fen_to_yi(fen), Decimal('0.01'))}"


def growth_phrase(value: Decimal | None) -> str:
    """ "增长6.2%" / "下降1.3%" / "持平" (M01), judged at display precision."""
    if value is None:
        return "无上年同期基数"
    shown = round_half_up(value)
    if shown > 0:
        return f"增长{shown}%"
    if shown < 0:
        return f"下降{-shown}%"
    return "与上年同期持平"


def change_phrase(value: Decimal | None, previous_label: str) -> str:
    """M02: "较1—7月回落0.8个百分点" / "提高" / "持平", judged at display precision."""
    if value is None:
        return ""
    shown = round_half_up(value)
    if shown < 0:
        return f"较{previous_label}回落{-shown}个百分点"
    if shown > 0:
        return f"较{previous_label}提高{shown}个百分点"
    return f"与{previous_label}持平"


def headline(summary: DispatchSummary) -> str:
    """M01 + M02: "1—8月，安康市规上工业总产值同比增长6.2%，较1—7月回落0.8个百分点。" """
    text = (
        f"{summary.ytd_label}，{summary.region_name}规上工业总产值{yi(summary.ytd.current)}亿元，"
    )
    text += f"同比{growth_phrase(summary.ytd.growth)}"
    if summary.previous_period is not None:
        text += "，" + change_phrase(summary.ytd_growth_change, summary.previous_period.ytd_label)
    return text + "。"


_SMALL_NUMBERS = "零一二三四五六七八九十"


def count_word(n: int) -> str:
    """一, 两, 三 … 十 for counts of places, as bulletins write them; digits above ten."""
    if n == 2:
        return "两"
    return _SMALL_NUMBERS[n] if 0 <= n <= 10 else str(n)


def rank_move(change: int | None) -> str:
    """M04: 前移N位 (moved up), 后移N位 (moved down), 持平; — when there is nothing to compare."""
    if change is None:
        return "—"
    if change == 0:
        return "持平"
    return f"{'前移' if change > 0 else '后移'}{count_word(abs(change))}位"


def rank_phrase(rank: int) -> str:
    """M04: 列第五, 列第12."""
    return f"列第{count_word(rank) if rank != 2 else '二'}"


def whole_region(region: Region) -> str:
    """全省, 全市, 全县, 全区 — how a bulletin names the whole of its region."""
    if region.level == region.Level.NATION:
        return "全国"
    if region.level == region.Level.PROVINCE:
        return "全省"
    if region.level == region.Level.CITY:
        return "全市"
    if region.name.endswith("县"):
        return "全县"
    if region.name.endswith("市"):
        return "全市"
    return "全区"


def ordinal(rank: int) -> str:
    """第三, 第二 (never 第两), 第12."""
    return f"第{count_word(rank) if rank != 2 else '二'}"


def gap_phrase(value: Decimal | None, whom: str) -> str:
    """M03/M14: "高于全省0.4个百分点" / "低于全市平均1.2个百分点" / "与全省持平"."""
    if value is None:
        return ""
    shown = round_half_up(value)
    if shown > 0:
        return f"高于{whom}{shown}个百分点"
    if shown < 0:
        return f"低于{whom}{-shown}个百分点"
    return f"与{whom}持平"


def drag_phrase(value: Decimal | None, what: str = "累计产值增速") -> str:
    """M12/M13/W06: "下拉累计产值增速2.3个百分点" or "拉动累计产值增速0.4个百分点"."""
    if value is None:
        return ""
    shown = round_half_up(value)
    if shown < 0:
        return f"下拉{what}{-shown}个百分点"
    if shown > 0:
        return f"拉动{what}{shown}个百分点"
    return f"对{what}影响不足0.1个百分点" if what else "影响不足0.1个百分点"


def yi_of_wan(amount: Decimal | None) -> str:
    """亿元, two decimals, from an exact amount in 万元 (the project ledger's unit)."""
    if amount is None:
        return "—"
    return f"{round_half_up(Decimal(amount) / 10_000, Decimal('0.01'))}"


def yi_amount(amount: Decimal | None) -> str:
    """An amount already in 亿元, two decimals."""
    return "—" if amount is None else f"{round_half_up(Decimal(amount), Decimal('0.01'))}"


def wan_kwh(kwh: int | None) -> str:
    """Electricity for display: 千瓦时 → 万千瓦时, two decimals."""
    if kwh is None:
        return "—"
    return f"{round_half_up(Decimal(kwh) / 10_000, Decimal('0.01')):,}"


def previous_label(previous: Period | None, current: Period) -> str:
    """The label M02 compares with: "1—7月", or "2025年1—12月" across a year's end."""
    if previous is None:
        return ""
    if previous.year == current.year:
        return previous.ytd_label
    return f"{previous.year}年{previous.ytd_label}"


def enumerate_names(names: list[str]) -> str:
    """ "甲、乙、丙", as bulletins list places and enterprises."""
    return "、".join(names)
