"""Targets: progress, required growth, handing down and the split over the year, with
numbers worked out by hand (money in 万元 in the facts, targets in 亿元)."""

import datetime as dt
from decimal import Decimal

import pytest

from diaodu.accounts.models import AuditEntry
from diaodu.analysis.summary import dispatch_summary
from diaodu.core.periods import Period
from diaodu.regions.selectors import children_of
from diaodu.targets import services
from diaodu.targets.models import Target, TargetPart
from diaodu.targets.progress import behind, gaps, required_growth, target_progress
from diaodu.testing import make_enterprise, make_fact, make_user, region

AUG = Period(2026, 8)


@pytest.fixture
def analyst(db):
    return make_user("analyst", role="city_analyst", region_code="610900")


@pytest.fixture
def hanbin(db):
    """One enterprise of 汉滨区: 1—8月 840 against 800 (5 %); last year's own files:
    1—8月 780 and the whole year 1170."""
    plant = make_enterprise(county="610902")
    make_fact(plant, "2025-08", month="100", ytd="780", month_prior="90", ytd_prior="700")
    make_fact(plant, "2025-12", month="150", ytd="1170", month_prior="140", ytd_prior="1100")
    make_fact(plant, "2026-08", month="110", ytd="840", month_prior="100", ytd_prior="800")
    return region("610902")


def _growth_target(place, value, analyst, tier="expected"):
    return services.set_target(
        region=place,
        year=2026,
        indicator="规上工业总产值",
        kind="growth",
        value=Decimal(value),
        by=analyst,
        tier=tier,
    )


def test_growth_target_gap_and_the_regions_behind(hanbin, analyst):
    target = _growth_target(hanbin, "6", analyst)
    progress = target_progress(target, AUG)
    # 840 / 800 − 1 = 5 %: one point below the 6 % target.
    assert progress.actual.growth == Decimal(5)
    assert progress.gap == Decimal(-1) and progress.on_track is False
    # The same growth as the dispatch summary's: one computation.
    assert progress.actual.growth == dispatch_summary(region=hanbin, period=AUG).ytd.growth
    assert [
        p.target.region.code for p in behind(region("610900"), 2026, "规上工业总产值", AUG)
    ] == ["610902"]
    _own, found = gaps(hanbin, "规上工业总产值", AUG)
    assert [(g.reference, g.gap) for g in found] == [("预期目标", Decimal(-1))]


def test_absolute_target_completion_against_time(hanbin, analyst):
    target = services.set_target(
        region=hanbin,
        year=2026,
        indicator="规上工业总产值",
        kind="absolute",
        value=Decimal("0.1"),
        by=analyst,
    )
    progress = target_progress(target, AUG)
    # 840万元 = 0.084亿元 of 0.1: 84 % done after 8 of 12 months (66.67 %).
    assert progress.completion == Decimal(84)
    assert progress.time_progress.quantize(Decimal("0.01")) == Decimal("66.67")
    assert progress.on_track and progress.reached_in is None
    target.value = Decimal("0.08")
    target.save()
    assert target_progress(target, AUG).reached_in == AUG


def test_required_growth_for_the_remaining_months(hanbin, analyst):
    target = _growth_target(hanbin, "8", analyst)
    result = required_growth(target, AUG)
    # Last year's remaining months, 同口径: 800 × (1170 / 780 − 1) = 400.
    # The year at 8 %: 1.08 × (800 + 400) = 1296; still to come 1296 − 840 = 456;
    # 456 / 400 − 1 = 14 %: "后四月需增长14.0%".
    assert result.remaining_months == 4
    assert result.required == Decimal(14)
    # At the year's pace so far (5 %): 840 + 400 × 1.05 − 1200 = 60万元 = 0.006亿元 new.
    assert result.expected_new == Decimal("0.006")


def test_required_growth_says_why_without_last_years_files(db, analyst):
    plant = make_enterprise(county="610921")
    make_fact(plant, "2026-08", month="1", ytd="8", month_prior="1", ytd_prior="8")
    target = _growth_target(region("610921"), "8", analyst)
    result = required_growth(target, AUG)
    assert result.required is None and "缺少2025年的月报" in result.reason


