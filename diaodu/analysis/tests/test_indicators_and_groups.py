"""M17 M18 M25 (revenue, profit with its words, sales ratio, power) and M14 M15 (groups),
every figure worked out by hand below."""

import datetime as dt
from decimal import Decimal

import pytest

from diaodu.analysis.groups import GroupError, group_figures
from diaodu.analysis.indicators import ProfitChange, profit_change, region_indicators
from diaodu.core.periods import Period
from diaodu.enterprises.models import EnterpriseGroup, GroupMembership
from diaodu.enterprises.services import add_to_group
from diaodu.testing import make_enterprise, make_fact, region

pytestmark = pytest.mark.django_db
AUGUST = Period(2024, 8)


@pytest.fixture
def ankang():
    """安康市, 1—8月 2024, three enterprises (万元):

    A 汉滨 食品(13) 民营: output 120/100, revenue 110/100, profit 10/8, sales 114/95,
      power 500/400 kWh
    B 汉阴 煤炭(06) 国有: output 40/50, revenue 38/— (no prior: not on the same basis),
      profit −2/3, sales 38/47
    C 汉滨 电力(44) 外资: output 60/50, revenue 50/40, profit −1/−5
    """
    a = make_enterprise(county="610902", industry="1311", name="甲", ownership="private")
    b = make_enterprise(county="610921", industry="0610", name="乙", ownership="state")
    c = make_enterprise(county="610902", industry="4411", name="丙", ownership="foreign")
    common = {"month": "10", "month_prior": "9"}
    make_fact(a, "2024-08", ytd="120", ytd_prior="100", **common, revenue_ytd="110",
              revenue_ytd_prior="100", profit_ytd="10", profit_ytd_prior="8", sales_ytd="114",
              sales_ytd_prior="95", power_month=500, power_month_prior=400)  # fmt: skip
    make_fact(b, "2024-08", ytd="40", ytd_prior="50", **common, revenue_ytd="38",
              profit_ytd="-2", profit_ytd_prior="3", sales_ytd="38",
              sales_ytd_prior="47")  # fmt: skip
    make_fact(c, "2024-08", ytd="60", ytd_prior="50", **common, revenue_ytd="50",
              revenue_ytd_prior="40", profit_ytd="-1", profit_ytd_prior="-5")  # fmt: skip
    return a, b, c


def test_each_figure_is_summed_on_the_same_basis(ankang):
    result = region_indicators(region=region("610900"), period=AUGUST)
    figures = result.figures
    assert result.enterprises == 3
    assert (figures["output"].current, figures["output"].prior) == (220_000_000, 200_000_000)
    assert figures["output"].growth == Decimal(10)  # 220 / 200 − 1
    # Revenue: B has no prior figure, so A + C only: 160 / 140 − 1 = 14.2857…%
    assert figures["revenue"].reporting == 2
    assert round(figures["revenue"].growth, 6) == Decimal("14.285714")
    # Profit: 10 − 2 − 1 = 7 against 8 + 3 − 5 = 6: 增长 16.666…%
    assert (figures["profit"].current, figures["profit"].prior) == (7_000_000, 6_000_000)
    assert figures["profit"].profit.word == "增长"
    assert round(figures["profit"].growth, 6) == Decimal("16.666667")
    # Power (kWh): A only, 500 / 400 − 1 = 25%
    assert (figures["power"].reporting, figures["power"].growth) == (1, Decimal(25))


def test_sales_ratio_is_over_the_enterprises_reporting_sales(ankang):
    ratio = region_indicators(region=region("610900"), period=AUGUST).sales_ratio
    # A + B: sales 152 of output 160 = 95%; last year 142 of 150 = 94.666…%
    assert ratio.current == Decimal(95)
    assert round(ratio.prior, 6) == Decimal("94.666667")
    assert round(ratio.change, 6) == Decimal("0.333333")


def test_a_county_sums_only_its_own_enterprises(ankang):
    figures = region_indicators(region=region("610921"), period=AUGUST).figures
    assert figures["output"].growth == Decimal(-20)  # B alone: 40 / 50 − 1
    assert figures["profit"].profit.word == "由盈转亏"
    assert figures["revenue"].reporting == 0 and figures["revenue"].growth is None


@pytest.mark.parametrize(
    ("current", "prior", "word", "rate"),
    [
        (10, 8, "增长", Decimal(25)),
        (6, 8, "下降", Decimal(-25)),
        (-2, 3, "由盈转亏", None),
        (1, -4, "扭亏", None),
        (0, -4, "扭亏", None),
        (-1, -4, "减亏", Decimal(75)),  # the loss shrank from 4 to 1: by 75%
        (-6, -4, "增亏", Decimal(50)),  # the loss grew from 4 to 6: by 50%
        (-4, -4, "亏损持平", Decimal(0)),
        (5, 0, "上年同期为零", None),
    ],
)
def test_profit_words_when_a_base_is_negative(current, prior, word, rate):
    assert profit_change(current, prior) == ProfitChange(word, rate)


