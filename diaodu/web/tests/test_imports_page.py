"""The imports page: the all-or-nothing report as a table of bad cells, the change report
after a re-import (what ingest's import_monthly returns), and the upload script that shows
the bytes sent and then "正在检查和写入…" — no guessed percentage."""

from pathlib import Path

import pytest

from diaodu.enterprises.models import MonthlyFact
from diaodu.ingest.tests.files import HEADER, enterprise_row, write_xlsx
from diaodu.web.tests.markup import table_rows

pytestmark = pytest.mark.django_db

STATIC = Path(__file__).resolve().parents[1] / "static" / "web"


def post(client, path, period="2024-08"):
    with path.open("rb") as handle:
        return client.post("/imports/", {"kind": "monthly", "file": handle, "period": period})


@pytest.fixture
def usccs():
    from diaodu.testing import make_uscc

    return make_uscc(), make_uscc()


def test_a_bad_file_lists_each_bad_cell_by_row_and_column(client, city_analyst, tmp_path):
    client.force_login(city_analyst)
    path = write_xlsx(
        tmp_path / "bad.xlsx", [HEADER, enterprise_row(month="x"), enterprise_row(county="1")]
    )
    response = post(client, path)
    rows = table_rows(response.content.decode(), "table-errors")
    assert len(rows) == 2
    # The title row is row 1 and the header row 2: the enterprises are rows 3 and 4.
    assert rows[0][:3] == ["3", "工业总产值本月（万元）", "x"] and "不是数字" in rows[0][3]
    assert rows[1][0] == "4" and rows[1][2] == "1"
    assert not MonthlyFact.objects.exists()


def test_a_reimport_reports_the_changed_and_the_removed_enterprises(
    client, city_analyst, tmp_path, usccs
):
    jia, yi = usccs
    client.force_login(city_analyst)
    first = write_xlsx(
        tmp_path / "first.xlsx",
        [HEADER, enterprise_row(uscc=jia, name="甲厂"), enterprise_row(uscc=yi, name="乙厂")],
    )
    assert "导入成功" in post(client, first).content.decode()
    again = write_xlsx(
        tmp_path / "again.xlsx", [HEADER, enterprise_row(uscc=jia, name="甲厂", ytd=90)]
    )
    page = post(client, again).content.decode()
    assert "重新导入成功：已替换2024-08的原有数据" in page
    assert 'data-figure="changed-count">1<' in page and 'data-figure="removed-count">1<' in page
    assert table_rows(page, "table-changed") == [
        ["甲厂", jia, "80.00", "90.00", "+10.00", "70.00", "70.00"]
    ]
    assert table_rows(page, "table-removed") == [["乙厂", yi, "80.00"]]
    moves = {row[0]: row[1:] for row in table_rows(page, "table-moves")}
    # 汉滨: 160 against 140 before (+14.3 %), 90 against 70 after (+28.6 %): +14.3 points.
    assert moves["汉滨区"] == ["160.00", "90.00", "14.3", "28.6", "+14.3"]
    assert MonthlyFact.objects.count() == 1


def test_the_upload_forms_carry_an_honest_progress_bar(client, city_analyst):
    client.force_login(city_analyst)
    page = client.get("/imports/").content.decode()
    assert page.count("data-upload") == 2 and page.count('class="upload-progress" hidden') == 2
    assert "/static/web/upload.js" in page
    script = (STATIC / "upload.js").read_text(encoding="utf-8")
    assert 'upload.addEventListener("progress"' in script  # bytes sent, as measured
    assert "正在检查和写入…" in script and 'removeAttribute("value")' in script  # indeterminate
