"""Excel exports hold the rows the page shows."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from diaodu.web.tests.markup import table_rows

pytestmark = pytest.mark.django_db


def workbook_rows(response) -> tuple[list, list[list]]:
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return rows[1], rows[2:]  # a title line, the header, then the rows


def as_text(value) -> str:
    return "" if value is None else str(value)


@pytest.mark.parametrize(
    ("page_url", "table", "export_url"),
    [
        ("/?period=2024-08", "counties", "/regions/610900/export/counties.xlsx?period=2024-08"),
        ("/?period=2024-08", "industries", "/regions/610900/export/industries.xlsx?period=2024-08"),
        (
            "/regions/610900/enterprises/?period=2024-08&division=13",
            "enterprises",
            "/regions/610900/export/enterprises.xlsx?period=2024-08&division=13",
        ),
        ("/appeals/?show=all", "appeals", "/appeals/export.xlsx?show=all"),
        ("/projects/?period=2024-08", "projects", "/projects/export.xlsx?period=2024-08&show=all"),
    ],
)
def test_the_export_has_the_pages_rows(client, world, page_url, table, export_url):
    client.force_login(world.analyst)
    page = client.get(page_url).content.decode()
    assert f'href="{export_url.replace("&", "&amp;")}"' in page
    shown = table_rows(page, f"table-{table}")
    header, rows = workbook_rows(client.get(export_url))
    assert len(rows) == len(shown) > 0
    assert [as_text(row[0]) for row in rows] == [cells[0] for cells in shown]
    assert header[0] and all(isinstance(name, str) for name in header)


def test_figures_are_exported_as_numbers_at_the_precision_shown(client, world):
    client.force_login(world.analyst)
    _, rows = workbook_rows(client.get("/regions/610900/export/counties.xlsx?period=2024-08"))
    hanbin = next(row for row in rows if row[0] == "汉滨区")
    # 汉滨区: (120 + 74) / (100 + 89) − 1 = 2.646% → 2.6; output 194万元.
    assert hanbin[1] == 194 and hanbin[2] == pytest.approx(2.6) and hanbin[6] == 1


def test_an_unknown_table_is_not_found(client, world):
    client.force_login(world.analyst)
    assert client.get("/regions/610900/export/secrets.xlsx?period=2024-08").status_code == 404


def test_an_enterprises_history_is_exported_month_by_month(client, world):
    client.force_login(world.analyst)
    page = client.get(f"/enterprises/{world.jia.uscc}/").content.decode()
    assert f'href="/enterprises/{world.jia.uscc}/history.xlsx"' in page
    header, rows = workbook_rows(client.get(f"/enterprises/{world.jia.uscc}/history.xlsx"))
    assert header[0] == "报告期" and [row[0] for row in rows] == ["2024年8月", "2024年7月"]
