"""The stored import reports: the list of batches and one page per batch, with the bad cells
of a refused file and the change report of a re-import, read back from the batch (not from
the upload), within the ingest selectors' scope."""

from __future__ import annotations

import re

import pytest

from diaodu.accounts.models import Unit
from diaodu.ingest.models import ImportBatch
from diaodu.ingest.tests.files import HEADER, enterprise_row, write_xlsx
from diaodu.testing import make_uscc, make_user, region
from diaodu.web.tests.markup import table_rows

pytestmark = pytest.mark.django_db


def post(client, path, period="2024-08"):
    with path.open("rb") as handle:
        return client.post("/imports/", {"kind": "monthly", "file": handle, "period": period})


def test_a_refused_files_page_lists_each_bad_cell_by_row_and_column(client, city_analyst, tmp_path):
    client.force_login(city_analyst)
    post(client, write_xlsx(tmp_path / "坏.xlsx", [HEADER, enterprise_row(month="x")]))
    batch = ImportBatch.objects.get()
    page = client.get(f"/imports/batches/{batch.pk}/").content.decode()
    assert "导入失败：共 1 处问题，数据未做任何改动" in page and "已拒绝" in page
    rows = table_rows(page, "table-errors")
    assert rows[0][:3] == ["3", "工业总产值本月（万元）", "x"] and "不是数字" in rows[0][3]
    assert batch.sha256 in page and "坏.xlsx" in page and "2024年8月" in page


def test_a_reimports_page_shows_who_changed_by_how_much_and_the_growth_moves(
    client, city_analyst, tmp_path
):
    jia, yi = make_uscc(), make_uscc()
    client.force_login(city_analyst)
    first = [HEADER, enterprise_row(uscc=jia, name="甲厂"), enterprise_row(uscc=yi, name="乙厂")]
    post(client, write_xlsx(tmp_path / "一.xlsx", first))
    post(client, write_xlsx(tmp_path / "二.xlsx", [HEADER, enterprise_row(uscc=jia, ytd=95)]))
    again = ImportBatch.objects.get(file_name="二.xlsx")
    page = client.get(f"/imports/batches/{again.pk}/").content.decode()
    assert "重新导入成功：已替换2024-08的原有数据" in page
    # 甲厂 80 → 95: +15; 乙厂 left out of the new file.
    assert table_rows(page, "table-changed") == [
        ["甲厂", jia, "80.00", "95.00", "+15.00", "70.00", "70.00"]
    ]
    assert table_rows(page, "table-removed") == [["乙厂", yi, "80.00"]]
    # 汉滨: 160 against 140 (+14.3 %) before, 95 against 70 (+35.7 %) after: +21.4 points.
    moves = {row[0]: row[1:] for row in table_rows(page, "table-moves")}
    assert moves["汉滨区"] == ["160.00", "95.00", "14.3", "35.7", "+21.4"]
    assert f'href="/enterprises/{jia}/"' in page


def test_the_import_result_links_to_its_batchs_page(client, city_analyst, tmp_path):
    client.force_login(city_analyst)
    page = post(client, write_xlsx(tmp_path / "好.xlsx", [HEADER, enterprise_row()]))
    batch = ImportBatch.objects.get()
    assert f'href="/imports/batches/{batch.pk}/"' in page.content.decode()


def test_the_list_shows_who_when_which_file_its_hash_and_what_became_of_it(
    client, city_analyst, tmp_path
):
    client.force_login(city_analyst)
    post(client, write_xlsx(tmp_path / "好.xlsx", [HEADER, enterprise_row()]))
    batch = ImportBatch.objects.get()
    client.post(f"/imports/{batch.pk}/rollback/")
    rows = table_rows(client.get("/imports/batches/").content.decode(), "table-batches")
    assert len(rows) == 1
    when, kind, name, digest, period, count, who, status, undone = rows[0]
    assert (kind, name, period, count, who, status) == (
        "企业月度报表",
        "好.xlsx",
        "2024年8月",
        "1",
        "analyst",
        "已撤销",
    )
    assert digest == batch.sha256[:12] + "…" and re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d", when)
    assert undone.endswith("（analyst）")
    page = client.get(f"/imports/batches/{batch.pk}/").content.decode()
    assert "本批次已撤销" in page and "撤销本批次" not in page


