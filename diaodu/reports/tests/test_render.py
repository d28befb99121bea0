"""The demo bulletin printed by LibreOffice, measured on its pages: A4, the ink inside the
GB/T 9704 type area, the page numbers below it, odd pages right and even pages left.
The pages go to test-artifacts/bulletin/ as PNG, for a person to look at.

Skipped where LibreOffice and poppler-utils are missing, except in CI, whose `make test`
installs them (scripts/install-system.sh): there a missing one is a failure."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

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
    require("soffice", "pdfinfo", "pdftoppm")


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
    write_docx(build_bulletin(demo, LAST_PERIOD), docx)
    pdf = pdf_from_docx(docx, tmp_path)

    (width, height), pages = pdf_pages(pdf)
    assert abs(width - A4_PT[0]) <= 1 and abs(height - A4_PT[1]) <= 1
    assert pages > 1
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
