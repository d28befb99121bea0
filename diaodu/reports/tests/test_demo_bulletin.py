"""The bulletin of the demonstration city 示范市, built through the users' imports."""

import re
import time

import pytest
from docx import Document

from diaodu.analysis.summary import dispatch_summary
from diaodu.demo.generator import LAST_PERIOD
from diaodu.reports.bulletin import build_bulletin
from diaodu.reports.docx import write_docx
from diaodu.reports.words import pct, pp, yi

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
LAST = LAST_PERIOD


def test_the_demo_bulletin_has_every_section_its_data_allows_and_opens_in_word(demo, tmp_path):
    started = time.monotonic()
    bulletin = build_bulletin(demo, LAST)
    path = tmp_path / "示范市.docx"
    write_docx(bulletin, path)
    elapsed = time.monotonic() - started
    headings = [heading for heading, _ in bulletin.numbered()]
    assert headings[:4] == [
        "一、主要指标完成情况",
        "二、县区运行情况",
        "三、重点行业",
        "四、重点企业（抓两端）",
    ]
    document = Document(str(path))
    assert document.paragraphs[0].text == f"示范市{LAST.label}工业经济运行情况通报"
    assert len(document.inline_shapes) == 2  # the trend (1—2月 … this month) and the counties
    assert elapsed < 10, f"通报生成用时{elapsed:.1f}秒"


def test_the_official_figures_sentence_comes_from_the_published_ranking(demo):
    first = build_bulletin(demo, LAST).paragraphs[0]
    assert re.match(
        rf"{LAST.ytd_label}，全市规上工业增加值同比(增长|下降)\d+\.\d%，[高低]于全省", first
    )
    assert "全省排名" in first


def test_every_number_of_the_output_sentence_is_the_summarys_rounded(demo):
    summary = dispatch_summary(region=demo, period=LAST)
    sentence = next(
        block
        for block in build_bulletin(demo, LAST).sections[0].blocks
        if isinstance(block, str) and "规上工业总产值" in block
    )
    numbers = re.findall(r"-?\d+\.\d+", sentence.split("。")[0])
    growth, change = summary.ytd.growth, summary.ytd_growth_change
    assert numbers == [yi(summary.ytd.current), pct(abs(growth)), pp(abs(change))]
