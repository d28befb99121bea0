"""The dispatch summary against a small 安康市 worked out by hand.

汉滨区 610902: 甲 C=120 P=100 (month 10 / 9), 乙 C=30 P=50 (month 0 / 5: 停产, a decliner),
               丙 退库留基 C=0 P=20 (month 0 / 2);
汉阴县 610921: 丁 C=55 P=50 (month 6 / 5);  the eight other counties: no enterprise.
Industries: 甲 乙 丁 in 1311 (大类 13), 丙 in 3670 (大类 36). Money in 万元."""

from decimal import Decimal

import pytest

from diaodu.analysis.summary import dispatch_summary, summary_as_json
from diaodu.core.periods import Period
from diaodu.testing import make_enterprise, make_fact, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(db):
    jia = make_enterprise(county="610902", name="甲")
    yi = make_enterprise(county="610902", name="乙")
    bing = make_enterprise(county="610902", industry="3670", name="丙")
    ding = make_enterprise(county="610921", name="丁")
    make_fact(jia, "2024-08", month="10", ytd="120", month_prior="9", ytd_prior="100")
    make_fact(yi, "2024-08", month="0", ytd="30", month_prior="5", ytd_prior="50")
    make_fact(
        bing, "2024-08", month="0", ytd="0", month_prior="2", ytd_prior="20", status="retained_exit"
    )
    make_fact(ding, "2024-08", month="6", ytd="55", month_prior="5", ytd_prior="50")
    return {"jia": jia, "yi": yi, "bing": bing, "ding": ding}


def summary(code="610900", period="2024-08"):
    return summary_as_json(dispatch_summary(region=region(code), period=Period.parse(period)))


def close(value, expected):
    return value is not None and abs(value - expected) < 1e-9


def test_the_city_growth_counts_every_enterprise_and_the_retained_exit(city):
    body = summary()
    assert body["enterprises"] == 4 and body["ytd_label"] == "1—8月"
    ytd = body["output"]["ytd"]
    # C = 120 + 30 + 0 + 55 = 205; P = 100 + 50 + 20 + 50 = 220; 205/220 − 1 = −6.818181…%
    assert (ytd["current"], ytd["prior"]) == (205.0, 220.0)
    assert close(ytd["growth"], (205 / 220 - 1) * 100)
    month = body["output"]["month"]
    # month: 10 + 0 + 0 + 6 = 16 against 9 + 5 + 2 + 5 = 21
    assert (month["current"], month["prior"]) == (16.0, 21.0)


def test_every_county_is_listed_with_share_rank_and_pull(city):
    lines = {line["code"]: line for line in summary()["subregions"]}
    assert len(lines) == 10  # 安康's ten county-level regions, with data or not
    hanbin, hanyin, shiquan = lines["610902"], lines["610921"], lines["610922"]
    # 汉滨: 150 / 170 − 1 = −11.7647%; share 150/205; pull (150 − 170)/220 = −9.0909 pp
    assert close(hanbin["ytd_growth"], (150 / 170 - 1) * 100)
    assert close(hanbin["share"], 150 / 205 * 100)
    assert close(hanbin["pull"], -20 / 220 * 100)
    # 汉阴: 55/50 − 1 = 10% ranks first; pull 5/220 = 2.2727 pp
    assert (hanyin["rank"], hanbin["rank"]) == (1, 2)
    assert close(hanyin["pull"], 5 / 220 * 100)
    # a county with no enterprise: nulls, no rank, but listed
    assert (shiquan["ytd_growth"], shiquan["rank"], shiquan["share"]) == (None, None, 0.0)


def test_industries_carry_pull_and_contribution(city):
    lines = {line["code"]: line for line in summary()["industries"]}
    assert list(lines) == ["13", "36"] and lines["13"]["name"] == "农副食品加工业"
    # 大类 13: C = 205, P = 200 → 2.5%; pull 5/220; contribution 5 / (205 − 220) = −33.3%
    assert close(lines["13"]["ytd_growth"], 2.5)
    assert close(lines["13"]["pull"], 5 / 220 * 100)
    assert close(lines["13"]["contribution"], 5 / -15 * 100)
    # 大类 36: 0 against 20 → −100%; contribution −20 / −15 = 133.3%
    assert close(lines["36"]["contribution"], -20 / -15 * 100)


