"""What-if (M22) from the web: the hand-worked stop of three months (analysis'
test_whatif): 2025 May–July the plant made 50, 60, 40 of the county's 500, 600, 400 and
the county's year was 6000, so stopping May–July costs 10 points each month and 2.5
points of the year."""

import re

import pytest

from diaodu.testing import make_enterprise, make_fact, make_user
from diaodu.web.tests.markup import table_rows, unlabelled_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def plant(db):
    plant = make_enterprise(county="610902", name="汉滨检修厂")
    other = make_enterprise(county="610902", name="汉滨其他厂")
    for month, own, rest in ((5, "50", "450"), (6, "60", "540"), (7, "40", "360")):
        make_fact(plant, f"2025-{month:02d}", month=own, ytd="1", month_prior="1", ytd_prior="1")
        make_fact(other, f"2025-{month:02d}", month=rest, ytd="1", month_prior="1", ytd_prior="1")
    make_fact(plant, "2025-12", month="1", ytd="600", month_prior="1", ytd_prior="1")
    make_fact(other, "2025-12", month="1", ytd="5400", month_prior="1", ytd_prior="1")
    return plant


def ask(client, code, plant, months=(5, 6, 7), reduction="100", year="2026"):
    query = {"uscc": plant.uscc, "year": year, "months": list(months), "reduction": reduction}
    return client.get(f"/regions/{code}/whatif/", query)


def test_stopping_may_to_july_costs_ten_points_a_month_and_two_and_a_half_the_year(
    client, plant, county_user
):
    client.force_login(county_user)
    response = ask(client, "610902", plant)
    page = response.content.decode()
    assert response.status_code == 200
    assert table_rows(page, "table-whatif") == [
        ["2026年5月", "50.00", "-10.0"],
        ["2026年6月", "60.00", "-10.0"],
        ["2026年7月", "40.00", "-10.0"],
    ]
    assert 'data-figure="whatif-year">-2.5<' in page
    assert "汉滨检修厂" in page and "共减少产值 150.00 万元" in page


def test_producing_less_is_a_share_of_the_stop(client, plant, city_analyst):
    client.force_login(city_analyst)
    page = ask(client, "610900", plant, months=[6], reduction="30").content.decode()
    # 0.3 × 60 = 18 of June's 600: −3 points; of the year's 6000: −0.3 points.
    assert table_rows(page, "table-whatif") == [["2026年6月", "18.00", "-3.0"]]
    assert 'data-figure="whatif-year">-0.3<' in page and "减产30.0%" in page


def test_missing_months_and_unknown_enterprises_are_said_in_chinese(client, plant, county_user):
    client.force_login(county_user)
    response = ask(client, "610902", plant, months=[9])
    assert response.status_code == 400
    assert "缺少上年月报：2025年9月" in response.content.decode()
    other = make_enterprise(county="610921", name="汉阴厂")
    page = ask(client, "610902", other).content.decode()
    assert "没有这家企业，或该企业不在您的查看范围内" in page
    page = ask(client, "610902", plant, months=[], reduction="0").content.decode()
    assert "这个字段是必填项" in page


def test_the_form_starts_empty_with_a_full_stop_and_every_field_labelled(
    client, plant, county_user
):
    client.force_login(county_user)
    response = client.get("/regions/610902/whatif/")
    page = response.content.decode()
    assert response.status_code == 200 and "测算结果" not in page
    assert re.search(r'name="reduction" value="100"', page)
    assert len(re.findall(r'type="checkbox" name="months"', page)) == 12
    assert unlabelled_fields(page) == []
    assert "<legend>停产或减产的月份：</legend>" in page


def test_a_leader_may_ask_and_a_county_user_only_about_its_county(client, plant, county_user):
    client.force_login(make_user("leader", role="leader", region_code="610900"))
    assert ask(client, "610900", plant).status_code == 200
    client.force_login(county_user)
    assert ask(client, "610921", plant).status_code == 404
    assert ask(client, "610900", plant).status_code == 404


def test_the_enterprise_page_links_to_the_question_with_the_enterprise_filled_in(
    client, plant, county_user
):
    client.force_login(county_user)
    page = client.get(f"/enterprises/{plant.uscc}/").content.decode()
    link = f"/regions/610902/whatif/?enterprise={plant.uscc}"
    assert link in page
    response = client.get(link)
    assert response.status_code == 200 and f'value="{plant.uscc}"' in response.content.decode()