def test_hand_down_by_share_adds_up_to_the_cent(db, analyst):
    # Last year: 汉滨 400亿, 汉阴 200亿, the other eight counties 50亿 each: 1000亿.
    city = region("610900")
    for county in children_of(city):
        base = {"610902": "4000000", "610921": "2000000"}.get(county.code, "500000")
        plant = make_enterprise(county=county.code)
        make_fact(plant, "2025-12", month="1", ytd=base, month_prior="1", ytd_prior=base)
    target = services.set_target(
        region=city,
        year=2026,
        indicator="规上工业总产值",
        kind="absolute",
        value=Decimal("1234.56"),
        by=analyst,
    )
    parts = services.hand_down(target, method="share", by=analyst, on=dt.date(2026, 1, 20))
    values = {part.region.code: part.value for part in parts}
    # 40 % → 493.824 → 493.82; 20 % → 246.912 → 246.91; 5 % → 61.728 → 61.73 (× 8);
    # Σ = 1234.57: the extra cent comes off the largest base, 汉滨: 493.81.
    assert values["610902"] == Decimal("493.81")
    assert values["610921"] == Decimal("246.91")
    assert values["610922"] == Decimal("61.73")
    assert sum(values.values()) == Decimal("1234.56")
    assert all(p.parent == target and p.handed_down_by == "安康市" for p in parts)
    assert AuditEntry.objects.filter(action="set_target").count() == 11


def test_manual_hand_down_is_checked(db, analyst):
    city = region("610900")
    target = services.set_target(
        region=city,
        year=2026,
        indicator="规上工业总产值",
        kind="absolute",
        value=Decimal("100"),
        by=analyst,
    )
    short = {county: Decimal("9") for county in children_of(city)}  # 90 < 100
    with pytest.raises(
        services.TargetError, match="各地区目标合计 90亿元，少于安康市的目标 100亿元"
    ):
        services.hand_down(
            target, method="manual", by=analyst, on=dt.date(2026, 1, 20), values=short
        )
    assert Target.objects.count() == 1


def test_the_split_over_the_year_follows_last_years_seasons(db, analyst):
    # 2025: 1—2月 200, then 100 more each month to 1—11月 1100, the year 1200: the YTD
    # reached m/12 of the year by month m (January was reported with February).
    plant = make_enterprise(county="610902")
    for month in range(2, 13):
        ytd = str(100 * month)
        make_fact(plant, f"2025-{month:02d}", month="100", ytd=ytd, month_prior="1", ytd_prior=ytd)
    target = services.set_target(
        region=region("610902"),
        year=2026,
        indicator="规上工业总产值",
        kind="absolute",
        value=Decimal("120"),
        by=analyst,
    )
    services.split_over_time(target, by=analyst)
    months = dict(target.time_parts.filter(span="month").values_list("index", "value"))
    # 1—2月 20, then 10 a month; no January part of its own.
    assert 1 not in months and months[2] == Decimal(20)
    assert all(months[m] == Decimal(10) for m in range(3, 13))
    quarters = dict(target.time_parts.filter(span="quarter").values_list("index", "value"))
    # Q1 = 1—2月 20 + March 10.
    assert quarters == {1: Decimal(30), 2: Decimal(30), 3: Decimal(30), 4: Decimal(30)}
    # March's 10 by days: 10 × 10 / 31 = 3.2258, twice, and the rest 3.5484.
    dekads = list(
        target.time_parts.filter(span="dekad", index__in=[31, 32, 33]).values_list(
            "value", flat=True
        )
    )
    assert dekads == [Decimal("3.2258"), Decimal("3.2258"), Decimal("3.5484")]
    assert (
        sum(TargetPart.objects.filter(target=target, span="month").values_list("value", flat=True))
        == 120
    )


def test_county_users_and_leaders(db, hanbin):
    county = make_user("hanbin", role="county_user", region_code="610902")
    leader = make_user("boss", role="leader", region_code="610900")
    with pytest.raises(PermissionError):
        _growth_target(region("610921"), "6", county)
    with pytest.raises(PermissionError):
        _growth_target(hanbin, "6", leader)
    assert _growth_target(hanbin, "6", county).region == hanbin


def test_nonsense_targets_are_refused(hanbin, analyst):
    with pytest.raises(services.TargetError, match="增速目标 2000% 不合理"):
        _growth_target(hanbin, "2000", analyst)


def test_one_reading_sums_each_region_and_month_once(hanbin, analyst):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from diaodu.core.memo import one_reading

    target = _growth_target(hanbin, "8", analyst)
    with CaptureQueriesContext(connection) as plain:
        target_progress(target, AUG)
        required_growth(target, AUG)
    with one_reading(), CaptureQueriesContext(connection) as shared:
        first = target_progress(target, AUG)
        required_growth(target, AUG)
        again = target_progress(target, AUG)
    # Without: August twice, last December, last August (4 readings). Within, with a third
    # call on top: August, December, last August once each (3).
    assert len(shared.captured_queries) < len(plain.captured_queries)
    assert first.actual == again.actual and first.gap == Decimal(-3)