def test_decliners_and_retained_exits_are_counted_apart(city):
    body = summary()
    # 乙 fell (30 < 50) and stopped this month (0 against 5); 丙 is a retained exit, not a decliner
    assert {k: v for k, v in body["decliners"].items() if k != "pull"} == {
        "count": 1, "stopped": 1, "half_stopped": 0, "reduced": 0, "recovering": 0,
    }  # fmt: skip
    assert close(body["decliners"]["pull"], -20 / 220 * 100)
    assert body["retained_exits"]["count"] == 1
    assert close(body["retained_exits"]["pull"], -20 / 220 * 100)


def test_production_status_thresholds_at_their_edges(db):
    # month against month_prior 10: 0 → 停产; 4.99 → 半停产; 5 → 减产 (5 = 0.5 × 10); 9.99 → 减产; 10 → 正常
    for month in ("0", "4.99", "5", "9.99", "10"):
        make_fact(
            make_enterprise(), "2024-08", month=month, ytd="50", month_prior="10", ytd_prior="60"
        )
    decliners = summary("610902")["decliners"]
    assert (decliners["stopped"], decliners["half_stopped"], decliners["reduced"], decliners["recovering"]) == (
        1, 1, 2, 1,
    )  # fmt: skip


def test_changes_use_the_latest_earlier_month_of_the_year_skipping_a_missing_one(city):
    # June, no July: August's previous period is June.
    make_fact(city["jia"], "2024-06", month="10", ytd="90", month_prior="9", ytd_prior="80")
    make_fact(city["ding"], "2024-06", month="6", ytd="40", month_prior="7", ytd_prior="40")
    body = summary()
    # June: C = 130, P = 120 → 8.3333%; August −6.8182% → change −15.1515 pp
    assert close(body["output"]["ytd_growth_change"], (205 / 220 - 1) * 100 - (130 / 120 - 1) * 100)
    # base: August's month prior 21 − June's month prior (9 + 7) = 5 万元
    assert body["output"]["base_change"] == 5.0
    hanyin = next(line for line in body["subregions"] if line["code"] == "610921")
    assert close(hanyin["ytd_growth_change"], 10.0 - 0.0)  # 55/50 − 1 against 40/40 − 1


def test_the_first_period_of_a_year_has_no_change(city):
    make_fact(city["jia"], "2023-12", month="10", ytd="90", month_prior="9", ytd_prior="80")
    body = summary()
    assert body["output"]["ytd_growth_change"] is None and body["output"]["base_change"] is None


def test_a_february_first_year_is_labelled_1_to_2(db):
    make_fact(make_enterprise(), "2025-02", month="20", ytd="38", month_prior="18", ytd_prior="35")
    body = summary("610902", "2025-02")
    assert body["ytd_label"] == "1—2月" and body["output"]["ytd_growth_change"] is None


def test_a_zero_prior_base_gives_null_growth_not_a_crash(db):
    make_fact(
        make_enterprise(county="610923"),
        "2024-08",
        month="1",
        ytd="5",
        month_prior="0",
        ytd_prior="0",
    )
    body = summary("610923")
    assert body["output"]["ytd"]["growth"] is None and body["subregions"] == []


def test_a_county_shows_its_own_figures_and_no_subregions(city):
    body = summary("610921")
    assert body["enterprises"] == 1 and body["subregions"] == []
    assert close(body["output"]["ytd"]["growth"], 10.0)


def test_a_reimported_period_changes_the_summary(city):
    from diaodu.enterprises.models import MonthlyFact

    MonthlyFact.objects.filter(enterprise=city["ding"]).update(output_ytd=60_000_000)
    # C = 120 + 30 + 0 + 60 = 210 against 220
    assert close(summary()["output"]["ytd"]["growth"], (210 / 220 - 1) * 100)


