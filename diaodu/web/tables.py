"""Tables as data: one builder per table, rendered by web/_table.html and written to Excel
by exports.py, so the page and the workbook always hold the same rows.

A cell carries the text shown, the value Excel gets (a number where there is one, at the
precision shown) and an optional link and colour class. Nothing is computed here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

from diaodu.core.money import fen_to_wan
from diaodu.reports import words

Value = str | int | Decimal | dt.date | None


@dataclass(frozen=True)
class Cell:
    text: str
    value: Value = None  # for Excel and for sorting; None: the text
    href: str = ""
    css: str = ""
    sort: str = ""  # where neither the text nor the value sorts right ("2024年10月")

    @property
    def export(self) -> Value:
        return self.text if self.value is None else self.value

    @property
    def sort_key(self) -> str:
        """What the page's sorting script compares: numbers as plain digits, else the text."""
        if self.sort:
            return self.sort
        if isinstance(self.value, int | Decimal):
            return str(self.value)
        if isinstance(self.value, dt.date):
            return self.value.isoformat()
        return self.text


@dataclass
class Table:
    name: str  # the file name of the export and the HTML id
    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    numeric: frozenset[int] = frozenset()  # right-aligned columns

    def add(self, *cells: Cell) -> None:
        self.rows.append(list(cells))

    def rows_html(self) -> SafeString:
        """The body rows as web/_table.html shows them, built here: a list of 600
        enterprises is some 5,000 cells, and the template engine's loop over them was
        three quarters of the page's time. Every text is escaped (the standard library's
        html.escape, which Django's escape wraps: its lazy-text check cost more than the
        escaping on 20,000 strings)."""
        lines = []
        for row in self.rows:
            cells = []
            for index, cell in enumerate(row):
                css = escape(("num " if index in self.numeric else "") + cell.css)
                shown = escape(cell.text)
                if cell.href:
                    shown = f'<a href="{escape(cell.href)}">{shown}</a>'
                cells.append(f'<td class="{css}" data-sort="{escape(cell.sort_key)}">{shown}</td>')
            lines.append(f"<tr>{''.join(cells)}</tr>")
        return mark_safe("\n".join(lines))  # built from escaped parts only


def shown(value: Decimal) -> Decimal:
    """The value as printed, one decimal; a tiny fall prints 0.0, not -0.0."""
    rounded = words.round_half_up(value)
    return abs(rounded) if rounded == 0 else rounded


def trend_class(value: Decimal | None) -> str:
    """Red for up, green for down (the convention stated in the page's legend), judged at
    the precision printed: a figure shown as 0.0 is neither."""
    if value is None:
        return ""
    printed = shown(value)
    return "up" if printed > 0 else "down" if printed < 0 else ""


def text(value: object, href: str = "") -> Cell:
    return Cell("" if value is None else str(value), href=href)


def rate(value: Decimal | None, *, coloured: bool = True) -> Cell:
    """A growth (%) or a change in points, one decimal as published."""
    if value is None:
        return Cell("—", "")
    css = trend_class(value) if coloured else ""
    return Cell(str(shown(value)), shown(value), css=css)


def wan(fen: int | None) -> Cell:
    if fen is None:
        return Cell("—", "")
    return Cell(words.wan(fen), words.round_half_up(fen_to_wan(fen), Decimal("0.01")))


def wan_decimal(value: Decimal | None) -> Cell:
    """An amount already kept in 万元 (the project ledger)."""
    if value is None:
        return Cell("—", "")
    shown = words.round_half_up(value, Decimal("0.01"))
    return Cell(f"{shown:,}", shown)


def count(value: int | None) -> Cell:
    return Cell("—", "") if value is None else Cell(str(value), value)


def day(value: dt.date | None) -> Cell:
    return Cell("—", "") if value is None else Cell(value.isoformat(), value)
