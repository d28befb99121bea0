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


def test_a_county_user_records_a_visit_through_the_api_and_reads_it_back(
    client, county_user, two_counties_enterprises
):
    hanbin, _ = two_counties_enterprises
    client.force_login(county_user)
    url = f"/api/v1/enterprises/{hanbin.uscc}/notes"
    body = {"date": "2024-09-02", "kind": "visit", "content": "企业反映订单下滑", "follow_up": True}
    made = client.post(url, body, content_type="application/json")
    assert made.status_code == 201
    assert (made.json()["kind_label"], made.json()["recorded_by"]) == ("走访", county_user.username)
    listed = client.get(url).json()
    assert [(n["date"], n["content"], n["follow_up"]) for n in listed] == [
        ("2024-09-02", "企业反映订单下滑", True)
    ]


def test_notes_of_another_countys_enterprise_are_404_and_bad_fields_are_400(
    client, county_user, two_counties_enterprises
):
    hanbin, hanyin = two_counties_enterprises
    client.force_login(county_user)
    body = {"date": "2024-09-02", "kind": "visit", "content": "走访"}
    other = f"/api/v1/enterprises/{hanyin.uscc}/notes"
    assert client.get(other).status_code == 404
    assert client.post(other, body, content_type="application/json").status_code == 404
    own = f"/api/v1/enterprises/{hanbin.uscc}/notes"
    refused = client.post(own, {**body, "kind": "letter"}, content_type="application/json")
    assert refused.status_code == 400 and "联系方式应为" in refused.json()["detail"]
    assert client.get(own).json() == []


def test_a_leader_reads_notes_through_the_api_but_cannot_add_one(client, two_counties_enterprises):
    from diaodu.testing import make_user

    hanbin, _ = two_counties_enterprises
    client.force_login(make_user("leader", role="leader", region_code="610900"))
    url = f"/api/v1/enterprises/{hanbin.uscc}/notes"
    body = {"date": "2024-09-02", "kind": "call", "content": "电话了解生产情况"}
    assert client.post(url, body, content_type="application/json").status_code == 403
    assert client.get(url).json() == []
