"""The demo bulletin printed by LibreOffice, measured on its pages: A4, the ink inside the
GB/T 9704 type area, the page numbers below it, odd pages right and even pages left, and
the body text 28 characters a line and 22 lines a page (read from pdftotext's word boxes).
The pages go to test-artifacts/bulletin/ as PNG, for a person to look at.

Skipped where LibreOffice and poppler-utils are missing, except in CI, whose `make test`
installs them (scripts/install-system.sh): there a missing one is a failure."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PIL import Image

from diaodu.demo.generator import LAST_PERIOD
from diaodu.reports import charts, layout
from diaodu.reports.bulletin import build_bulletin
from diaodu.reports.docx import write_docx
from diaodu.reports.render import FONTS_CONF, font_environment, pdf_from_docx

DPI = 50
PX_PER_MM = DPI / 25.4
TOLERANCE_MM = 2  # a pixel at 50 dpi is 0.5 mm; LibreOffice's placement is not Word's
A4_PT = (595, 842)
LEFT_MM, TOP_MM = 28, 37
RIGHT_MM, BOTTOM_MM = 28 + 156, 37 + 225
PAGE_NUMBER_MM = BOTTOM_MM + 7  # the dashes of "— 1 —", 7 mm under the type area (7.5)
PT_PER_MM = 72 / 25.4
BODY_PT = 16  # 3号
# Chinese characters, CJK punctuation (、。「」) and full-width forms (，：（）%): one em each.
FULL_WIDTH = re.compile(r"[\u3001-\u303f\u4e00-\u9fff\uff01-\uff60]+")
WORD = "{http://www.w3.org/1999/xhtml}word"
PAGE = "{http://www.w3.org/1999/xhtml}page"


def require(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if not missing:
        return
    message = f"缺少{'、'.join(missing)}（scripts/install-system.sh 会安装）"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def office() -> None:
    """Before the demo city is built: a missing tool is known in a second, not in twenty."""
    require("soffice", "pdfinfo", "pdftoppm", "pdftotext")


def ink(page: Image.Image, top_mm: float, bottom_mm: float) -> tuple[float, ...] | None:
    """The box (left, top, right, bottom, in mm) of the non-white pixels between two heights."""
    top, bottom = round(top_mm * PX_PER_MM), round(bottom_mm * PX_PER_MM)
    band = page.convert("L").crop((0, top, page.width, bottom))
    box = band.point(lambda value: 255 if value < 200 else 0).getbbox()
    if box is None:
        return None
    left, upper, right, lower = box
    return (
        left / PX_PER_MM,
        upper / PX_PER_MM + top_mm,
        right / PX_PER_MM,
        lower / PX_PER_MM + top_mm,
    )


@dataclass(frozen=True)
class TextLine:
    """A printed line of text, in points from the page's top left corner."""

    top: float
    bottom: float
    left: float
    right: float
    text: str

    @property
    def is_body(self) -> bool:
        """3号 text inside the type area: a line of Noto CJK is 1.3 em high, so 20.8 pt
        (4号 captions 18.2 pt, 5号 tables 13.7 pt, the 2号 title 28.6 pt)."""
        return 19 <= self.bottom - self.top <= 23 and self.bottom <= BOTTOM_MM * PT_PER_MM

    @property
    def characters(self) -> int:
        """Its characters, a first line's indent (空二字) counted as the two it stands for."""
        return len(self.text) + round((self.left - LEFT_MM * PT_PER_MM) / BODY_PT)

    @property
    def is_full(self) -> bool:
        """A line of full-width characters only, which runs to the right edge: not the last
        of its paragraph, and with no Latin figure of its own width in it."""
        right = RIGHT_MM * PT_PER_MM - BODY_PT / 2
        return bool(FULL_WIDTH.fullmatch(self.text)) and self.right >= right


