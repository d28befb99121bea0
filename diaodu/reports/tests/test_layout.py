"""The GB/T 9704 layout, checked by reading the written .docx back."""

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Length, Pt, Twips

from diaodu.reports.layout import KEPT_TOGETHER, OfficialDocument


def written(tmp_path):
    document = OfficialDocument()
    document.title("示范市2025年8月工业经济运行情况通报")
    document.heading("一、主要指标", 1)
    document.heading("（一）规上工业", 2)
    document.paragraph("1—8月，全市规上工业总产值同比增长6.2%。")
    document.table(["县区", "增速（%）"], [["东城区", "6.2"]], caption="表1 县区运行")
    path = tmp_path / "通报.docx"
    document.save(path)
    return Document(str(path))


def east_asian_font(run):
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def character_spacing(run):
    """w:spacing of the run, in twentieths of a point; None where not set."""
    spacing = run._element.rPr.find(qn("w:spacing"))
    return None if spacing is None else int(spacing.get(qn("w:val")))


def mm(*lengths):
    """Word stores page sizes in twentieths of a point: compare to 0.1 mm."""
    return tuple(round(length.mm, 1) for length in lengths)


def test_the_page_is_a4_with_the_official_margins_and_type_area(tmp_path):
    section = written(tmp_path).sections[0]
    assert mm(section.page_width, section.page_height) == (210, 297)
    assert mm(section.top_margin, section.left_margin) == (37, 28)
    # type area 156 × 225 mm: 210 − 28 − 26 and 297 − 37 − 35
    assert mm(section.right_margin, section.bottom_margin) == (26, 35)


def test_title_headings_and_body_use_the_official_faces_and_sizes(tmp_path):
    paragraphs = written(tmp_path).paragraphs
    title, heading1, heading2, body = (p.runs[0] for p in paragraphs[:4])
    assert (east_asian_font(title), title.font.size) == ("方正小标宋简体", Pt(22))  # 2号
    assert (east_asian_font(heading1), heading1.font.size) == ("黑体", Pt(16))  # 3号
    assert east_asian_font(heading2) == "楷体_GB2312"
    assert (east_asian_font(body), body.font.size) == ("仿宋_GB2312", Pt(16))


def test_body_lines_are_spaced_for_22_lines_a_page(tmp_path):
    body = written(tmp_path).paragraphs[3]
    # 225 mm = 637.8 pt; / 22 lines = 28.99 pt a line
    assert abs(body.paragraph_format.line_spacing.pt - 637.795 / 22) < 0.05
    assert body.paragraph_format.first_line_indent == Pt(32)  # two 3号 characters


def test_the_section_has_a_line_grid_whose_22_lines_fit_between_the_margins(tmp_path):
    section = written(tmp_path).sections[0]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    pitch = Twips(int(grid.get(qn("w:linePitch"))))
    height = Length(section.page_height - section.top_margin - section.bottom_margin)
    assert 22 * pitch <= height < 23 * pitch


def test_28_condensed_3hao_characters_fit_the_type_width_and_29_do_not(tmp_path):
    document = written(tmp_path)
    section = document.sections[0]
    width = Length(section.page_width - section.left_margin - section.right_margin).pt
    for paragraph in document.paragraphs[1:4]:  # 黑体 and 楷体 headings, 仿宋 body
        run = paragraph.runs[0]
        pitch = run.font.size.pt + character_spacing(run) / 20
        assert run.font.size == Pt(16)
        assert 28 * pitch <= width < 29 * pitch


def test_the_title_and_tables_keep_their_natural_character_spacing(tmp_path):
    document = written(tmp_path)
    assert character_spacing(document.paragraphs[0].runs[0]) is None
    assert character_spacing(document.tables[0].rows[0].cells[0].paragraphs[0].runs[0]) is None


def test_the_document_language_is_simplified_chinese(tmp_path):
    document = written(tmp_path)
    (lang,) = document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang")
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    # The theme's East Asian face follows this one: 宋体 for zh-CN, ＭＳ 明朝 for ja-JP.
    (theme_lang,) = document.settings.element.xpath("w:themeFontLang")
    assert theme_lang.get(qn("w:eastAsia")) == "zh-CN"


def test_page_numbers_are_dashed_right_on_odd_pages_and_left_on_even_pages(tmp_path):
    document = written(tmp_path)
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.text.startswith("— ") and odd.text.endswith(" —")
    assert (odd.alignment, even.alignment) == (2, 0)  # RIGHT, LEFT
    assert "PAGE" in odd._element.xml
    assert odd.runs[0].font.size == Pt(14)  # 4号 宋体


def _keeps_with_next(cell) -> bool:
    return bool(cell.paragraphs[0].paragraph_format.keep_with_next)


def _row_flags(row) -> set[str]:
    properties = row._tr.trPr
    return set() if properties is None else {child.tag.split("}")[1] for child in properties}


def test_a_table_is_paginated_as_a_typist_sets_it(tmp_path):
    """The caption keeps with the table, the header row with the first row and repeats on
    every page, no row splits; a short table is kept on one page, a long one is not."""
    document = OfficialDocument()
    short = [[f"县{number}", "6.2"] for number in range(KEPT_TOGETHER)]
    long = [[f"企业{number}", "6.2"] for number in range(KEPT_TOGETHER + 1)]
    document.table(["县区", "增速（%）"], short, caption="表1 县区运行")
    document.table(["企业", "增速（%）"], long, caption="表2 企业")
    path = tmp_path / "通报.docx"
    document.save(path)
    written = Document(str(path))
    captions = [p for p in written.paragraphs if p.text.startswith("表")]
    assert [bool(p.paragraph_format.keep_with_next) for p in captions] == [True, True]
    first, second = written.tables
    for table in (first, second):
        assert _row_flags(table.rows[0]) == {"cantSplit", "tblHeader"}
        assert all(_row_flags(row) == {"cantSplit"} for row in table.rows[1:])
        assert _keeps_with_next(table.rows[0].cells[0])
        assert not _keeps_with_next(table.rows[-1].cells[0])  # the table's end is free
    assert all(_keeps_with_next(row.cells[0]) for row in first.rows[:-1])
    assert not any(_keeps_with_next(row.cells[0]) for row in second.rows[1:])
