"""Warning levels on the threshold edges, re-running without duplicates, the states with
their history, and scope through the API."""

import datetime as dt
from decimal import Decimal

import pytest

from diaodu.accounts.models import AuditEntry, Unit
from diaodu.appeals import services as appeals
from diaodu.appeals.models import Category, RoutingLimit, TimeLimit
from diaodu.core.periods import Period
from diaodu.dispatch.tick import tick
from diaodu.targets.models import Target
from diaodu.testing import make_enterprise, make_fact, make_user, region
from diaodu.warnings import services
from diaodu.warnings.models import Rule, Warning
from diaodu.warnings.rules import level_for

AUG = Period(2026, 8)
D = dt.date


def test_levels_at_the_edges(db):
    thresholds = Rule.objects.get(kind="behind_target").thresholds  # −3, −2, −1, −0.1
    assert level_for(Decimal("-3"), thresholds) == "red"
    assert level_for(Decimal("-2.99"), thresholds) == "orange"
    assert level_for(Decimal("-1"), thresholds) == "yellow"
    assert level_for(Decimal("-0.99"), thresholds) == "blue"
    assert level_for(Decimal("-0.1"), thresholds) == "blue"
    assert level_for(Decimal("-0.09"), thresholds) is None
    assert level_for(None, thresholds) is None


@pytest.fixture
def hanbin(db):
    """汉滨: 1—7月 +10 %, 1—8月 +5 % (a fall of 5 points), against a 6 % target."""
    plant = make_enterprise(county="610902", name="汉滨甲厂")
    make_fact(plant, "2026-07", month="100", ytd="770", month_prior="100", ytd_prior="700")
    make_fact(plant, "2026-08", month="70", ytd="840", month_prior="100", ytd_prior="800")
    Target.objects.create(
        region=region("610902"),
        year=2026,
        indicator="规上工业总产值",
        kind="growth",
        value=Decimal(6),
    )
    for kind in ("key_enterprise", "threshold_risk", "appeal_overdue", "project_behind"):
        Rule.objects.filter(kind=kind).update(active=False)
    return region("610902")


def test_rules_raise_once_and_follow_the_level(hanbin):
    counts = services.evaluate(region("610900"), AUG, today=D(2026, 9, 10))
    assert counts["raised"] == 3  # 汉滨 behind target; 汉滨 and the city falling
    behind = Warning.objects.get(key__startswith="target:")
    # 5 % against 6 %: −1 point, yellow.
    assert (behind.level, behind.title) == (
        "yellow",
        "汉滨区1—8月规上工业总产值低于目标1.0个百分点",
    )
    drop = Warning.objects.get(key="drop:610902:202608")
    assert drop.level == "red" and drop.evidence["较上月变化（百分点）"] == -5.0
    again = services.evaluate(region("610900"), AUG, today=D(2026, 9, 10))
    assert again["raised"] == 0 and Warning.objects.count() == 3
    Target.objects.update(value=Decimal(8))  # now −3: red
    assert services.evaluate(region("610900"), AUG)["relevelled"] == 1
    behind.refresh_from_db()
    assert behind.level == "red"
    assert list(behind.events.values_list("kind", flat=True)) == ["raise", "relevel"]


def test_watched_enterprises_and_the_directory_threshold(db):
    Rule.objects.exclude(kind__in=["key_enterprise", "threshold_risk"]).update(active=False)
    falling = make_enterprise(county="610902", name="下滑厂")
    stopped = make_enterprise(county="610902", name="停产厂")
    small = make_enterprise(county="610902", name="小厂")
    edge = make_enterprise(county="610902", name="临界厂")
    # −12 %: yellow; stopped this month: red whatever its growth.
    make_fact(falling, "2026-08", month="10", ytd="880", month_prior="100", ytd_prior="1000")
    make_fact(stopped, "2026-08", month="0", ytd="990", month_prior="100", ytd_prior="1000")
    # Revenue 1200 in eight months: 1800 a year, 0.9 of 2000: red. 1400: 2100, 1.05: orange.
    make_fact(
        small, "2026-08", month="1", ytd="8", month_prior="1", ytd_prior="8", revenue_ytd="1200"
    )
    make_fact(
        edge, "2026-08", month="1", ytd="8", month_prior="1", ytd_prior="8", revenue_ytd="1400"
    )
    services.evaluate(region("610900"), AUG)
    found = {w.subject_name: (w.rule.kind, w.level) for w in Warning.objects.all()}
    assert found == {
        "下滑厂": ("key_enterprise", "yellow"),
        "停产厂": ("key_enterprise", "red"),
        "小厂": ("threshold_risk", "red"),
        "临界厂": ("threshold_risk", "orange"),
    }


