"""A01, A02 and the on-time rate from a ledger of six appeals worked out by hand.

 #  enterprise  category   source   unit          assigned  due     answered
 1  E1 汉滨     资金保障   座谈会   自然资源局    2-12      2-26    2-24 已解决
 2  E1 汉滨     用地建设   座谈会   自然资源局    2-12      2-26    2-25 解释到位
 3  E2 汉滨     资金保障   座谈会   人社局        3-05      3-12    —  (overdue)
 4  E3 汉阴     招工用工   领导调研 人社局        3-23      3-30    3-27 已解决
 5  E3 汉阴     市场拓展   领导调研 —             —         —       —
 6  E2 汉滨     资金保障   直通车   自然资源局    4-01      4-09    4-02 已解决
(time limit 5 working days; 4-04…4-06 is 清明)
"""

import datetime as dt
from decimal import Decimal

import pytest

from diaodu.accounts.models import Unit
from diaodu.appeals import services
from diaodu.appeals.models import Category, Meeting, RoutingLimit, TimeLimit
from diaodu.appeals.statistics import a01_sentence, a02_sentence, appeal_statistics
from diaodu.testing import make_enterprise, make_user, region

D = dt.date


@pytest.fixture
def ledger(db):
    TimeLimit.objects.filter(difficulty="general", category=None).update(amount=5)
    city = make_user("city", role="city_analyst", region_code="610900")
    land = Unit.objects.create(name="市自然资源局", region=region("610900"))
    hr = Unit.objects.create(name="市人社局", region=region("610900"))
    e1 = make_enterprise(county="610902", name="E1")
    e2 = make_enterprise(county="610902", name="E2")
    e3 = make_enterprise(county="610921", name="E3")
    for kind, title, held_on in (
        ("forum", "一季度民营企业座谈会", D(2026, 2, 10)),
        ("forum", "重点企业座谈会", D(2026, 3, 5)),
        ("leader_visit", "市长调研汉阴", D(2026, 3, 20)),
    ):
        Meeting.objects.create(kind=kind, title=title, held_on=held_on, region=region("610900"))

    def appeal(enterprise, category, source, received, unit=None, assigned=None, answer=None):
        item = services.register_appeal(
            by=city,
            title=f"{enterprise.name}的{category}问题",
            category=Category.objects.get(name=category),
            received_on=received,
            source=source,
            enterprise=enterprise,
            allow_duplicate=True,
        )
        if unit:
            services.assign(item, lead_unit=unit, on=assigned, by=city)
        if answer:
            outcome, on = answer
            services.reply(item, outcome=outcome, text="已办理", on=on, by=city)
        return item

    appeal(
        e1, "资金保障", "forum", D(2026, 2, 10), land, D(2026, 2, 12), ("resolved", D(2026, 2, 24))
    )
    appeal(
        e1, "用地建设", "forum", D(2026, 2, 10), land, D(2026, 2, 12), ("explained", D(2026, 2, 25))
    )
    appeal(e2, "资金保障", "forum", D(2026, 3, 5), hr, D(2026, 3, 5))
    appeal(
        e3,
        "招工用工",
        "leader_visit",
        D(2026, 3, 20),
        hr,
        D(2026, 3, 23),
        ("resolved", D(2026, 3, 27)),
    )
    appeal(e3, "市场拓展", "leader_visit", D(2026, 3, 20))
    appeal(
        e2, "资金保障", "hotline", D(2026, 4, 1), land, D(2026, 4, 1), ("resolved", D(2026, 4, 2))
    )
    return region("610900")


def test_a01_counts_enterprises_and_the_eleven_categories(ledger):
    stats = appeal_statistics(ledger, D(2026, 1, 1), D(2026, 6, 30))
    assert stats.total.appeals == 6 and stats.enterprises == 3
    assert stats.by_enterprise == [("E1", 2), ("E2", 2), ("E3", 2)]
    assert a01_sentence(stats) == (
        "全市3户企业共有4类6个问题，其中资金保障类3个、市场拓展类1个、招工用工类1个、用地建设类1个"
    )
    # Every category is listed for the tables, the empty ones with zero.
    assert len(stats.by_category) == 11 and ("要素保障", 0) in stats.by_category


def test_a02_forums_visits_and_outcomes(ledger):
    stats = appeal_statistics(ledger, D(2026, 1, 1), D(2026, 6, 30))
    # 2 forums; 3 forum appeals, 2 from the visit; explained #2; resolved #1 #4; open #3 #5.
    assert a02_sentence(stats) == (
        "召开2次民营企业座谈会，提出3条诉求，调研时提出2条，目前1条解释到位，2条已经解决，"
        "仍有2条没有解决到位"
    )


