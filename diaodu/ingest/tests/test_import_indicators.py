"""Official region figures: contracts/region-indicators.md."""

from decimal import Decimal

import pytest

from diaodu.ingest.services import import_indicators
from diaodu.ingest.tests.files import write_xlsx
from diaodu.regions.models import Indicator, IndicatorAlias, RegionFigure, RegionFigureHistory

pytestmark = pytest.mark.django_db

HEADER = ["报告期", "地区代码", "地区名称", "指标", "口径", "值", "同比增长"]


def figures():
    return {
        (f.region.code, f.indicator.name, f.period_kind, f.period, f.scope): (f.value, f.growth)
        for f in RegionFigure.objects.select_related("region", "indicator")
    }


def test_months_quarters_and_years_are_stored_with_their_scope(tmp_path):
    rows = [
        HEADER,
        ["2024-08", "610900", "安康市", "规上工业增加值", "累计", "", "6.5"],
        ["2024Q2", "610000", "陕西省", "工业投资", "", "1234.5", "-3.2"],
        ["2024年三季度", "100000", "", "规上工业增加值", "累计", "", 5.8],
        ["2023", "610902", "汉滨区", "规上工业企业数", "", 152, ""],
    ]
    assert import_indicators(write_xlsx(tmp_path / "f.xlsx", rows)).ok
    assert figures() == {
        ("610900", "规上工业增加值", "month", 202408, "ytd"): (None, Decimal("6.5")),
        ("610000", "工业投资", "quarter", 20242, "ytd"): (Decimal("1234.5"), Decimal("-3.2")),
        ("100000", "规上工业增加值", "quarter", 20243, "ytd"): (None, Decimal("5.8")),
        ("610902", "规上工业企业数", "year", 2023, "ytd"): (Decimal(152), None),
    }


def test_a_february_figure_serves_both_scopes(tmp_path):
    rows = [HEADER, ["2024-02", "610900", "", "规上工业增加值", "当月", "", "7.1"]]
    assert import_indicators(write_xlsx(tmp_path / "f.xlsx", rows)).ok
    assert {key[-1]: value for key, value in figures().items()} == {
        "month": (None, Decimal("7.1")),
        "ytd": (None, Decimal("7.1")),
    }


def test_two_different_february_figures_are_an_error(tmp_path):
    rows = [
        HEADER,
        ["2024-02", "610900", "", "规上工业增加值", "当月", "", "7.1"],
        ["2024-02", "610900", "", "规上工业增加值", "累计", "", "7.2"],
    ]
    result = import_indicators(write_xlsx(tmp_path / "f.xlsx", rows))
    assert not result.ok and "2月" in result.errors[0].message
    assert not RegionFigure.objects.exists()


def test_unknown_indicator_wrong_name_and_empty_row_are_all_reported(tmp_path):
    rows = [
        HEADER,
        ["2024-08", "610900", "汉中市", "规上工业增加值", "", "", "6"],
        ["2024-08", "610900", "", "不存在的指标", "", "", "6"],
        ["2024-08", "610900", "", "工业投资", "", "", ""],
        ["2024-13", "610900", "", "工业投资", "", "", "1"],
    ]
    result = import_indicators(write_xlsx(tmp_path / "f.xlsx", rows))
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "地区名称"),
        (4, "指标"),
        (5, "值"),
        (6, "报告期"),
    ]


def test_an_alias_users_added_finds_its_indicator(tmp_path):
    IndicatorAlias.objects.create(
        indicator=Indicator.objects.get(name="技改投资"), alias="工业技改投资"
    )
    rows = [HEADER, ["2024-08", "610900", "", "工业技改投资", "", "", "12.5"]]
    assert import_indicators(write_xlsx(tmp_path / "f.xlsx", rows)).ok
    assert RegionFigure.objects.get().indicator.name == "技改投资"


def test_a_figure_imported_again_is_replaced_and_the_old_one_kept(tmp_path):
    first = import_indicators(
        write_xlsx(
            tmp_path / "a.xlsx", [HEADER, ["2024-08", "610900", "", "工业投资", "", "", "6.5"]]
        )
    )
    second = import_indicators(
        write_xlsx(
            tmp_path / "b.xlsx", [HEADER, ["2024-08", "610900", "", "工业投资", "", "", "6.4"]]
        )
    )
    assert second.report == {"unknown_columns": [], "figures": 1, "created": 0, "replaced": 1}
    assert RegionFigure.objects.get().growth == Decimal("6.4")
    old = RegionFigureHistory.objects.get()
    assert (old.growth, old.batch_id, old.replaced_by_id) == (
        Decimal("6.5"),
        first.batch.pk,
        second.batch.pk,
    )
