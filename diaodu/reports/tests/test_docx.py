"""The bulletin written to Word for the small 安康市 of conftest.py, read back."""

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from diaodu.core.periods import Period
from diaodu.reports.bulletin import build_bulletin
from diaodu.reports.docx import write_docx
from diaodu.testing import region

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(city, tmp_path):
    path = tmp_path / "通报.docx"
    write_docx(build_bulletin(region("610900"), Period(2026, 8)), path)
    return Document(str(path))


def east_asian_font(run):
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def paragraph_starting(document, text):
    return next(p for p in document.paragraphs if p.text.startswith(text))


def test_the_page_is_a4_with_the_gbt_9704_margins(document):
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)
    # type area 156 × 225 mm
    assert round(section.page_width.mm - section.left_margin.mm - section.right_margin.mm) == 156
    assert round(section.page_height.mm - section.top_margin.mm - section.bottom_margin.mm) == 225


def test_the_grid_is_22_lines_and_the_body_is_condensed_to_28_characters(document):
    grid = document.sections[0]._sectPr.find(qn("w:docGrid"))
    # A line grid only: LibreOffice spreads a 16 pt character over two cells of a 15.79 pt
    # character grid. 225 mm / 22 = 28.99 pt, rounded down to 579 twips so 22 fit.
    assert grid.get(qn("w:type")) == "lines"
    assert (grid.get(qn("w:linePitch")), grid.get(qn("w:charSpace"))) == ("579", None)
    body = paragraph_starting(document, "1—8月，全市规上工业总产值")
    spacing = body.runs[0]._element.rPr.find(qn("w:spacing"))
    assert spacing.get(qn("w:val")) == "-5"  # 28 × (16 − 0.25) pt = 441 pt ≤ 156 mm


def test_the_title_is_2hao_xiaobiaosong(document):
    title = document.paragraphs[0]
    assert title.text == "安康市2026年8月工业经济运行情况通报"
    assert east_asian_font(title.runs[0]) == "方正小标宋简体"
    assert title.runs[0].font.size == Pt(22)


def test_headings_are_heiti_and_the_body_fangsong_3hao(document):
    heading = paragraph_starting(document, "一、")
    assert heading.text == "一、主要指标完成情况"
    assert east_asian_font(heading.runs[0]) == "黑体"
    body = paragraph_starting(document, "1—8月，全市规上工业总产值")
    assert east_asian_font(body.runs[0]) == "仿宋_GB2312"
    assert body.runs[0].font.size == Pt(16)


def test_the_m01_sentence_has_the_hand_computed_growth_and_change(document):
    body = paragraph_starting(document, "1—8月，全市规上工业总产值")
    # 265 against 250 → 6.0%; against 1—7月's 6.306% → 回落0.3
    assert "同比增长6.0%，较1—7月回落0.3个百分点" in body.text


def test_the_counties_table_prints_the_hand_computed_figures(document):
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == [
        "县区",
        "累计产值（亿元）",
        "增速（%）",
        "较1—7月增减（百分点）",
        "占比（%）",
        "拉动（百分点）",
        "增速位次",
    ]
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert rows == [
        ["汉滨区", "17.00", "13.3", "0.0", "64.2", "8.0", "1"],
        ["汉阴县", "6.60", "10.0", "0.4", "24.9", "2.4", "2"],
        ["石泉县", "2.90", "-27.5", "-1.8", "10.9", "-4.4", "3"],
    ]
    assert paragraph_starting(document, "表1").text == "表1\u30001—8月各县区规上工业运行情况"


def test_the_trend_and_county_charts_are_images_with_captions(document):
    assert len(document.inline_shapes) == 2
    captions = [p.text for p in document.paragraphs if p.text.startswith("图")]
    assert captions == [
        "图1\u30002026年安康市规上工业总产值累计增速（%）",
        "图2\u30001—8月各县区规上工业总产值增速（%）",
    ]


def test_page_numbers_are_dashed_fields_right_on_odd_and_left_on_even_pages(document):
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for footer in (odd, even):
        assert footer.text == "— 1 —"  # the PAGE field's placeholder between the dashes
        assert "<w:instrText" in footer._element.xml and " PAGE " in footer._element.xml
        assert east_asian_font(footer.runs[0]) == "宋体"
        assert footer.runs[0].font.size == Pt(14)
    assert (odd.alignment, even.alignment) == (2, 0)  # RIGHT, LEFT


def test_no_font_is_embedded(city, tmp_path):
    path = tmp_path / "通报.docx"
    write_docx(build_bulletin(region("610900"), Period(2026, 8)), path)
    import zipfile

    names = zipfile.ZipFile(path).namelist()
    assert not [name for name in names if name.startswith("word/fonts/")]


def test_without_the_cjk_font_the_charts_are_left_out(city, tmp_path, settings):
    settings.DIAODU_CJK_FONT = str(tmp_path / "missing.ttc")
    path = tmp_path / "通报.docx"
    write_docx(build_bulletin(region("610900"), Period(2026, 8)), path)
    assert len(Document(str(path)).inline_shapes) == 0
