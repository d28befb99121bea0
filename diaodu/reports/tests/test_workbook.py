"""The bulletin's tables in Excel for the small 安康市 of conftest.py, read back."""

import openpyxl
import pytest

from diaodu.core.periods import Period
from diaodu.reports.workbook import write_workbook
from diaodu.testing import region

pytestmark = pytest.mark.django_db


@pytest.fixture
def workbook(city, tmp_path):
    path = tmp_path / "通报数据表.xlsx"
    write_workbook(region("610900"), Period(2026, 8), path)
    return openpyxl.load_workbook(path)


def test_there_is_a_notes_sheet_first_and_one_sheet_per_table(workbook):
    assert workbook.sheetnames == ["说明", "县区", "行业", "拉动前列企业", "下拉前列企业"]
    notes = [row[0] for row in workbook["说明"].iter_rows(values_only=True) if row[0]]
    assert notes[0] == "安康市2026年8月工业经济运行情况通报"
    assert any("拉动（百分点）" in note for note in notes)


def test_figures_are_numbers_with_the_bulletins_formats(workbook):
    sheet = workbook["县区"]
    assert sheet.freeze_panes == "A2"
    name, output, growth, change, share, pull, rank = (cell for cell in sheet[2])
    assert name.value == "汉滨区"
    # 170000万元 = 17亿元; 170/150 − 1 = 13.333…%; 20/250 = 8 pp
    assert (output.value, output.number_format) == (17, "#,##0.00")
    assert abs(growth.value - 40 / 3) < 1e-9 and growth.number_format == "0.0"
    assert abs(pull.value - 8) < 1e-9 and pull.number_format == "0.0"
    assert abs(change.value) < 1e-9 and change.number_format == "0.0"  # 13.33% both months
    assert abs(share.value - 170 / 265 * 100) < 1e-9
    assert (rank.value, rank.number_format) == (1, "0")


def test_enterprise_output_is_in_wan_yuan(workbook):
    sheet = workbook["拉动前列企业"]
    assert sheet["A1"].value == "企业名称" and sheet["D1"].value == "累计产值（万元）"
    assert (sheet["A2"].value, sheet["D2"].value) == ("甲厂", 130000)
