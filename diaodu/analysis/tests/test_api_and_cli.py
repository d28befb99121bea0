import json

import pytest
from django.core.management import call_command

from diaodu.testing import make_enterprise, make_fact, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def facts(db):
    hanbin = make_enterprise(county="610902", name="汉滨甲厂")
    hanyin = make_enterprise(county="610921", name="汉阴乙厂")
    make_fact(hanbin, "2024-08", month="10", ytd="120", month_prior="9", ytd_prior="100")
    make_fact(hanyin, "2024-08", month="4", ytd="40", month_prior="6", ytd_prior="50")


def test_the_summary_api_serves_the_contract_json(client, city_analyst, facts):
    client.force_login(city_analyst)
    body = client.get("/api/v1/regions/610900/summary?period=2024-08").json()
    assert set(body) == {
        "region",
        "period",
        "ytd_label",
        "enterprises",
        "output",
        "subregions",
        "industries",
        "decliners",
        "retained_exits",
    }
    assert body["region"] == {"code": "610900", "name": "安康市"}
    assert body["output"]["ytd"]["current"] == 160.0  # 120 + 40


def test_a_county_user_gets_404_for_the_city_and_its_neighbours_summary(client, county_user, facts):
    client.force_login(county_user)
    assert client.get("/api/v1/regions/610900/summary?period=2024-08").status_code == 404
    assert client.get("/api/v1/regions/610921/summary?period=2024-08").status_code == 404
    assert client.get("/api/v1/regions/610902/summary?period=2024-08").status_code == 200


def test_a_responsible_unit_reads_no_figures(client, facts):
    from diaodu.accounts.models import Unit
    from diaodu.accounts.services import create_user_with_role
    from diaodu.testing import region

    unit = Unit.objects.create(name="发改委", region=region("610900"))
    user = create_user_with_role(
        username="u1", password="x-secret-1", role="unit", region=region("610900"), unit=unit
    )
    client.force_login(user)
    assert client.get("/api/v1/regions/610900/summary?period=2024-08").status_code == 404


def test_a_bad_period_is_a_400_in_chinese(client, city_analyst):
    client.force_login(city_analyst)
    response = client.get("/api/v1/regions/610900/summary?period=2024-13")
    assert response.status_code == 400 and "月份" in response.json()["detail"]


def test_the_drilldown_lists_enterprises_largest_drag_first_with_pulls(client, city_analyst, facts):
    client.force_login(city_analyst)
    body = client.get("/api/v1/regions/610900/drilldown?period=2024-08").json()
    names = [(e["name"], e["status"]) for e in body["enterprises"]]
    assert names == [
        ("汉阴乙厂", "减产"),
        ("汉滨甲厂", "正常"),
    ]  # 4 against 6: between half and full
    # 汉阴乙厂: (40 − 50) / 150 × 100 = −6.6667 pp
    assert abs(body["enterprises"][0]["pull"] - (-10 / 150 * 100)) < 1e-9
    assert "拉动" in body["formulas"]["pull"]


def test_a_county_user_drills_into_its_own_enterprises_only(client, county_user, facts):
    client.force_login(county_user)
    body = client.get("/api/v1/regions/610902/drilldown?period=2024-08").json()
    assert [e["name"] for e in body["enterprises"]] == ["汉滨甲厂"]


def test_both_ends_separate_the_pullers_from_the_draggers(client, city_analyst, facts):
    client.force_login(city_analyst)
    body = client.get("/api/v1/regions/610900/both-ends?period=2024-08&n=5").json()
    assert [e["name"] for e in body["top"]] == ["汉滨甲厂"]
    assert [e["name"] for e in body["bottom"]] == ["汉阴乙厂"]


def test_the_cli_prints_json_and_a_chinese_table(facts, capsys):
    call_command("summary", "--region", "610900", "--period", "2024-08", "--json")
    assert json.loads(capsys.readouterr().out)["ytd_label"] == "1—8月"
    call_command("summary", "--region", "610900", "--period", "2024-08")
    out = capsys.readouterr().out
    # 160 / 150 − 1 = 6.67% → 增长6.7%
    assert "1—8月，安康市规上工业总产值0.02亿元，同比增长6.7%。" in out
    assert "汉滨区" in out and "下拉企业1户" in out


def test_a_leader_reads_the_summary(client, facts):
    client.force_login(make_user("ld", role="leader", region_code="610900"))
    assert client.get("/api/v1/regions/610900/summary?period=2024-08").status_code == 200