def _county_batches(client, city_analyst, tmp_path) -> dict[str, ImportBatch]:
    """A file of 汉滨 alone, one of 汉阴 alone, and one of the whole city."""
    client.force_login(city_analyst)
    files = {
        "汉滨": [enterprise_row(county="610902")],
        "汉阴": [enterprise_row(county="610921")],
        "全市": [enterprise_row(county="610902"), enterprise_row(county="610921")],
    }
    for period, (name, rows) in zip(("2024-06", "2024-07", "2024-08"), files.items(), strict=True):
        post(client, write_xlsx(tmp_path / f"{name}.xlsx", [HEADER, *rows]), period=period)
    return {b.file_name.removesuffix(".xlsx"): b for b in ImportBatch.objects.all()}


def test_a_county_sees_only_the_batches_wholly_inside_it(
    client, city_analyst, county_user, tmp_path
):
    batches = _county_batches(client, city_analyst, tmp_path)
    client.force_login(county_user)
    listed = [
        row[2]
        for row in table_rows(client.get("/imports/batches/").content.decode(), "table-batches")
    ]
    assert listed == ["汉滨.xlsx"]
    assert client.get(f"/imports/batches/{batches['汉滨'].pk}/").status_code == 200
    # The city's file names 汉阴's enterprises: not a county's to read; nor is 汉阴's own.
    assert client.get(f"/imports/batches/{batches['全市'].pk}/").status_code == 404
    assert client.get(f"/imports/batches/{batches['汉阴'].pk}/").status_code == 404


def test_a_unit_reads_no_batch(client, city_analyst, tmp_path):
    batches = _county_batches(client, city_analyst, tmp_path)
    unit = Unit.objects.create(name="市发展和改革委员会", region=region("610900"))
    client.force_login(make_user("fgw", role="unit", region_code="610900", unit=unit))
    assert client.get("/imports/batches/").status_code == 404
    assert client.get(f"/imports/batches/{batches['汉滨'].pk}/").status_code == 404


def test_a_leader_reads_the_reports_but_is_offered_no_rollback(client, city_analyst, tmp_path):
    batches = _county_batches(client, city_analyst, tmp_path)
    client.force_login(make_user("leader", role="leader", region_code="610900"))
    page = client.get(f"/imports/batches/{batches['全市'].pk}/").content.decode()
    assert "导入成功" in page and "汉滨区、汉阴县" in page
    assert re.findall(r'<form method="post" action="([^"]*)"', page) == ["/logout/"]
    assert len(table_rows(client.get("/imports/batches/").content.decode(), "table-batches")) == 3


def test_an_analyst_may_roll_back_from_the_batchs_page(client, city_analyst, tmp_path):
    client.force_login(city_analyst)
    post(client, write_xlsx(tmp_path / "好.xlsx", [HEADER, enterprise_row()]))
    batch = ImportBatch.objects.get()
    page = client.get(f"/imports/batches/{batch.pk}/").content.decode()
    assert f'action="/imports/{batch.pk}/rollback/"' in page


def test_the_list_reads_in_the_same_few_queries_however_many_batches(
    client, city_analyst, tmp_path, django_assert_num_queries
):
    client.force_login(city_analyst)
    for month in range(1, 7):
        path = write_xlsx(tmp_path / f"{month}.xlsx", [HEADER, enterprise_row()])
        post(client, path, period=f"2024-{month:02d}")
    client.post(f"/imports/{ImportBatch.objects.first().pk}/rollback/")
    # The data version, session, user, profile, region, the region tree's revision and
    # size (the scope), the count, the page of batches with their importers and
    # rollers-back: none per batch.
    with django_assert_num_queries(9):
        page = client.get("/imports/batches/").content.decode()
    assert len(table_rows(page, "table-batches")) == 6
