"""The official document layout (GB/T 9704-2012 党政机关公文格式) for Word output.

A4; top margin 37 mm, left (binding) 28 mm; type area 156 × 225 mm; title 2号 小标宋;
body 3号 仿宋, 22 lines × 28 characters a page; headings 一、 in 黑体, （一） in 楷体,
1. and （1） in 仿宋; page numbers "— 1 —" in 4号 宋体, odd pages right, even pages left.

The 28 characters a line come from the text, not from a character grid: 28 characters of
16 pt are 448 pt, wider than the 442.2 pt line, so the 3号 runs are condensed by a quarter
point (28 × 15.75 pt = 441 pt), and the section has a line grid only. A character grid
("linesAndChars" with a negative charSpace) does the same in Word and WPS, but LibreOffice,
which prints the bulletin's PDF on the server, lays each 16 pt character over two 15.8 pt
grid cells: about 16 characters a line, and the bulletin half again as long.

Fonts are named, never embedded: the readers' Windows/WPS machines have the official
faces (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体); a machine without them falls back
to the East Asian font given in the theme (宋体)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt, Twips
from docx.table import _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

# Chinese type sizes (字号) in points.
SIZE_2HAO = Pt(22)
SIZE_3HAO = Pt(16)
SIZE_4HAO = Pt(14)
SIZE_5HAO = Pt(10.5)

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, LEFT = Mm(37), Mm(28)
TYPE_AREA_WIDTH, TYPE_AREA_HEIGHT = Mm(156), Mm(225)
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
# A table this short is kept on one page; a longer one breaks between rows, header repeated.
KEPT_TOGETHER = 15
# 225 mm / 22 lines, rounded down to the whole twip Word stores: 579 twips (28.95 pt), as
# in the official templates. Rounded to the nearest, 580 × 22 twips is 4 twips more than
# the 12756 between the margins, and LibreOffice puts only 21 lines on a page.
LINE_PITCH = Twips(math.floor(TYPE_AREA_HEIGHT.twips / LINES_PER_PAGE))
# The condensing (w:spacing, in whole twips) that fits 28 characters of 3号 into the type
# width: 16 − 156 mm / 28 = 0.207 pt = 4.1 twips, rounded up (−4 twips leaves 28 × 15.8 pt
# = 442.4 pt, which overflows 442.2 pt by a hair and wraps the 28th character).
BODY_CHARACTER_SPACING = Twips(
    -math.ceil((SIZE_3HAO.pt - TYPE_AREA_WIDTH.pt / CHARS_PER_LINE) * 20)
)
# The page number's dashes lie 7 mm below the type area's lower edge (7.5), 269 mm from
# the top. Word places the footer by the distance of its lower edge from the page's, so:
# the 35 mm margin under the type area, less the 7 mm, less half the footer's line of
# 4号 text (about 6.5 mm high), whose middle the dashes mark.
FOOTER_DISTANCE = Mm(297 - 37 - 225 - 7 - 3)


# The elements that follow w:overflowPunct in a w:pPr (ECMA-376 CT_PPrBase), for inserting
# it in its schema place.
PPR_AFTER_OVERFLOW_PUNCT = (
    *("w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd"),
    *("w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents"),
    *("w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment"),
    *("w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr"),
    "w:pPrChange",
)


@dataclass(frozen=True)
class Face:
    """A font: the official name first, the name a machine without it falls back to."""

    official: str
    fallback: str


TITLE_FACE = Face("方正小标宋简体", "宋体")
BODY_FACE = Face("仿宋_GB2312", "仿宋")
HEI_FACE = Face("黑体", "黑体")
KAI_FACE = Face("楷体_GB2312", "楷体")
SONG_FACE = Face("宋体", "宋体")


def set_face(run: Run, face: Face, size: Pt, *, bold: bool = False) -> None:
    """Name the face for both Latin and East Asian text (Word picks by character)."""
    run.font.size = size
    run.font.bold = bold
    run.font.name = face.official
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), face.official)


def _set_grid(section: Section) -> None:
    """A line grid only ("lines"), at the body's line pitch: Word and WPS show "22 lines a
    page" in Page Setup and keep table rows and single-spaced lines on it. No character
    grid: the 28 characters a line come from the condensed 3号 runs (see the module's
    docstring)."""
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:  # the default template has one, in its schema position
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH.twips))
    grid.attrib.pop(qn("w:charSpace"), None)


def _condense(run: Run) -> None:
    """Narrow a 3号 run's characters to the 28-a-line pitch (w:spacing, in its schema
    place among the run properties: after w:color, before w:w, w:sz…)."""
    r_pr = run._element.get_or_add_rPr()
    spacing = r_pr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        r_pr.insert_element_before(
            spacing,
            *("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u"),
            *("w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs"),
            *("w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath"),
        )
    spacing.set(qn("w:val"), str(BODY_CHARACTER_SPACING.twips))


def _exact_spacing(paragraph: Paragraph) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH
    fmt.space_before = fmt.space_after = Pt(0)


class OfficialDocument:
    """A Word document in the GB/T 9704 layout; add a title, headings, paragraphs, tables."""

    def __init__(self) -> None:
        self.document = Document()
        self._set_page()
        self._set_default_style()
        self._set_language()
        self._add_page_numbers()

    def _set_page(self) -> None:
        section = self.document.sections[0]
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.left_margin = TOP, LEFT
        section.right_margin = Mm(210 - 28 - 156)
        section.bottom_margin = Mm(297 - 37 - 225)
        section.footer_distance = FOOTER_DISTANCE
        _set_grid(section)

    def _set_default_style(self) -> None:
        style = self.document.styles["Normal"]
        style.font.size = SIZE_3HAO
        style.font.name = BODY_FACE.official
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), BODY_FACE.official)
        # A 。 or ， just past a full line may hang in the margin ("允许标点溢出边界", true
        # by default in Word; here written out). LibreOffice (7.4) reads the value the
        # other way round: absent or false, it hangs the mark and, in a justified line,
        # leaves it off the page; true, it carries the line's last character down with
        # the mark instead. Word, by the standard, hangs it as before.
        p_pr = style.element.get_or_add_pPr()
        overflow = OxmlElement("w:overflowPunct")
        overflow.set(qn("w:val"), "1")
        p_pr.insert_element_before(overflow, *PPR_AFTER_OVERFLOW_PUNCT)

    def _set_language(self) -> None:
        """Chinese (zh-CN) for East Asian text, where python-docx's template says en-US and,
        for the theme, ja-JP: Word and WPS pick the theme's East Asian face by the theme
        language, and the template's theme names ＭＳ 明朝 for ja-JP, 宋体 for zh-CN (the
        fallback this module's docstring promises)."""
        # Both elements are in python-docx's default template; a template without them
        # fails here, loudly, rather than writing a document in the wrong language.
        (lang,) = self.document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang")
        lang.set(qn("w:eastAsia"), "zh-CN")
        (theme_lang,) = self.document.settings.element.xpath("w:themeFontLang")
        theme_lang.set(qn("w:eastAsia"), "zh-CN")

    def _add_page_numbers(self) -> None:
        """ "— N —" in 4号 宋体: odd pages at the right, even pages at the left (7.5)."""
        self.document.settings.odd_and_even_pages_header_footer = True
        section = self.document.sections[0]
        for footer, alignment in (
            (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
            (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
        ):
            paragraph = footer.paragraphs[0]
            paragraph.alignment = alignment
            # One character's indent from the edge of the type area, as the standard shows.
            if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
                paragraph.paragraph_format.right_indent = SIZE_4HAO
            else:
                paragraph.paragraph_format.left_indent = SIZE_4HAO
            set_face(paragraph.add_run("— "), SONG_FACE, SIZE_4HAO)
            _add_page_field(paragraph)
            set_face(paragraph.add_run(" —"), SONG_FACE, SIZE_4HAO)

    def title(self, text: str) -> Paragraph:
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = LINE_PITCH  # one blank line under the title
        set_face(paragraph.add_run(text), TITLE_FACE, SIZE_2HAO)
        return paragraph

    def heading(self, text: str, level: int) -> Paragraph:
        """Level 1 "一、" 黑体; level 2 "（一）" 楷体; levels 3–4 "1." "（1）" 仿宋."""
        face = {1: HEI_FACE, 2: KAI_FACE}.get(level, BODY_FACE)
        return self._body_paragraph(text, face)

    def paragraph(self, text: str) -> Paragraph:
        return self._body_paragraph(text, BODY_FACE)

    def _body_paragraph(self, text: str, face: Face) -> Paragraph:
        paragraph = self.document.add_paragraph()
        _exact_spacing(paragraph)
        paragraph.paragraph_format.first_line_indent = Pt(SIZE_3HAO.pt * 2)  # 空二字
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        run = paragraph.add_run(text)
        set_face(run, face, SIZE_3HAO)
        _condense(run)
        return paragraph

    def caption(self, text: str) -> Paragraph:
        """A table's or a figure's caption: centred, 黑体 4号."""
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_face(paragraph.add_run(text), HEI_FACE, SIZE_4HAO)
        return paragraph

    def table(
        self,
        header: list[str],
        rows: list[list[str]],
        *,
        caption: str = "",
        text_columns: int = 1,
    ) -> None:
        """A table in 仿宋 5号, header bold; the first `text_columns` columns are names
        (centred), the others numbers (right-aligned).

        Pagination as a typist sets it: the caption keeps with the table, the header row
        with the first row and repeats at the top of every page the table runs onto, no
        row is split across pages, and a table of up to KEPT_TOGETHER rows is not
        divided at all (each row keeps with the next)."""
        if caption:
            self.caption(caption).paragraph_format.keep_with_next = True
        table = self.document.add_table(rows=1 + len(rows), cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        # Row by row: table.cell(r, c) rebuilds the whole grid of cells on every call, which
        # made a 100-row table cost seconds (quadratic); a row's own cells are found directly.
        for row_index, (row, values) in enumerate(zip(table.rows, [header, *rows], strict=True)):
            for column, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
                paragraph = cell.paragraphs[0]
                numeric = row_index > 0 and column >= text_columns
                paragraph.alignment = (
                    WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.CENTER
                )
                set_face(paragraph.add_run(value), BODY_FACE, SIZE_5HAO, bold=row_index == 0)
                if row_index == 0 or (len(rows) <= KEPT_TOGETHER and row_index < len(rows)):
                    paragraph.paragraph_format.keep_with_next = True
            _row_properties(row, header=row_index == 0)

    def picture(self, image: str | Path | IO[bytes], *, width: Mm = TYPE_AREA_WIDTH) -> None:
        self.document.add_picture(str(image) if isinstance(image, Path) else image, width=width)
        self.document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER

    def save(self, target: str | Path | IO[bytes]) -> None:
        self.document.save(str(target) if isinstance(target, Path) else target)


def _row_properties(row: _Row, *, header: bool) -> None:
    """w:cantSplit on every row; w:tblHeader (repeat on each page) on the header row. The
    schema orders cantSplit before tblHeader."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


def _add_page_field(paragraph: Paragraph) -> None:
    """A PAGE field, so Word and LibreOffice number the pages themselves."""
    run = paragraph.add_run()
    set_face(run, SONG_FACE, SIZE_4HAO)
    for kind, text in (
        ("begin", None),
        (None, "PAGE"),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._element.append(element)