def test_the_summary_takes_a_fixed_number_of_queries(city, django_assert_max_num_queries):
    # the region tree's revision and size (2), then the summary's own sums (5), whatever
    # the number of enterprises or counties
    with django_assert_max_num_queries(7):
        dispatch_summary(region=region("610900"), period=Period.parse("2024-08"))


def test_growth_is_a_decimal_to_28_digits_not_a_binary_float(city):
    result = dispatch_summary(region=region("610900"), period=Period.parse("2024-08"))
    assert isinstance(result.ytd.growth, Decimal)
    assert str(result.ytd.growth).startswith("-6.81818181818181818181818")


@pytest.mark.django_db
def test_the_region_tree_is_reused_until_the_regions_change():
    from diaodu.analysis.summary import Tree
    from diaodu.regions.selectors import descendant_ids
    from diaodu.regions.services import add_zone

    first = Tree()
    assert Tree() is first
    zone = add_zone(parent=region("610900"), code="610971", name="安康高新技术产业开发区")
    second = Tree()
    assert second is not first and zone.pk in second.descendants(region("610900").pk)
    # A rename to a name of the same length with the same first character (the old
    # fingerprint of lengths and first characters missed it) and a move are both seen.
    hanbin = region("610902")
    hanbin.name = "汉北区"
    hanbin.save()
    third = Tree()
    assert third is not second and third.nodes[hanbin.pk][2] == "汉北区"
    zone.parent = hanbin
    zone.save()
    assert Tree().child_under(region("610900").pk, zone.pk) == hanbin.pk
    assert zone.pk in descendant_ids(hanbin)


@pytest.mark.django_db
def test_the_year_trend_is_the_summary_month_by_month():
    from diaodu.analysis.summary import year_trend

    plant = make_enterprise(county="610902")
    other = make_enterprise(county="610921")
    # No January file (1—2月 comes with February); April never imported.
    for month, own, theirs in ((2, "20", "30"), (3, "33", "41"), (5, "61", "70")):
        make_fact(plant, f"2026-{month:02d}", month="10", ytd=own, month_prior="9", ytd_prior="25")
        make_fact(
            other, f"2026-{month:02d}", month="8", ytd=theirs, month_prior="9", ytd_prior="35"
        )
    points = year_trend(region=region("610900"), period=Period(2026, 5))
    assert [p.period.month for p in points] == [2, 3, 5]
    # May: (61 + 70) / (25 + 35) − 1 = 131 / 60 − 1 = 118.33 %; the month 18 / 18: 0 %.
    assert points[-1].ytd.growth == (Decimal(131) / Decimal(60) - 1) * 100
    assert points[-1].month.growth == Decimal(0)
    for point in points:
        summary = dispatch_summary(region=region("610900"), period=point.period)
        assert (point.ytd, point.month) == (summary.ytd, summary.month)


def test_the_grouped_sums_are_whole_fen_as_python_integers_on_either_engine(db):
    """PostgreSQL sums bigint as numeric: the sums come back as int, never Decimal, and
    add up by key exactly (a county of two enterprises, one of another division).
    1 万元 = 1,000,000 分: YTD 80.01 + 19.99 = 100 万元 in division 13."""
    from dataclasses import astuple

    from diaodu.analysis import queries

    for industry, ytd in (("1311", "80.01"), ("1311", "19.99"), ("2710", "5")):
        enterprise = make_enterprise(county="610902", industry=industry)
        make_fact(enterprise, "2024-08", month="1", ytd=ytd, month_prior="1", ytd_prior="4")
    hanbin = region("610902").pk
    cells = queries.sums_by_county_and_division({hanbin}, 202408)
    assert {key: astuple(sums) for key, sums in cells.items()} == {
        (hanbin, "13"): (2, 2_000_000, 2_000_000, 100_000_000, 8_000_000),
        (hanbin, "27"): (1, 1_000_000, 1_000_000, 5_000_000, 4_000_000),
    }
    assert all(type(value) is int for sums in cells.values() for value in astuple(sums))
    by_division = queries.add_up_by((division, sums) for (_, division), sums in cells.items())
    total = (3, 3_000_000, 3_000_000, 105_000_000, 12_000_000)
    assert astuple(queries.add_up(by_division.values())) == total
