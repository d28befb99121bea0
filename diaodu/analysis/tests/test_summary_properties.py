"""Rules that must hold for any books (hypothesis)."""

import random
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diaodu.analysis.summary import dispatch_summary, summary_as_json
from diaodu.core.periods import Period
from diaodu.enterprises.models import Enterprise, MonthlyFact
from diaodu.ingest.models import ImportBatch
from diaodu.testing import make_batch, make_fact, make_uscc, region

COUNTIES = ["610902", "610921", "610922", "610981"]
INDUSTRIES = ["1311", "3670", "2710", "4411"]

book = st.tuples(
    st.sampled_from(COUNTIES), st.sampled_from(INDUSTRIES),
    st.decimals(min_value=0, max_value=100_000, places=4),  # ytd
    st.decimals(min_value=0, max_value=100_000, places=4),  # ytd prior
    st.booleans(),  # retained exit
)  # fmt: skip


def load(books, order_seed):
    MonthlyFact.objects.all().delete()
    Enterprise.objects.all().delete()
    ImportBatch.objects.all().delete()
    batch = make_batch("2024-08")
    rows = list(enumerate(books))
    random.Random(order_seed).shuffle(rows)
    for serial, (county, industry, ytd, prior, retained) in rows:
        enterprise = Enterprise.objects.create(
            uscc=make_uscc(serial + 1),
            name=f"企业{serial}",
            county=region(county),
            industry_id=industry,
        )
        current = Decimal(0) if retained and prior > 0 else ytd
        make_fact(enterprise, "2024-08", month=current / 4, ytd=current, month_prior=prior / 4,
                  ytd_prior=prior, status="retained_exit" if retained and prior > 0 else "in",
                  batch=batch)  # fmt: skip


def city():
    return dispatch_summary(region=region("610900"), period=Period.parse("2024-08"))


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(book, min_size=1, max_size=12))
def test_pulls_of_the_counties_and_of_the_industries_add_up_to_the_city_growth(books):
    load(books, order_seed=1)
    result = city()
    if result.ytd.growth is None:
        return
    tolerance = Decimal("1e-20")
    assert (
        abs(
            sum(line.pull for line in result.subregions if line.pull is not None)
            - result.ytd.growth
        )
        < tolerance
    )
    assert (
        abs(
            sum(line.pull for line in result.industries if line.pull is not None)
            - result.ytd.growth
        )
        < tolerance
    )


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(book, min_size=1, max_size=12), st.integers(0, 1000))
def test_the_figures_do_not_depend_on_the_order_rows_were_imported(books, seed):
    load(books, order_seed=seed)
    first = summary_as_json(city())
    load(books, order_seed=seed + 1)
    assert summary_as_json(city()) == first
