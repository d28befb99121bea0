"""The pages, through Django's test client: login, home, imports, menus, no external host
(the browser tests are in test_browser.py)."""

import io
import re

import openpyxl
import pytest
from django.utils import timezone

from diaodu.enterprises.models import MonthlyFact
from diaodu.enterprises.services import add_liaison_note
from diaodu.ingest.services import import_monthly
from diaodu.ingest.tests.files import HEADER, enterprise_row, write_xlsx
from diaodu.targets.models import Target
from diaodu.testing import make_enterprise, make_fact, make_user, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def facts(db):
    make_fact(
        make_enterprise(county="610902", name="汉滨甲厂"),
        "2024-08",
        month="10",
        ytd="120",
        month_prior="9",
        ytd_prior="100",
    )
    make_fact(
        make_enterprise(county="610921", name="汉阴乙厂"),
        "2024-08",
        month="4",
        ytd="40",
        month_prior="6",
        ytd_prior="50",
    )


def test_the_login_page_is_in_chinese_and_a_login_works(client, city_analyst):
    page = client.get("/login/").content.decode()
    assert "登录" in page and "用户名" in page and "密码" in page
    response = client.post("/login/", {"username": "analyst", "password": "pass-1234"})
    assert response.status_code == 302 and response.url == "/"


def test_a_wrong_password_says_so_in_chinese(client, city_analyst):
    page = client.post("/login/", {"username": "analyst", "password": "no"}).content.decode()
    assert "用户名或密码不正确" in page


def test_the_home_page_shows_the_citys_summary_for_the_latest_period(client, city_analyst, facts):
    client.force_login(city_analyst)
    page = client.get("/").content.decode()
    # (120 + 40) / (100 + 50) − 1 = 6.67% → 6.7
    assert "安康市" in page and "规上工业总产值（1—8月）" in page and ">6.7<" in page
    assert "汉滨区" in page and "汉阴县" in page


def test_a_county_user_sees_its_county_and_gets_404_for_a_neighbour(client, county_user, facts):
    client.force_login(county_user)
    assert "汉滨区" in client.get("/").content.decode()
    assert client.get("/regions/610921/").status_code == 404
    assert client.get("/regions/610900/").status_code == 404
    page = client.get("/regions/610902/enterprises/?period=2024-08").content.decode()
    assert "汉滨甲厂" in page and "汉阴乙厂" not in page


def test_the_enterprise_page_lists_enterprises_with_their_pull(client, city_analyst, facts):
    client.force_login(city_analyst)
    page = client.get("/regions/610900/enterprises/?period=2024-08").content.decode()
    assert page.index("汉阴乙厂") < page.index("汉滨甲厂")  # the largest drag first


def test_a_bad_file_shows_every_bad_cell_and_changes_nothing(client, city_analyst, tmp_path):
    client.force_login(city_analyst)
    path = write_xlsx(
        tmp_path / "bad.xlsx", [HEADER, enterprise_row(month="x"), enterprise_row(county="1")]
    )
    with path.open("rb") as handle:
        page = client.post(
            "/imports/", {"kind": "monthly", "file": handle, "period": "2024-08"}
        ).content.decode()
    assert "导入失败：共 2 处问题，数据未做任何改动" in page and "不是数字" in page
    assert not MonthlyFact.objects.exists()


def test_a_good_file_shows_the_report_and_can_be_rolled_back(client, city_analyst, tmp_path):
    client.force_login(city_analyst)
    path = write_xlsx(tmp_path / "ok.xlsx", [HEADER, enterprise_row()])
    with path.open("rb") as handle:
        page = client.post(
            "/imports/", {"kind": "monthly", "file": handle, "period": "2024-08"}
        ).content.decode()
    assert "导入成功" in page and MonthlyFact.objects.count() == 1
    from diaodu.ingest.models import ImportBatch

    batch = ImportBatch.objects.get(status="accepted")
    client.post(f"/imports/{batch.pk}/rollback/")
    assert not MonthlyFact.objects.exists()


def test_a_leader_has_no_import_page(client):
    client.force_login(make_user("ld", role="leader", region_code="610900"))
    assert client.get("/imports/").status_code == 404


MENU = ["驾驶舱", "企业明细", "目标", "预警", "企业诉求", "项目调度", "数据导入"]


def menu(page: str) -> list[str]:
    block = page[page.index('<nav aria-label="主菜单">') : page.index("</nav>")]
    return [label for label in MENU if f">{label}</a>" in block]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("analyst", MENU),
        ("hanbin", MENU),
        ("leader", ["驾驶舱", "企业明细", "目标", "预警", "企业诉求", "项目调度"]),
        ("unit_user", ["预警", "企业诉求", "项目调度"]),
    ],
)
def test_the_menu_shows_only_what_the_role_may_use(client, world, who, expected):
    client.force_login(getattr(world, who))
    assert menu(client.get("/appeals/").content.decode()) == expected


