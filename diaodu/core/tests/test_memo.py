"""A reading remembers figures for one page and no longer (diaodu/core/memo.py)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from diaodu.analysis.indicators import region_indicators
from diaodu.core.memo import one_reading, per_reading
from diaodu.core.periods import Period
from diaodu.testing import make_enterprise, make_fact, make_user, region

pytestmark = pytest.mark.django_db
AUGUST = Period(2024, 8)
CALLS: list[int] = []


@per_reading
def counted(value: int) -> int:
    CALLS.append(value)
    return value * 2


def test_a_reading_answers_a_repeated_call_from_memory_and_nothing_outlives_it():
    CALLS.clear()
    with one_reading():
        assert (counted(3), counted(3), counted(4)) == (6, 6, 8)
        with one_reading():  # a nested reading shares the outer one
            counted(3)
    assert CALLS == [3, 4]
    counted(3)  # outside any reading: computed again
    assert CALLS == [3, 4, 3]


def test_a_write_inside_a_reading_forgets_what_was_read():
    city = region("610900")
    first = make_enterprise(county="610902", industry="1311")
    make_fact(first, "2024-08", month="10", ytd="110", month_prior="10", ytd_prior="100")
    with one_reading():
        before = region_indicators(region=city, period=AUGUST)
        with CaptureQueriesContext(connection) as again:
            region_indicators(region=city, period=AUGUST)
        assert not [q for q in again.captured_queries if "monthlyfact" in q["sql"]]
        second = make_enterprise(county="610921", industry="1311")
        make_fact(second, "2024-08", month="10", ytd="90", month_prior="10", ytd_prior="100")
        after = region_indicators(region=city, period=AUGUST)
    assert before.figures["output"].growth == Decimal(10)  # 110 / 100 − 1
    assert after.figures["output"].growth == Decimal(0)  # (110 + 90) / (100 + 100) − 1


def test_each_request_reads_the_data_afresh(client):
    """The memo lives in one request: the next page shows a figure imported in between."""
    make_user("analyst", role="city_analyst", region_code="610900")
    client.login(username="analyst", password="pass-1234")
    first = make_enterprise(county="610902", industry="1311")
    make_fact(first, "2024-08", month="10", ytd="110", month_prior="10", ytd_prior="100")
    url = "/api/v1/regions/610900/indicators?period=2024-08"
    before = client.get(url).json()["figures"]["output"]["growth"]
    second = make_enterprise(county="610921", industry="1311")
    make_fact(second, "2024-08", month="10", ytd="90", month_prior="10", ytd_prior="100")
    after = client.get(url).json()["figures"]["output"]["growth"]
    assert (before, after) == (10.0, 0.0)
