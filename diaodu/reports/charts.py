"""The bulletin's charts as PNG images, drawn with matplotlib's Agg canvas.

Chinese labels need a CJK font or they print as boxes. The font is read from its file
(fonts-noto-cjk, free) by path, never embedded in the document: the PNG carries the
rendered text. The Noto file is a collection; its Simplified Chinese face is chosen, so
characters take their mainland forms. A Figure is built per chart, without pyplot's
global state, so charts can be drawn in a web request beside other requests."""

from __future__ import annotations

import io
import math
from functools import cache
from pathlib import Path

from django.conf import settings
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontPath, FontProperties
from matplotlib.ft2font import FT2Font

from diaodu.reports.bulletin import Chart
from diaodu.reports.words import pct

DEFAULT_CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SIMPLIFIED_FACE = "Noto Sans CJK SC"
DPI = 200
UP, DOWN = "#c0392b", "#2e7d32"  # red for growth, green for decline, as Chinese charts do
# The peers' lines: muted and thin, so the region's own red line stays the one read first.
PEER_COLORS = ("#5b7db1", "#8c8c8c", "#c49a3a", "#6a9f7d", "#9b6fa8", "#4aa3a8", "#b5835a")
LEGEND_COLUMNS = 5


class ChartFontMissing(RuntimeError):
    """No CJK font file: the charts are left out rather than printed with boxes."""


def cjk_font_file() -> Path:
    return Path(getattr(settings, "DIAODU_CJK_FONT", DEFAULT_CJK_FONT))


@cache
def _face(path: str) -> str | FontPath:
    """The Simplified Chinese face of a collection (.ttc), or the file itself."""
    if not path.endswith(".ttc"):
        return path
    for index in range(FT2Font(path).num_faces):
        if FT2Font(path, face_index=index).family_name == SIMPLIFIED_FACE:
            return FontPath(path, index)
    return path


def font(size: float) -> FontProperties:
    path = cjk_font_file()
    if not path.is_file():
        raise ChartFontMissing(f"找不到中文字体文件{path}，图表无法绘制")
    return FontProperties(fname=_face(str(path)), size=size)


def render(chart: Chart) -> io.BytesIO:
    """The chart as a PNG in memory, about 16 cm wide (placed at the type area's width);
    the caption is printed under it by the document, not drawn in the image."""
    image = io.BytesIO()
    drawn(chart).savefig(image, format="png", dpi=DPI)
    image.seek(0)
    return image


def drawn(chart: Chart) -> Figure:
    """The chart's figure, laid out, before it becomes pixels."""
    figure = Figure(
        figsize=(6.3, _trend_height(chart) if chart.kind == "trend" else _bars_height(chart))
    )
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    if chart.kind == "trend":
        _trend(axes, chart)
    else:
        _bars(axes, chart)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    return figure


def _trend_height(chart: Chart) -> float:
    """Room for the legend's rows under the axes when peers are drawn."""
    if not chart.peers:
        return 3.2
    return 3.4 + 0.22 * _legend_rows(chart)


def _legend_rows(chart: Chart) -> int:
    return -(-(len(chart.peers) + 1) // LEGEND_COLUMNS)


def _bars_height(chart: Chart) -> float:
    return max(2.4, 0.9 + 0.32 * len(chart.labels))


def _numbers(chart: Chart) -> list[float]:
    return [float(value) for value in chart.values]


def _trend(axes, chart: Chart) -> None:
    values = _numbers(chart)
    # Peers first, so the region's line is drawn over theirs where they cross.
    for index, peer in enumerate(chart.peers):
        axes.plot(
            range(len(peer.values)),
            [math.nan if value is None else float(value) for value in peer.values],
            marker="o",
            markersize=2.5,
            linewidth=0.9,
            color=PEER_COLORS[index % len(PEER_COLORS)],
            label=peer.name,
        )
    axes.plot(
        range(len(values)),
        values,
        marker="o",
        color=UP,
        linewidth=2 if chart.peers else 1.5,
        label=chart.name,
        zorder=3 if chart.peers else 2,  # over the peers; alone, as it always was
    )
    for x, (value, shown) in enumerate(zip(values, chart.values, strict=True)):
        axes.annotate(
            pct(shown),
            (x, value),
            textcoords="offset points",
            xytext=(0, 6),
            ha="center",
            fontproperties=font(8),
        )
    axes.set_xticks(range(len(values)), list(chart.labels), fontproperties=font(8))
    axes.axhline(0, color="#999999", linewidth=0.6)
    axes.margins(y=0.25)
    if chart.peers:
        handles, names = axes.get_legend_handles_labels()
        axes.legend(
            handles[-1:] + handles[:-1],  # the region first
            names[-1:] + names[:-1],
            loc="upper center",
            bbox_to_anchor=(0.5, -0.12),
            ncol=LEGEND_COLUMNS,
            frameon=False,
            prop=font(7),
        )


def _bars(axes, chart: Chart) -> None:
    """Horizontal bars, fastest at the top, each labelled with its growth as printed."""
    values = _numbers(chart)
    positions = list(range(len(values)))[::-1]
    colors = [UP if value >= 0 else DOWN for value in chart.values]
    axes.barh(positions, values, color=colors, height=0.6)
    axes.set_yticks(positions, list(chart.labels), fontproperties=font(8))
    for y, value, shown in zip(positions, values, chart.values, strict=True):
        axes.annotate(
            pct(shown),
            (value, y),
            textcoords="offset points",
            xytext=(4 if value >= 0 else -4, 0),
            ha="left" if value >= 0 else "right",
            va="center",
            fontproperties=font(8),
        )
    axes.axvline(0, color="#999999", linewidth=0.6)
    axes.margins(x=0.2)


def is_drawable() -> bool:
    return cjk_font_file().is_file()
