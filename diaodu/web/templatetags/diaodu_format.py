"""Display formatting for templates: the same rounding and words as the CLI and bulletin."""

from __future__ import annotations

from decimal import Decimal

from django import template

from diaodu.reports import words

register = template.Library()


@register.filter
def pct(value: Decimal | None) -> str:
    return words.pct(value)


@register.filter
def pp(value: Decimal | None) -> str:
    return words.pp(value)


@register.filter
def wan(fen: int | None) -> str:
    return words.wan(fen)


@register.filter
def yi(fen: int | None) -> str:
    return words.yi(fen)


@register.filter
def trend(value: Decimal | None) -> str:
    """CSS class: red for up, green for down, as Chinese dashboards read them."""
    if value is None:
        return ""
    return "up" if value > 0 else "down" if value < 0 else ""
