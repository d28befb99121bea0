"""M04 M05 M24 from official figures: contracts/region-indicators.md, worked by hand."""

import json

import pytest
from django.core.management import call_command

from diaodu.analysis.ranking import figure_period, indicator_named, ranking
from diaodu.ingest.services import import_indicators
from diaodu.ingest.tests.files import write_xlsx
from diaodu.regions.services import set_peer_group
from diaodu.testing import make_user, region

pytestmark = pytest.mark.django_db

HEADER = ["报告期", "地区代码", "地区名称", "指标", "口径", "值", "同比增长"]
VA = "规上工业增加值"
XIAN, TONGCHUAN, BAOJI, XIANYANG, WEINAN, ANKANG = (
    "610100",
    "610200",
    "610300",
    "610400",
    "610500",
    "610900",
)


@pytest.fixture
def shaanxi(tmp_path):
    """Shaanxi's cities. 2024-02 is given as 当月 and serves 累计 too (1—2月).

    1—2月:  铜川 7.0 (1), 咸阳 6.5 (2), 西安 6.0 (3), 安康 5.5 (4), 宝鸡 5.0 (5), 渭南 4.0 (6)
    1—3月:  西安 7.1 (1), 铜川 6.5 (2), 宝鸡 6.5 (2), 咸阳 6.2 (4), 渭南 5.0 (5); 安康 none
    province 1—3月 6.0. 2023-12 has figures too: it is not "the previous period" of 2024."""
    rows = [HEADER]
    december = {XIAN: "1.0", TONGCHUAN: "9.0", BAOJI: "8.0", XIANYANG: "7.0"}
    february = {XIAN: "6.0", TONGCHUAN: "7.0", BAOJI: "5.0", XIANYANG: "6.5", WEINAN: "4.0"}
    february[ANKANG] = "5.5"
    march = {XIAN: "7.1", TONGCHUAN: "6.5", BAOJI: "6.5", XIANYANG: "6.2", WEINAN: "5.0"}
    for period, scope, growths in [
        ("2023-12", "累计", december),
        ("2024-02", "当月", february),
        ("2024-03", "累计", march),
    ]:
        rows += [[period, code, "", VA, scope, "", growth] for code, growth in growths.items()]
    rows.append(["2024-03", "610000", "陕西省", VA, "累计", "", "6.0"])
    assert import_indicators(write_xlsx(tmp_path / "f.xlsx", rows)).ok


def march(scope="累计"):
    return ranking(
        parent=region("610000"),
        indicator=indicator_named(VA),
        period=figure_period("2024-03"),
        scope=scope,
    )


def by_code(result):
    return {item.code: item for item in result.items}


def test_competition_ranks_on_the_published_figures_and_regions_without_a_figure_left_out(
    shaanxi,
):
    items = march().items
    assert [(i.code, str(i.growth.normalize()), i.rank) for i in items] == [
        (XIAN, "7.1", 1),
        (TONGCHUAN, "6.5", 2),
        (BAOJI, "6.5", 2),
        (XIANYANG, "6.2", 4),
        (WEINAN, "5", 5),
    ]


def test_rank_change_against_the_previous_month_of_the_same_year(shaanxi):
    items = by_code(march())
    # 西安 3→1 前移两位, 铜川 1→2 后移一位, 宝鸡 5→2, 咸阳 2→4, 渭南 6→5.
    assert {code: item.rank_change for code, item in items.items()} == {
        XIAN: 2,
        TONGCHUAN: -1,
        BAOJI: 3,
        XIANYANG: -2,
        WEINAN: 1,
    }
    assert str(march().previous_period) == "2024-02"


def test_the_first_period_of_a_year_has_no_rank_change_even_after_a_december(shaanxi):
    result = ranking(
        parent=region("610000"),
        indicator=indicator_named(VA),
        period=figure_period("2024-02"),
    )
    assert result.previous_period is None
    assert {item.rank_change for item in result.items} == {None}
    assert len(result.items) == 6  # the 当月 February figure serves 累计