def test_manufacturing_against_the_city(ankang):
    result = group_figures(region=region("610900"), period=AUGUST, group="制造业")
    # A only (division 13): 120 / 100 → 20%; the city 10%; gap 10 pp
    assert (result.enterprises, result.growth, result.gap) == (1, Decimal(20), Decimal(10))
    assert round(result.share, 6) == Decimal("54.545455")  # 120 / 220
    assert result.pull == Decimal(10)  # (120 − 100) / 200


def test_non_public_and_state_ownership(ankang):
    non_public = group_figures(region=region("610900"), period=AUGUST, group="非公")
    assert (non_public.ytd, non_public.growth) == (180_000_000, Decimal(20))  # A + C
    assert non_public.pull == Decimal(15)  # (180 − 150) / 200
    state = group_figures(region=region("610900"), period=AUGUST, group="国有")
    assert (state.growth, state.pull) == (Decimal(-20), Decimal(-5))


def test_a_groups_members_are_those_on_the_periods_last_day(ankang):
    a, b, c = ankang
    whitelist = EnterpriseGroup.objects.create(name="白名单", kind="whitelist")
    add_to_group(group=whitelist, enterprise=a, start_date=dt.date(2024, 1, 1))
    add_to_group(group=whitelist, enterprise=c, start_date=dt.date(2024, 9, 1))  # after August
    GroupMembership.objects.create(
        group=whitelist, enterprise=b, start_date=dt.date(2023, 1, 1), end_date=dt.date(2024, 7, 31)
    )
    result = group_figures(region=region("610900"), period=AUGUST, group="白名单")
    assert (result.enterprises, result.ytd) == (1, 120_000_000)


def test_an_unknown_group_is_refused_in_chinese(ankang):
    with pytest.raises(GroupError, match="没有名为“纺织业集群”的分组"):
        group_figures(region=region("610900"), period=AUGUST, group="纺织业集群")


def test_the_api_serves_indicators_and_groups_within_scope(client, county_user, ankang):
    client.force_login(county_user)  # 汉滨区
    body = client.get("/api/v1/regions/610902/indicators?period=2024-08").json()
    assert body["figures"]["output"]["current"] == 180.0  # A + C
    assert body["figures"]["profit"]["profit_word"] == "增长"  # 9 against 3
    assert client.get("/api/v1/regions/610921/indicators?period=2024-08").status_code == 404
    body = client.get("/api/v1/regions/610902/groups?period=2024-08&group=制造业").json()
    assert (body["enterprises"], body["growth"]) == (1, 20.0)
    response = client.get("/api/v1/regions/610902/groups?period=2024-08&group=无此组")
    assert response.status_code == 400


def test_the_enterprises_behind_a_group_and_a_status(ankang):
    from diaodu.analysis.drilldown import drilldown

    # 非公 is A and C; their pulls on the city's 200 base: (120 − 100)/200 = 10, (60 − 50)/200 = 5,
    # adding up to the group's pull of 15 (test above). Largest drag first: C then A.
    lines = drilldown(region=region("610900"), period=AUGUST, group="非公").enterprises
    assert [(line.name, line.pull) for line in lines] == [("丙", Decimal(5)), ("甲", Decimal(10))]
    assert (
        sum(line.pull or Decimal(0) for line in lines)
        == group_figures(region=region("610900"), period=AUGUST, group="非公").pull
    )
    # Every month is 10 against 9: all three are 正常 this month.
    assert len(drilldown(region=region("610900"), period=AUGUST, status="normal").enterprises) == 3
    assert drilldown(region=region("610900"), period=AUGUST, status="stopped").enterprises == []
    with pytest.raises(GroupError, match="生产状态应为"):
        drilldown(region=region("610900"), period=AUGUST, status="closed")


def test_subregions_in_one_query_equal_each_summed_alone(ankang):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from diaodu.analysis.indicators import subregion_indicators
    from diaodu.core.memo import one_reading
    from diaodu.regions.models import Region

    def region_of(pk):
        return Region.objects.get(pk=pk)

    city = region("610900")
    with CaptureQueriesContext(connection) as grouped:
        together = subregion_indicators(region=city, period=AUGUST)
    regions = {pk: region_of(pk) for pk in together}
    alone = {pk: region_indicators(region=regions[pk], period=AUGUST) for pk in together}
    assert together == alone
    facts_read = [q for q in grouped.captured_queries if "monthlyfact" in q["sql"]]
    assert len(facts_read) == 1  # one grouped query (beside it only the region tree's)
    # within a reading, the sub-regions' own answers come from the grouped query
    with one_reading():
        subregion_indicators(region=city, period=AUGUST)
        with CaptureQueriesContext(connection) as after:
            for pk in together:
                assert region_indicators(region=regions[pk], period=AUGUST) == alone[pk]
    assert len(after.captured_queries) == 0
    # 汉滨 holds A and C: output 120 + 60 = 180 against 100 + 50 = 150, growth 20%
    hanbin = together[region("610902").pk]
    assert (hanbin.enterprises, hanbin.figures["output"].growth) == (2, Decimal(20))
