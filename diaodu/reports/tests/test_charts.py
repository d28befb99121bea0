"""The charts' figures before they become pixels: which lines are drawn, with what data."""

import math
from decimal import Decimal

import pytest

from diaodu.reports import charts
from diaodu.reports.bulletin import Chart, Series

pytestmark = pytest.mark.skipif(not charts.is_drawable(), reason="需要 fonts-noto-cjk")


def lines(chart):
    axes = charts.drawn(chart).axes[0]
    return {
        line.get_label(): [None if math.isnan(y) else y for y in line.get_ydata()]
        for line in axes.get_lines()
        if not str(line.get_label()).startswith("_")  # the unnamed zero line
    }


def test_the_peers_are_drawn_beside_the_region_with_gaps_where_nothing_was_published():
    chart = Chart(
        "trend",
        "2026年安康市与全省地级市规上工业总产值累计增速（%）",
        ("1—7月", "1—8月"),
        (Decimal("6.3063"), Decimal("6.0")),
        name="安康市",
        peers=(
            Series("西安市", (Decimal("9.0"), Decimal("8.5"))),
            Series("铜川市", (None, Decimal("5.0"))),
        ),
    )
    assert lines(chart) == {
        "西安市": [9.0, 8.5],
        "铜川市": [None, 5.0],
        "安康市": [6.3063, 6.0],
    }
    legend = charts.drawn(chart).axes[0].get_legend()
    assert [text.get_text() for text in legend.get_texts()] == ["安康市", "西安市", "铜川市"]


def test_a_region_without_peers_is_one_line_without_a_legend():
    chart = Chart(
        "trend",
        "2026年安康市规上工业总产值累计增速（%）",
        ("1—7月", "1—8月"),
        (Decimal("6.3"), Decimal("6.0")),
        name="安康市",
    )
    assert lines(chart) == {"安康市": [6.3, 6.0]}
    assert charts.drawn(chart).axes[0].get_legend() is None
