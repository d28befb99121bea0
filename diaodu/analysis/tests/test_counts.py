"""M20 M21 W05 E01 E02: counts worked out by hand (half-stopped share 0.5)."""

from decimal import Decimal

import pytest

from diaodu.analysis.counts import directory_changes, size_counts, status_counts
from diaodu.core.periods import Period
from diaodu.testing import make_enterprise, make_fact, region

pytestmark = pytest.mark.django_db
AUGUST = Period(2024, 8)


@pytest.fixture
def ankang():
    """2024-08 (month / same month last year, 万元):
    A 汉滨 10/9 正常 (新入库 in 2024-03), large      B 汉滨 0/5 停产, medium
    C 汉阴 3/10 半停产 (3 < 0.5 × 10)               D 汉阴 8/10 减产
    E 汉阴 退库留基 in 2024-08                       F 汉滨 新入库 in 2024-09: after the period
    2023-08: A 9/10 减产, B 5/4 正常 (B 新入库 in 2023-02)."""
    a, b, c, d, e, f = (
        make_enterprise(county=county, name=name)
        for county, name in [
            ("610902", "A"),
            ("610902", "B"),
            ("610921", "C"),
            ("610921", "D"),
            ("610921", "E"),
            ("610902", "F"),
        ]
    )
    a.size_class, b.size_class = "large", "medium"
    a.save()
    b.save()
    for enterprise, month, prior in [(a, "10", "9"), (b, "0", "5"), (c, "3", "10"), (d, "8", "10")]:
        make_fact(enterprise, "2024-08", month=month, ytd="80", month_prior=prior, ytd_prior="70")
    make_fact(e, "2024-08", month="0", ytd="0", month_prior="5", ytd_prior="50",
              status="retained_exit")  # fmt: skip
    make_fact(a, "2024-03", month="9", ytd="30", month_prior="9", ytd_prior="30", status="new")
    make_fact(f, "2024-09", month="9", ytd="9", month_prior="0", ytd_prior="0", status="new")
    make_fact(a, "2023-08", month="9", ytd="70", month_prior="10", ytd_prior="60")
    make_fact(b, "2023-08", month="5", ytd="40", month_prior="4", ytd_prior="30")
    make_fact(b, "2023-02", month="5", ytd="9", month_prior="4", ytd_prior="8", status="new")


def test_production_status_counts_and_the_decline_rate(ankang):
    result = status_counts(region=region("610900"), period=AUGUST)
    assert result.total == 5
    assert result.by_status == {
        "stopped": 1,
        "half_stopped": 1,
        "reduced": 1,
        "normal": 1,
        "retained_exit": 1,
    }
    assert result.decline_rate == Decimal(60)  # 3 of 5
    assert result.decline_rate_last_year == Decimal(50)  # A reduced, B normal
    assert result.decline_rate_change == Decimal(10)


def test_a_county_with_no_enterprises_has_no_rate(ankang):
    result = status_counts(region=region("610922"), period=AUGUST)  # 石泉县: nothing reported
    assert (result.total, result.decline_rate, result.decline_rate_change) == (0, None, None)


def test_size_classes_of_the_enterprises_reporting(ankang):
    counts = size_counts(region=region("610900"), period=AUGUST)
    assert (counts["大型"], counts["中型"], counts["小型"], counts["未分类"]) == (1, 1, 0, 3)


def test_entries_and_exits_up_to_the_period_against_last_year(ankang):
    lines = {line.code: line for line in directory_changes(region=region("610900"), period=AUGUST)}
    city, hanbin, hanyin = lines["610900"], lines["610902"], lines["610921"]
    assert (city.entries, city.exits, city.net) == (1, 1, 0)  # A in; E out; F is September
    assert (city.entries_last_year, city.exits_last_year) == (1, 0)  # B in 2023-02
    assert (hanbin.entries, hanbin.exits, hanbin.entries_last_year) == (1, 0, 1)
    assert (hanyin.entries, hanyin.exits) == (0, 1)
    assert (lines["610922"].entries, lines["610922"].exits) == (0, 0)  # listed, zero


def test_the_counts_api(client, city_analyst, ankang):
    client.force_login(city_analyst)
    body = client.get("/api/v1/regions/610900/counts?period=2024-08").json()
    assert body["production_status"]["decline_rate"] == 60.0
    assert body["directory"][0] == {
        "code": "610900",
        "name": "安康市",
        "entries": 1,
        "exits": 1,
        "net": 0,
        "entries_last_year": 1,
        "exits_last_year": 0,
    }
