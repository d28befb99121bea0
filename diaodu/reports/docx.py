"""The bulletin as a Word document in the GB/T 9704 layout of reports.layout.

Tables are numbered 表1, 表2… and charts 图1, 图2… in the order they print, so a
section left out leaves no gap in the numbering. Charts are PNG images; a server without
the CJK font file prints the bulletin without them rather than with boxes for glyphs."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import IO

from diaodu.reports.bulletin import Bulletin, Chart, Subheading, Table, display
from diaodu.reports.layout import OfficialDocument

logger = logging.getLogger(__name__)
CAPTION_SPACE = "\u3000"  # a full-width space between "表1" and the caption, as printed


def write_docx(bulletin: Bulletin, target: str | Path | IO[bytes]) -> None:
    # matplotlib is imported here, not with the module: it costs every process that loads
    # the URLs (the server's workers, each `diaodu` command's checks) a second and a half.
    from diaodu.reports import charts

    document = OfficialDocument()
    document.title(bulletin.title)
    counters = {"table": 0, "chart": 0}
    drawable = charts.is_drawable()
    if not drawable:
        logger.warning("找不到中文字体文件%s，通报中的图表已略去", charts.cjk_font_file())
    for heading, section in bulletin.numbered():
        document.heading(heading, 1)
        for block in section.blocks:
            if isinstance(block, str):
                document.paragraph(block)
            elif isinstance(block, Subheading):
                document.heading(block.text, block.level)
            elif isinstance(block, Table):
                counters["table"] += 1
                _table(document, block, counters["table"])
            elif isinstance(block, Chart) and drawable:
                counters["chart"] += 1
                _chart(document, block, counters["chart"])
    document.save(target)


def _table(document: OfficialDocument, table: Table, number: int) -> None:
    document.table(
        [column.title for column in table.columns],
        [
            [display(value, column) for value, column in zip(row, table.columns, strict=True)]
            for row in table.rows
        ],
        caption=f"表{number}{CAPTION_SPACE}{table.caption}",
        text_columns=_leading_text_columns(table),
    )


def _leading_text_columns(table: Table) -> int:
    """Names come first in every bulletin table; the numbers after them align right."""
    count = 0
    for column in table.columns:
        if column.places is not None:
            break
        count += 1
    return count


def _chart(document: OfficialDocument, chart: Chart, number: int) -> None:
    from diaodu.reports import charts

    document.picture(charts.render(chart))
    document.caption(f"图{number}{CAPTION_SPACE}{chart.caption}")
