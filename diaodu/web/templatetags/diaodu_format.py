"""Display formatting for templates: the same rounding and words as the CLI and bulletin."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template

from diaodu.core.periods import Period
from diaodu.reports import words
from diaodu.web.tables import shown, trend_class

register = template.Library()


@register.filter
def pct(value: Decimal | None) -> str:
    return "—" if value is None else str(shown(value))


@register.filter
def pp(value: Decimal | None) -> str:
    return "—" if value is None else str(shown(value))


@register.filter
def wan(fen: int | None) -> str:
    return words.wan(fen)


@register.filter
def yi(fen: int | None) -> str:
    return words.yi(fen)


@register.filter
def trend(value: Decimal | None) -> str:
    """CSS class: red for up, green for down, as Chinese dashboards read them."""
    return trend_class(value)


@register.filter
def signed_pp(value: Decimal | None) -> str:
    """A change in points with its sign: "+0.5", "-1.2", "0.0"."""
    if value is None:
        return "—"
    return f"+{shown(value)}" if shown(value) > 0 else str(shown(value))


@register.filter
def absolute(value: int | None) -> str:
    return "" if value is None else str(abs(value))


@register.filter
def wan_amount(value: Decimal | None) -> str:
    """An amount already in 万元 (the project ledger), two decimals with separators."""
    if value is None:
        return "—"
    return f"{words.round_half_up(value, Decimal('0.01')):,}"


@register.filter
def overdue_on(appeal: Any, today: dt.date) -> bool:
    """The appeal's own rule (Appeal.is_overdue), for a template."""
    return bool(appeal.is_overdue(today))


@register.filter
def period_label(key: int) -> str:
    """yyyymm → "2026年10月"."""
    return Period.from_key(key).label


@register.filter
def shifted(period: Period | None, months: int) -> Period | None:
    """The period some months before (negative) or after, for the 上一月/下一月 links."""
    return None if period is None else period.shift(int(months))


def _decimal(text: object) -> Decimal | None:
    """A figure an import report stored as text ("80.000000"); None when there is none."""
    if text is None or text == "":
        return None
    try:
        return Decimal(str(text))
    except ArithmeticError:
        return None


@register.filter
def wan_text(text: object) -> str:
    """A stored report's 万元 text at the pages' precision: two decimals with separators."""
    return wan_amount(_decimal(text))


@register.filter
def pct_text(text: object) -> str:
    """A stored report's growth text at the published precision: one decimal."""
    return pct(_decimal(text))


def _difference(new: object, old: object) -> Decimal | None:
    after, before = _decimal(new), _decimal(old)
    return None if after is None or before is None else after - before


@register.filter
def wan_change(new: object, old: object) -> str:
    """How much a stored report's 万元 figure moved, with its sign: "+10.00", "-3.50"."""
    change = _difference(new, old)
    if change is None:
        return "—"
    text = wan_amount(change)
    return f"+{text}" if change > 0 and text != "0.00" else text


@register.filter
def pp_change(new: object, old: object) -> str:
    """How many points a stored report's growth moved, from the unrounded rates."""
    return signed_pp(_difference(new, old))