def test_first_tier_gap_to_the_province_and_tier_moves(shaanxi):
    items = by_code(march())
    assert [code for code, item in items.items() if item.first_tier] == [XIAN, TONGCHUAN, BAOJI]
    assert {code: str(item.gap_to_reference) for code, item in items.items()} == {
        XIAN: "1.100000",  # 7.1 − 6.0
        TONGCHUAN: "0.500000",
        BAOJI: "0.500000",
        XIANYANG: "0.200000",
        WEINAN: "-1.000000",
    }
    # 宝鸡 5→2 enters the first tier, 咸阳 2→4 falls out of it.
    assert {code: item.tier_move for code, item in items.items() if item.tier_move} == {
        BAOJI: "进入",
        XIANYANG: "跌出",
    }


def test_a_tie_at_k_puts_every_tied_region_in_the_first_tier(shaanxi):
    set_peer_group(parent=region("610000"), name="全省地级市", k=2)
    result = march()
    assert result.first_tier_size == 2
    assert [item.code for item in result.items if item.first_tier] == [XIAN, TONGCHUAN, BAOJI]


def test_streaks_count_the_published_periods_in_a_row(shaanxi):
    items = by_code(march())
    # Series 2023-12, 2024-02, 2024-03 (K = 3). 西安: 4th, 3rd, 1st → first tier twice.
    # 铜川: 1st, 1st, 2nd → first tier three times, first place none (not first now).
    assert {code: item.first_tier_streak for code, item in items.items()} == {
        XIAN: 2,
        TONGCHUAN: 3,
        BAOJI: 1,
        XIANYANG: 0,
        WEINAN: 0,
    }
    assert items[XIAN].first_place_streak == 1
    assert items[TONGCHUAN].first_place_streak == 0


def test_the_command_prints_the_contract_json(shaanxi, capsys):
    call_command(
        "ranking", "--parent", "610000", "--indicator", VA, "--period", "2024-03", "--json"
    )
    body = json.loads(capsys.readouterr().out)
    assert body["parent"] == "610000"
    assert body["period"] == "2024-03"
    assert body["scope"] == "累计"
    assert body["reference_growth"] == 6.0
    assert body["items"][0] == {
        "code": XIAN,
        "name": "西安市",
        "growth": 7.1,
        "rank": 1,
        "rank_change": 2,
        "first_tier": True,
        "gap_to_reference": 1.1,
        "previous_rank": 3,
        "tier_move": None,
        "first_tier_streak": 2,
        "first_place_streak": 1,
    }


def test_the_command_prints_a_readable_table(shaanxi, capsys):
    call_command("ranking", "--parent", "610000", "--indicator", VA, "--period", "2024-03")
    out = capsys.readouterr().out
    assert "陕西省增速6%" in out
    assert "前移两位" in out and "后移一位" in out and "跌出" in out


def test_a_county_sees_its_rank_among_the_citys_counties_but_not_other_cities(client, tmp_path):
    rows = [HEADER, ["2024-03", "610902", "", VA, "累计", "", "8.0"]]
    rows.append(["2024-03", "610921", "", VA, "累计", "", "9.0"])
    assert import_indicators(write_xlsx(tmp_path / "f.xlsx", rows)).ok
    client.force_login(make_user("hanbin", role="county_user", region_code="610902"))
    url = "/api/v1/regions/{}/ranking?indicator=规上工业增加值&period=2024-03"
    body = client.get(url.format("610900")).json()
    assert [(i["code"], i["rank"]) for i in body["items"]] == [("610921", 1), ("610902", 2)]
    assert client.get(url.format("610000")).status_code == 404
    assert client.get(url.format("610100")).status_code == 404


def test_an_unknown_indicator_is_a_clear_400(client, city_analyst):
    client.force_login(city_analyst)
    response = client.get("/api/v1/regions/610900/ranking?indicator=产值增速&period=2024-03")
    assert response.status_code == 400
    assert "指标目录中没有“产值增速”" in response.json()["detail"]