def text_lines(pdf: Path) -> list[list[TextLine]]:
    """Each page's lines, top to bottom. pdftotext splits a line at wide gaps (the spread-out
    characters of a bad grid), so its words are joined again by their height on the page."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in ElementTree.fromstring(xhtml).iter(PAGE):
        rows: dict[int, list[ElementTree.Element]] = {}
        for word in page.iter(WORD):
            rows.setdefault(round(float(word.get("yMin", 0))), []).append(word)
        lines = []
        for _, words in sorted(rows.items()):
            words.sort(key=lambda word: float(word.get("xMin", 0)))
            lines.append(
                TextLine(
                    top=min(float(word.get("yMin", 0)) for word in words),
                    bottom=max(float(word.get("yMax", 0)) for word in words),
                    left=float(words[0].get("xMin", 0)),
                    right=max(float(word.get("xMax", 0)) for word in words),
                    text="".join(word.text or "" for word in words),
                )
            )
        pages.append(lines)
    return pages


def pdf_pages(pdf: Path) -> tuple[tuple[float, float], int]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    fields = dict(line.split(":", 1) for line in info.stdout.splitlines() if ":" in line)
    width, _, height = fields["Page size"].split()[:3]
    return (float(width), float(height)), int(fields["Pages"])


@pytest.mark.slow
@pytest.mark.django_db
def test_the_demo_bulletin_prints_on_a4_inside_the_type_area_with_page_numbers_outside(
    office, demo, tmp_path, artifacts
):
    docx = tmp_path / "示范市通报.docx"
    bulletin = build_bulletin(demo, LAST_PERIOD)
    write_docx(bulletin, docx)
    pdf = pdf_from_docx(docx, tmp_path)

    (width, height), pages = pdf_pages(pdf)
    assert abs(width - A4_PT[0]) <= 1 and abs(height - A4_PT[1]) <= 1
    # 18 pages at 28 characters a line; 28–29 when LibreOffice printed 16 characters a line.
    assert 12 <= pages <= 22, f"示范市通报共{pages}页"
    pages_lines = text_lines(pdf)
    lines = [line for page in pages_lines for line in page if line.is_body]
    # Most of the bulletin's lines carry figures (half-width, of no fixed width); 3 of them
    # are Chinese from edge to edge.
    full = [line for line in lines if line.is_full]
    assert len(full) >= 2, f"整行正文只有{len(full)}行"
    assert all(abs(line.characters - 28) <= 1 for line in full), [line.text for line in full]
    # Consecutive body lines of a page (a paragraph's, or a heading and its paragraph) are
    # one line pitch apart: 225 mm / 22.
    pitches = [
        (a.text, b.text, round(b.top - a.top, 1))
        for page in pages_lines
        for a, b in itertools.pairwise([line for line in page if line.is_body])
        if b.top - a.top < 40
    ]
    off_grid = [pitch for pitch in pitches if abs(pitch[2] * 22 / PT_PER_MM - 225) > 2]
    assert pitches and not off_grid, off_grid
    # No page ends with a table's caption or its header row: they keep with the table.
    headers = {"".join(column.title for column in table.columns) for table in bulletin.tables}
    for number, on_page in enumerate(pages_lines[:-1], start=1):
        inside = [line for line in on_page if line.bottom <= BOTTOM_MM * PT_PER_MM]
        last = inside[-1].text.replace(" ", "")
        assert not re.match(r"表\d", last), f"第{number}页以表题结尾：{last}"
        assert last not in headers, f"第{number}页以表头结尾：{last}"
    folder = artifacts / "bulletin"
    shutil.rmtree(folder, ignore_errors=True)  # no page left over from a longer bulletin
    folder.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(folder / "page")], check=True)
    images = sorted(folder.glob("page-*.png"))
    assert len(images) == pages
    for number, path in enumerate(images, start=1):
        page = Image.open(path)
        body = ink(page, 0, BOTTOM_MM + TOLERANCE_MM)
        assert body is not None, f"第{number}页没有正文"
        left, top, right, bottom = body
        assert left >= LEFT_MM - TOLERANCE_MM, f"第{number}页正文左缘{left:.1f}mm"
        assert top >= TOP_MM - TOLERANCE_MM, f"第{number}页正文上缘{top:.1f}mm"
        assert right <= RIGHT_MM + TOLERANCE_MM, f"第{number}页正文右缘{right:.1f}mm"
        footer = ink(page, BOTTOM_MM + TOLERANCE_MM, 297)
        assert footer is not None, f"第{number}页没有页码"
        left, top, right, bottom = footer
        assert abs((top + bottom) / 2 - PAGE_NUMBER_MM) <= 2 * TOLERANCE_MM, (
            f"第{number}页页码在{top:.1f}—{bottom:.1f}mm"
        )
        middle = (left + right) / 2
        assert middle > 105 if number % 2 else middle < 105, f"第{number}页页码居中{middle:.1f}mm"


@pytest.mark.slow
def test_a_page_of_body_text_prints_22_lines_of_28_characters(office, tmp_path):
    """Word and WPS print 22 × 28 from the layout's grid and spacing; LibreOffice must too."""
    document = layout.OfficialDocument()
    document.title("示范市工业经济运行情况通报")
    sentence = "全市工业经济运行总体平稳，重点企业生产经营稳中有进，重大项目建设加快推进。"
    for _ in range(12):
        document.paragraph(sentence * 4)
    docx = tmp_path / "正文.docx"
    document.save(docx)

    pages = text_lines(pdf_from_docx(docx, tmp_path))
    assert len(pages) >= 3
    # Every character printed: LibreOffice drops a 。 it lets hang past a justified line.
    printed = "".join(line.text for page in pages for line in page if line.is_body)
    assert printed == sentence * 4 * 12
    for number, page in enumerate(pages[1:-1], start=2):  # full pages of body text
        body = [line for line in page if line.is_body]
        # Exactly: a line pitch rounded up to 580 twips (22 × 580 > the 12756 twips between
        # the margins) prints 21 or fewer.
        assert len(body) == 22, f"第{number}页正文{len(body)}行"
        full = [line for line in body if line.is_full]
        assert len(full) >= 15, f"第{number}页整行只有{len(full)}行"
        assert all(abs(line.characters - 28) <= 1 for line in full), [line.text for line in full]


