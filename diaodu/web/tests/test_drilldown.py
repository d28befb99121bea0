"""Drill-down city → county → industry → enterprise, and the enterprise page, in scope only."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_city_dashboard_links_down_to_each_county_and_industry(client, world):
    client.force_login(world.analyst)
    page = client.get("/").content.decode()
    assert 'href="/regions/610902/?period=2024-08"' in page
    assert 'href="/regions/610900/enterprises/?period=2024-08&amp;division=13"' in page


def test_a_countys_dashboard_is_one_level_down_with_the_way_back(client, world):
    client.force_login(world.analyst)
    page = client.get("/regions/610902/?period=2024-08").content.decode()
    assert "汉滨区 · 工业经济运行驾驶舱" in page
    assert 'aria-label="位置"' in page and 'href="/regions/610900/?period=2024-08">安康市' in page


def test_an_industry_lists_only_its_enterprises_largest_drag_first(client, world):
    client.force_login(world.analyst)
    page = client.get("/regions/610900/enterprises/?period=2024-08&division=13").content.decode()
    assert "13 农副食品加工业" in page
    assert "汉阴乙厂" in page and "汉滨甲厂" in page and "汉滨丙厂" not in page
    assert page.index("汉阴乙厂") < page.index("汉滨甲厂")


def test_a_county_industry_list_narrows_to_the_county(client, world):
    client.force_login(world.analyst)
    page = client.get("/regions/610902/enterprises/?period=2024-08&division=13").content.decode()
    assert "汉滨甲厂" in page and "汉阴乙厂" not in page


def test_the_enterprise_page_has_history_status_groups_projects_and_appeals(client, world):
    client.force_login(world.analyst)
    page = client.get(f"/enterprises/{world.jia.uscc}/").content.decode()
    assert "汉滨甲厂" in page and world.jia.uscc in page
    assert "2024年8月" in page and "2024年7月" in page  # the monthly history
    assert "本月生产状态" in page and ">正常<" in page  # 10 ≥ 9 last year
    assert "重点企业白名单" in page
    assert "汉滨新材料产业园" in page
    assert world.overdue.number in page and "已超期" in page
    assert 'id="chart-history"' in page


def test_the_drill_down_links_each_enterprise_to_its_page(client, world):
    client.force_login(world.analyst)
    page = client.get("/regions/610900/enterprises/?period=2024-08").content.decode()
    assert f'href="/enterprises/{world.yi.uscc}/"' in page


def test_a_county_user_gets_404_for_another_countys_enterprise_and_pages(client, world):
    client.force_login(world.hanbin)
    assert client.get(f"/enterprises/{world.jia.uscc}/").status_code == 200
    for url in (
        f"/enterprises/{world.yi.uscc}/",
        f"/enterprises/{world.yi.uscc}/history.xlsx",
        "/regions/610921/",
        "/regions/610921/enterprises/",
        "/regions/610900/export/counties.xlsx",
    ):
        assert client.get(url).status_code == 404, url


def test_the_404_page_is_in_chinese(client, world):
    client.force_login(world.hanbin)
    page = client.get(f"/enterprises/{world.yi.uscc}/").content.decode()
    assert "页面不存在" in page and "Not Found" not in page


def test_the_enterprises_menu_entry_opens_the_users_own_region(client, world):
    client.force_login(world.hanbin)
    assert client.get("/enterprises/").url == "/regions/610902/enterprises/"