def test_an_overdue_appeal_by_working_days(db):
    Rule.objects.exclude(kind="appeal_overdue").update(active=False)
    TimeLimit.objects.filter(category=None, difficulty="general").update(amount=5)
    city = make_user("city", role="city_analyst", region_code="610900")
    unit = Unit.objects.create(name="市自然资源局", region=region("610900"))
    appeal = appeals.register_appeal(
        by=city,
        title="用地",
        category=Category.objects.get(name="用地建设"),
        received_on=D(2026, 2, 10),
        source="forum",
        enterprise=make_enterprise(county="610902"),
    )
    appeals.assign(appeal, lead_unit=unit, on=D(2026, 2, 12), by=city)  # due 26 Feb
    # 24 Feb: two working days left (25, 26): due soon, blue.
    services.evaluate(region("610900"), AUG, today=D(2026, 2, 24))
    assert Warning.objects.get().level == "blue"
    assert "还剩2个工作日" in Warning.objects.get().title
    # 2 Mar: 27 Feb, Sat 28 Feb (a 调休 working day) and 2 Mar — 3 working days: yellow.
    services.evaluate(region("610900"), AUG, today=D(2026, 3, 2))
    warning = Warning.objects.get()
    assert (warning.level, warning.unit, warning.evidence["超期工作日"]) == ("yellow", unit, 3)
    # 12 Mar: 27–28 Feb, 2–6 and 9–12 Mar, 11 working days: red, the same warning.
    services.evaluate(region("610900"), AUG, today=D(2026, 3, 12))
    warning.refresh_from_db()
    assert warning.level == "red" and Warning.objects.count() == 1


def test_an_appeal_waiting_for_its_routing_is_warned_to_its_county(db):
    """交办时限 2 working days: raised Tue 10 Feb, to be routed by Thu 12 Feb."""
    Rule.objects.exclude(kind="appeal_overdue").update(active=False)
    RoutingLimit.objects.create(workdays=2)
    city = make_user("city", role="city_analyst", region_code="610900")
    appeals.register_appeal(
        by=city,
        title="用地",
        category=Category.objects.get(name="用地建设"),
        received_on=D(2026, 2, 10),
        source="forum",
        enterprise=make_enterprise(county="610902"),
    )
    # 11 Feb: one working day left (12 Feb): blue.
    services.evaluate(region("610900"), AUG, today=D(2026, 2, 11))
    warning = Warning.objects.get()
    assert warning.level == "blue" and warning.key.startswith("appeal-route:")
    assert "待交办，交办期限2026-02-12（还剩1个工作日）" in warning.title
    # 24 Feb: Fri 13, Sat 14 (调休) and Tue 24 after the holiday — 3 working days late.
    services.evaluate(region("610900"), AUG, today=D(2026, 2, 24))
    warning.refresh_from_db()
    assert (warning.level, warning.responsible, warning.unit) == ("yellow", "汉滨区", None)
    assert warning.evidence == {"交办期限": "2026-02-12", "超期工作日": 3, "剩余工作日": 0}
    assert "交办期限2026-02-12已过3个工作日" in warning.title


def test_states_history_and_scope_through_the_api(client, hanbin):
    services.evaluate(hanbin, AUG)
    warning = Warning.objects.get(key__startswith="target:")
    city = make_user("city", role="city_analyst", region_code="610900")
    hanyin = make_user("hanyin", role="county_user", region_code="610921")
    own = make_user("hanbin", role="county_user", region_code="610902")
    leader = make_user("boss", role="leader", region_code="610900")
    client.force_login(leader)
    assert (
        client.post(
            f"/api/v1/warnings/{warning.pk}/send", {}, content_type="application/json"
        ).status_code
        == 403
    )
    client.force_login(city)
    sent = client.post(f"/api/v1/warnings/{warning.pk}/send", {}, content_type="application/json")
    assert sent.json()["state"] == "sent"
    client.force_login(hanyin)
    assert client.get(f"/api/v1/warnings/{warning.pk}").status_code == 404
    refused = client.post(
        f"/api/v1/warnings/{warning.pk}/acknowledge", {"text": "x"}, content_type="application/json"
    )
    assert refused.status_code == 404
    assert client.get("/api/v1/warnings").json() == []
    client.force_login(own)
    answer = client.post(
        f"/api/v1/warnings/{warning.pk}/acknowledge",
        {"text": "已约谈重点企业，9月冲刺"},
        content_type="application/json",
    ).json()
    assert answer["state"] == "acknowledged"
    assert [(e["kind"], e["by"]) for e in answer["events"]] == [
        ("raise", None),
        ("send", "city"),
        ("acknowledge", "hanbin"),
    ]
    assert AuditEntry.objects.filter(action="warning_acknowledge", actor=own).exists()
    client.force_login(city)
    counts = client.get("/api/v1/regions/610900/warnings/counts?start=2026-01-01").json()
    assert counts["sentence"] == "1次预警提醒"


@pytest.mark.django_db(transaction=True)
def test_the_tick_raises_once(hanbin):
    first = tick(dt.datetime(2026, 9, 10, 9, tzinfo=dt.UTC))
    second = tick(dt.datetime(2026, 9, 10, 9, 5, tzinfo=dt.UTC))
    assert first["预警规则"] == 3 and second["预警规则"] == 0