@pytest.mark.slow
@pytest.mark.parametrize("filler", [19, 20, 21])
def test_a_table_caption_and_header_are_never_left_at_a_page_foot(office, tmp_path, filler):
    """Body lines fill the first page to within a few lines of its foot, then a table: its
    caption and header row go over with the table instead of staying behind."""
    document = layout.OfficialDocument()
    for number in range(filler):
        document.paragraph(f"第{number + 1}行正文。")
    rows = [[f"县区{number}", "6.2"] for number in range(layout.KEPT_TOGETHER)]
    document.table(["县区", "增速（%）"], rows, caption="表1　县区运行")
    docx = tmp_path / "表格.docx"
    document.save(docx)

    first = [
        line.text.replace(" ", "")
        for line in text_lines(pdf_from_docx(docx, tmp_path))[0]
        if line.bottom <= BOTTOM_MM * PT_PER_MM  # not the page number
    ]
    inside = (
        first[: first.index(f"第{filler}行正文。") + 1] if f"第{filler}行正文。" in first else []
    )
    after = first[len(inside) :]
    # Whatever of the table is on the first page starts with its caption and header and
    # carries rows: never a caption or a header alone at the foot.
    assert not after or (after[:2] == ["表1县区运行", "县区增速（%）"] and len(after) > 3), after


def test_the_official_faces_resolve_to_installed_chinese_faces_under_the_shipped_config():
    require("fc-match")
    if not charts.is_drawable() and not os.environ.get("CI"):
        pytest.skip("需要 fonts-noto-cjk（scripts/install-system.sh 会安装）")
    faces = [layout.TITLE_FACE, layout.BODY_FACE, layout.HEI_FACE, layout.KAI_FACE]
    names = {name for face in faces for name in (face.official, face.fallback)}
    resolved = {
        name: subprocess.run(
            ["fc-match", "--format=%{family[0]}", name],
            env=font_environment(),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for name in sorted(names | {"FangSong", "SimHei", "KaiTi", "SimSun"})
    }
    assert FONTS_CONF.is_file()
    assert resolved["仿宋_GB2312"] == "Noto Serif CJK SC"
    assert resolved["黑体"] == "Noto Sans CJK SC"
    assert all("CJK" in family for family in resolved.values()), resolved
