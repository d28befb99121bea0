"""M07 M08 M09 M10 and ranks on computed figures, worked out by hand (万元).

            2026-07 (YTD C/P)   2026-08 (YTD C/P)
汉滨 610902   105 / 100  +5 %    130 / 100  +30 %
汉阴 610921   120 / 100  +20 %   120 / 100  +20 %
石泉 610922   110 / 100  +10 %    90 / 100  −10 %
city          335 / 300          340 / 300  +13.33 %
Last year's file of August (one enterprise of 汉滨): 1100 / 1000, +10 %.
"""

from decimal import Decimal

import pytest

from diaodu.analysis.comparisons import comparisons, share_of_parent, two_year_average, view_label
from diaodu.core.periods import Period
from diaodu.regions.models import Indicator, RegionFigure
from diaodu.testing import make_enterprise, make_fact, region

pytestmark = pytest.mark.django_db
AUG = Period(2026, 8)


@pytest.fixture
def city(db):
    for code, july, august in (
        ("610902", "105", "130"),
        ("610921", "120", "120"),
        ("610922", "110", "90"),
    ):
        plant = make_enterprise(county=code)
        make_fact(plant, "2026-07", month="10", ytd=july, month_prior="10", ytd_prior="100")
        make_fact(plant, "2026-08", month="10", ytd=august, month_prior="12", ytd_prior="100")
    old = make_enterprise(county="610902")
    make_fact(old, "2025-08", month="1", ytd="1100", month_prior="1", ytd_prior="1000")
    return region("610900")


def test_two_year_average_base_and_spreads(city):
    result = comparisons(region=city, period=AUG)
    assert result.growth.quantize(Decimal("0.0001")) == Decimal("13.3333")
    assert (result.last_year.growth, result.last_year.source) == (Decimal(10), "上年月报")
    # √(1.13333… × 1.10) − 1 = √1.246666… − 1 = 0.116542…: 11.65 %.
    assert result.two_year_average.quantize(Decimal("0.01")) == Decimal("11.65")
    # The base moved from 30 to 36 (the month prior of three plants, 10 → 12 each): 6万元.
    assert result.base_change == 6 * 1_000_000
    assert [line.code for line in result.fastest] == ["610902"]
    assert [line.code for line in result.slowest] == ["610922"]
    assert result.spread == Decimal(40)  # 30 − (−10)
    assert result.above_region == 2  # 汉滨 and 汉阴 above 13.33 %
    # Shares of 340: 汉滨 130 (38.24 %), 汉阴 120 (35.29 %), 石泉 90 (26.47 %): gap 40/340.
    assert (result.largest_share.code, result.smallest_share.code) == ("610902", "610922")
    assert result.share_gap is not None
    assert abs(result.share_gap - Decimal(40) / Decimal(340) * 100) < Decimal("1e-20")


def test_ranks_moves_and_streaks_on_computed_growth(city):
    ranks = {r.code: r for r in comparisons(region=city, period=AUG).ranks if r.rank}
    # July: 汉阴 1, 石泉 2, 汉滨 3. August: 汉滨 1, 汉阴 2, 石泉 3.
    assert [(c, ranks[c].rank, ranks[c].previous_rank, ranks[c].move) for c in ranks] == [
        ("610902", 1, 3, 2),
        ("610921", 2, 1, -1),
        ("610922", 3, 2, -1),
    ]
    assert ranks["610902"].first_streak == 1 and ranks["610921"].first_streak == 0
    july = {r.code: r for r in comparisons(region=city, period=Period(2026, 7)).ranks if r.rank}
    assert july["610921"].first_streak == 1 and july["610921"].previous_rank is None


def test_quarter_views_and_edges():
    assert view_label(Period(2026, 9)) == "前三季度"
    assert view_label(Period(2026, 6)) == "上半年"
    assert view_label(Period(2026, 8)) == "1—8月"
    assert two_year_average(Decimal(10), None) is None
    # −10 % then +10 %: √(0.9 × 1.1) − 1 = √0.99 − 1 = −0.5013 %.
    assert two_year_average(Decimal(-10), Decimal(10)).quantize(Decimal("0.0001")) == Decimal(
        "-0.5013"
    )


def test_share_of_parent_from_published_figures(db):
    indicator = Indicator.objects.get(name="规上工业增加值")
    for code, value in (("610900", "500"), ("610000", "20000")):
        RegionFigure.objects.create(
            region=region(code),
            indicator=indicator,
            period_kind="month",
            period=202608,
            scope="ytd",
            value=Decimal(value),
        )
    own, parent, share = share_of_parent(region("610900"), "规上工业增加值", AUG)
    assert (own, parent, share) == (Decimal(500), Decimal(20000), Decimal("2.5"))


def test_the_endpoint(client, city_analyst, city):
    client.force_login(city_analyst)
    body = client.get("/api/v1/regions/610900/comparisons?period=2026-08").json()
    assert body["view_label"] == "1—8月" and body["spread"] == 40.0
    hanbin = next(r for r in body["ranks"] if r["code"] == "610902")
    assert hanbin["move_words"] == "前移两位"


def test_main_products_growing(db):
    # Four tracked products published for 1—8月: 水泥 +5, 钢材 −2, 发电量 +0.0, 原盐 +12.
    # Two of four grow (a growth of zero is not growth): 50 %.
    from diaodu.analysis.comparisons import products_growing

    for name, growth in (("水泥", "5"), ("钢材", "-2"), ("发电量", "0"), ("原盐", "12")):
        indicator = Indicator.objects.create(name=name, unit="万吨", is_product=True)
        RegionFigure.objects.create(
            region=region("610900"),
            indicator=indicator,
            period_kind="month",
            period=202608,
            scope="ytd",
            growth=Decimal(growth),
        )
    result = products_growing(region("610900"), AUG)
    assert (result.tracked, result.growing, result.share) == (4, 2, Decimal(50))
    assert result.falling == ["发电量", "钢材"]