def _xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.title = "月报"
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _new_pages(world) -> list[str]:
    """The import records and a stored report (a rejected file, its bad cells; a good one,
    its report), the targets page with a target to type the counties' parts for, and a
    liaison note on 汉滨甲厂's page."""
    bad = import_monthly(
        _xlsx([HEADER, enterprise_row(month="x")]),
        file_name="月报.xlsx",
        period="2024-09",
        user=world.analyst,
    )
    good = import_monthly(
        _xlsx([HEADER, enterprise_row(uscc=world.jia.uscc, name="汉滨甲厂")]),
        file_name="月报.xlsx",
        period="2024-08",
        user=world.analyst,
    )
    assert bad.batch and good.batch and good.ok
    Target.objects.create(
        region=region("610900"),
        year=2024,
        indicator="规上工业总产值",
        kind="absolute",
        value=100,
        unit="亿元",
    )
    add_liaison_note(
        enterprise=world.jia,
        on=timezone.localdate(),
        kind="visit",
        content="走访了解订单和用工情况",
        follow_up=True,
        by=world.analyst,
    )
    return [
        "/imports/batches/",
        f"/imports/batches/{bad.batch.pk}/",
        f"/imports/batches/{good.batch.pk}/",
    ]


def test_pages_reference_no_external_host(client, world):
    client.force_login(world.analyst)
    urls = [
        *_new_pages(world),
        "/",
        "/imports/",
        "/regions/610900/enterprises/?period=2024-08",
        f"/enterprises/{world.jia.uscc}/",
        "/appeals/",
        f"/appeals/{world.fresh.number}/",
        "/projects/",
        f"/projects/{world.project.pk}/",
        "/warnings/",
        f"/warnings/{world.warning.pk}/",
        "/regions/610900/targets/?period=2024-08",
        "/regions/610900/whatif/",
        "/login/",
    ]
    for url in urls:
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 200, url
        assert "http://" not in page and "https://" not in page and "//cdn" not in page, url


def test_the_pages_leave_no_english_word_in_sight(client, world):
    """Visible text only: tags, attributes, scripts and the JSON of the charts aside; the
    user name is the user's own."""
    client.force_login(world.analyst)
    urls = [
        *_new_pages(world),
        "/",
        f"/enterprises/{world.jia.uscc}/",
        f"/appeals/{world.fresh.number}/",
        "/warnings/",
        f"/warnings/{world.city_warning.pk}/",
        "/regions/610900/targets/?period=2024-08",
        "/regions/610900/whatif/",
        "/imports/",
    ]
    for url in urls:
        page = client.get(url).content.decode()
        # A file's checksum is shown as a code (<code>), not words.
        visible = re.sub(r"<script.*?</script>|<code.*?</code>|<[^>]+>", " ", page, flags=re.S)
        # File types the user must pick (.xlsx, .csv) are names, not English words.
        words = set(re.findall(r"(?<![.\w])[A-Za-z]{3,}", visible))
        assert words <= {"Excel", world.analyst.username}, (url, words)


def test_a_leader_is_offered_no_form_that_changes_anything(client, world):
    client.force_login(world.leader)
    urls = [
        *_new_pages(world),
        "/",
        f"/enterprises/{world.jia.uscc}/",
        f"/appeals/{world.overdue.number}/",
        f"/appeals/{world.waiting.number}/",
        f"/projects/{world.project.pk}/",
        "/warnings/",
        f"/warnings/{world.warning.pk}/",
        "/regions/610900/targets/?period=2024-08",
        "/regions/610900/whatif/",
    ]
    for url in urls:
        page = client.get(url).content.decode()
        posts = re.findall(r'<form method="post" action="([^"]*)"', page)
        assert posts == ["/logout/"], url
    assert client.get("/imports/").status_code == 404


def test_table_cells_are_escaped_and_keep_their_classes_and_sort_keys():
    """The body rows are built in Python (tables.Table.rows_html): every text and link
    escaped, numeric columns right-aligned, the sort key beside each cell."""
    from decimal import Decimal

    from diaodu.web.tables import Cell, Table

    table = Table("t", "表", ["名称", "增速"], numeric=frozenset({1}))
    table.add(Cell('<甲&"乙">', href="/e/?a=1&b=2"), Cell("-1.5", Decimal("-1.5"), css="down"))
    assert table.rows_html() == (
        '<tr><td class="" data-sort="&lt;甲&amp;&quot;乙&quot;&gt;">'
        '<a href="/e/?a=1&amp;b=2">&lt;甲&amp;&quot;乙&quot;&gt;</a></td>'
        '<td class="num down" data-sort="-1.5">-1.5</td></tr>'
    )
