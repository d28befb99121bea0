import pytest

from diaodu.testing import make_enterprise, make_fact

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_counties_enterprises(db):
    hanbin = make_enterprise(county="610902", name="汉滨甲厂")
    hanyin = make_enterprise(county="610921", name="汉阴乙厂")
    make_fact(hanbin, "2024-08", month="10.5", ytd="80", month_prior="9", ytd_prior="70")
    return hanbin, hanyin


def test_a_city_analyst_lists_the_enterprises_of_every_county(
    client, city_analyst, two_counties_enterprises
):
    client.force_login(city_analyst)
    names = {row["name"] for row in client.get("/api/v1/enterprises").json()}
    assert names == {"汉滨甲厂", "汉阴乙厂"}


def test_a_county_user_lists_only_its_own_county(client, county_user, two_counties_enterprises):
    client.force_login(county_user)
    assert [row["name"] for row in client.get("/api/v1/enterprises").json()] == ["汉滨甲厂"]


def test_a_county_user_gets_404_for_another_countys_enterprise(
    client, county_user, two_counties_enterprises
):
    _, hanyin = two_counties_enterprises
    client.force_login(county_user)
    assert client.get(f"/api/v1/enterprises/{hanyin.uscc}").status_code == 404


def test_an_enterprise_shows_its_monthly_figures_in_wan_yuan(
    client, county_user, two_counties_enterprises
):
    hanbin, _ = two_counties_enterprises
    client.force_login(county_user)
    body = client.get(f"/api/v1/enterprises/{hanbin.uscc}").json()
    assert body["facts"] == [
        {"period": "2024-08", "directory_status": "在库", "output_month": 10.5,
         "output_ytd": 80.0, "output_month_prior": 9.0, "output_ytd_prior": 70.0},
    ]  # fmt: skip


def test_the_api_refuses_anonymous_users(client, two_counties_enterprises):
    assert client.get("/api/v1/enterprises").status_code == 401


def test_a_county_user_cannot_open_the_city_region(client, county_user):
    client.force_login(county_user)
    assert client.get("/api/v1/regions/610900").status_code == 404
    assert client.get("/api/v1/regions/610902").json()["name"] == "汉滨区"