def test_on_time_rate_counts_the_overdue_open_ones(ledger):
    stats = appeal_statistics(ledger, D(2026, 1, 1), D(2026, 6, 30))
    total = stats.total
    # Deadline come: #1 #2 #3 #4 #6; on time: #1 #2 #4 #6 → 4/5 = 80 %.
    assert (total.due, total.on_time, total.on_time_rate) == (5, 4, Decimal(80))
    assert total.overdue == 1
    # Working days from 交办 to reply: #1 13,14,24 → 3; #2 → 4; #4 24–27 → 4; #6 → 1.
    assert total.average_workdays == Decimal(12) / 4
    land, hr, unassigned = stats.by_unit
    assert (land.name, land.appeals, land.resolved, land.explained, land.on_time_rate) == (
        "市自然资源局",
        3,
        2,
        1,
        Decimal(100),
    )
    assert (hr.name, hr.appeals, hr.resolved, hr.open, hr.overdue, hr.on_time_rate) == (
        "市人社局",
        2,
        1,
        1,
        1,
        Decimal(50),
    )
    assert (unassigned.name, unassigned.appeals, unassigned.due) == ("未交办", 1, 0)
    assert [(c.name, c.appeals) for c in stats.by_county] == [("汉滨区", 4), ("汉阴县", 2)]


def test_the_state_as_of_an_earlier_day(ledger):
    # February's window on 24 Feb: #1 answered that day, #2 not yet and not yet due.
    stats = appeal_statistics(ledger, D(2026, 2, 1), D(2026, 2, 28), as_of=D(2026, 2, 24))
    assert (stats.total.appeals, stats.total.resolved, stats.total.open) == (2, 1, 1)
    assert (stats.total.due, stats.total.overdue) == (1, 0)


def test_a_county_sees_its_own(ledger):
    stats = appeal_statistics(region("610921"), D(2026, 1, 1), D(2026, 6, 30))
    assert a01_sentence(stats) == "全县1户企业共有2类2个问题，其中市场拓展类1个、招工用工类1个"


def test_two_enterprises_of_one_name_in_two_counties_are_two(ledger):
    """E4 of 汉滨 and E4 of 汉阴 are different enterprises: 5 of them, not 4, and each named
    with its county where the names alike would merge them."""
    city = make_user("city2", role="city_analyst", region_code="610900")
    for county in ("610902", "610921"):
        services.register_appeal(
            by=city,
            title="融资难",
            category=Category.objects.get(name="资金保障"),
            received_on=D(2026, 5, 6),
            source="forum",
            enterprise=make_enterprise(county=county, name="E4"),
        )
    stats = appeal_statistics(ledger, D(2026, 1, 1), D(2026, 6, 30))
    assert stats.enterprises == 5
    assert stats.by_enterprise == [
        ("E1", 2), ("E2", 2), ("E3", 2), ("E4（汉滨区）", 1), ("E4（汉阴县）", 1)
    ]  # fmt: skip
    assert a01_sentence(stats).startswith("全市5户企业共有4类8个问题")


@pytest.fixture
def routing_limit(db):
    """交办时限 of 2 working days, set before the ledger's appeals are registered."""
    RoutingLimit.objects.create(workdays=2)


def test_the_routing_rate_counts_the_ones_still_waiting(routing_limit, ledger):
    """Routing deadlines (2 working days from the day raised): #1 #2 12 Feb, #3 9 Mar,
    #4 #5 24 Mar, #6 3 Apr. Routed: #1 #2 12 Feb, #3 5 Mar, #4 23 Mar, #6 1 Apr — all
    in time; #5 is never routed."""
    by_23_march = appeal_statistics(ledger, D(2026, 1, 1), D(2026, 3, 23)).total
    # #5's deadline has not come on 23 Mar: 4 of 4.
    assert (by_23_march.route_due, by_23_march.routed_on_time) == (4, 4)
    assert by_23_march.route_on_time_rate == Decimal(100)
    two_days_on = appeal_statistics(
        ledger, D(2026, 1, 1), D(2026, 3, 23), as_of=D(2026, 3, 25)
    ).total
    # 25 Mar: #5 waits past its deadline and counts against the rate: 4 of 5.
    assert (two_days_on.route_due, two_days_on.routed_on_time) == (5, 4)
    assert two_days_on.route_on_time_rate == Decimal(80)
    whole = appeal_statistics(ledger, D(2026, 1, 1), D(2026, 6, 30)).total
    assert (whole.route_due, whole.routed_on_time) == (6, 5)


def test_without_a_routing_limit_there_is_no_routing_rate(ledger):
    total = appeal_statistics(ledger, D(2026, 1, 1), D(2026, 6, 30)).total
    assert (total.route_due, total.route_on_time_rate) == (0, None)
