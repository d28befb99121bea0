"""M22 with numbers worked out by hand (万元 in the facts)."""

from decimal import Decimal

import pytest

from diaodu.analysis.whatif import WhatIfError, what_if
from diaodu.testing import make_enterprise, make_fact, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def plants(db):
    """2025: the plant made 50, 60, 40 in May–July; the county 500, 600, 400; the year 6000."""
    plant = make_enterprise(county="610902")
    other = make_enterprise(county="610902")
    for month, own, rest in ((5, "50", "450"), (6, "60", "540"), (7, "40", "360")):
        make_fact(plant, f"2025-{month:02d}", month=own, ytd="1", month_prior="1", ytd_prior="1")
        make_fact(other, f"2025-{month:02d}", month=rest, ytd="1", month_prior="1", ytd_prior="1")
    make_fact(plant, "2025-12", month="1", ytd="600", month_prior="1", ytd_prior="1")
    make_fact(other, "2025-12", month="1", ytd="5400", month_prior="1", ytd_prior="1")
    return plant


def test_a_maintenance_stop_of_three_months(plants):
    result = what_if(
        region=region("610902"),
        enterprise=plants,
        year=2026,
        months=[5, 6, 7],
        reduction=Decimal(1),
    )
    # Each month loses a tenth of the county's output: −10 pp; the year 150 of 6000: −2.5 pp.
    assert [(m.month, m.effect) for m in result.months] == [
        (5, Decimal(-10)),
        (6, Decimal(-10)),
        (7, Decimal(-10)),
    ]
    assert result.year_effect == Decimal("-2.5")


def test_producing_less_for_one_month(plants):
    result = what_if(
        region=region("610900"), enterprise=plants, year=2026, months=[6], reduction=Decimal("0.3")
    )
    # 0.3 × 60 = 18 of June's 600: −3 pp; of the year's 6000: −0.3 pp.
    assert result.months[0].effect == Decimal(-3)
    assert result.year_effect == Decimal("-0.3")


def test_missing_months_are_named(plants):
    with pytest.raises(WhatIfError, match="缺少上年月报：2025年9月"):
        what_if(
            region=region("610902"), enterprise=plants, year=2026, months=[9], reduction=Decimal(1)
        )
    with pytest.raises(WhatIfError, match="减产比例"):
        what_if(
            region=region("610902"), enterprise=plants, year=2026, months=[5], reduction=Decimal(2)
        )
