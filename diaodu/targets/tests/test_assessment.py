"""T05 deductions and T06 goals, by hand."""

from decimal import Decimal

import pytest

from diaodu.core.periods import Period
from diaodu.targets import services
from diaodu.targets.assessment import assessment, implied_growth, multi_year_ranking
from diaodu.targets.models import AssessmentScheme
from diaodu.testing import make_enterprise, make_fact, make_user, region

pytestmark = pytest.mark.django_db


def test_deductions_for_months_and_quarters_behind(db):
    analyst = make_user("analyst", role="city_analyst", region_code="610900")
    plant = make_enterprise(county="610902")
    # 汉滨 against a 6 % target: 1—2月 +8 % (on track), 1—3月 +4 % (behind, a quarter
    # end), 1—4月 +5 % (behind), 1—5月 +7 % (on track).
    for month, ytd in ((2, "108"), (3, "104"), (4, "105"), (5, "107")):
        make_fact(plant, f"2026-{month:02d}", month="1", ytd=ytd, month_prior="1", ytd_prior="100")
    services.set_target(
        region=region("610902"),
        year=2026,
        indicator="规上工业总产值",
        kind="growth",
        value=Decimal(6),
        by=analyst,
    )
    scheme = AssessmentScheme.objects.create(
        region=region("610900"),
        year=2026,
        indicator="规上工业总产值",
        points=Decimal(10),
        monthly_deduction=Decimal("0.5"),
        quarterly_deduction=Decimal(1),
    )
    [score] = assessment(scheme, Period(2026, 5))
    # March: 0.5 + 1 (quarter end); April: 0.5 → 2 points lost, 8 left.
    assert [(d.period.month, d.span, d.points) for d in score.deductions] == [
        (3, "月", Decimal("0.5")),
        (3, "季", Decimal(1)),
        (4, "月", Decimal("0.5")),
    ]
    assert score.deductions[0].gap == Decimal(-2)
    assert (score.lost, score.score) == (Decimal(2), Decimal(8))


def test_three_years_to_quadruple():
    # 4^(1/3) = 1.587401…: 58.74 % a year; doubling in two years: √2 − 1 = 41.42 %.
    assert implied_growth(Decimal(4), 3).quantize(Decimal("0.01")) == Decimal("58.74")
    assert implied_growth(Decimal(2), 2).quantize(Decimal("0.01")) == Decimal("41.42")


def test_ranking_on_a_doubling_goal(db):
    # 2023 → 2025: 汉滨 100 → 196 (×1.96, 40 % a year), 汉阴 100 → 225 (×2.25, 50 % a year).
    for code, latest in (("610902", "196"), ("610921", "225")):
        plant = make_enterprise(county=code)
        make_fact(plant, "2023-12", month="1", ytd="100", month_prior="1", ytd_prior="1")
        make_fact(plant, "2025-12", month="1", ytd=latest, month_prior="1", ytd_prior="1")
    ranking = multi_year_ranking(
        region("610900"),
        "规上工业总产值",
        base_year=2023,
        latest_year=2025,
        multiplier=Decimal(2),
        years=2,
    )
    assert [
        (g.region.code, g.yearly_growth.quantize(Decimal("0.01")), g.on_track) for g in ranking
    ] == [("610921", Decimal("50.00"), True), ("610902", Decimal("40.00"), False)]
