import pytest
from django.core.management import call_command

from diaodu.core.periods import Period
from diaodu.demo.generator import generate, monthly_output, rows_for
from diaodu.demo.services import build_demo_city
from diaodu.enterprises.models import Enterprise, MonthlyFact
from diaodu.ingest.models import ImportBatch

INDUSTRIES = {
    d: [f"{d}11"]
    for d in (
        "06",
        "10",
        "13",
        "14",
        "15",
        "17",
        "18",
        "26",
        "27",
        "30",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "38",
        "39",
        "44",
        "45",
    )
}


def small_city(seed=7):
    return generate(
        seed=seed, industries_by_division=INDUSTRIES, count=40, last_period=Period(2024, 3)
    )


def test_the_same_seed_gives_the_same_rows():
    first, second = small_city(), small_city()
    period = Period(2024, 3)
    assert rows_for(first, period, 7) == rows_for(second, period, 7)
    assert rows_for(small_city(8), period, 8) != rows_for(first, period, 7)


def test_prior_year_columns_are_the_same_enterprise_a_year_earlier():
    city = small_city()
    rows_2024 = {row.enterprise.uscc: row for row in rows_for(city, Period(2024, 3), 7)}
    rows_2023 = {row.enterprise.uscc: row for row in rows_for(city, Period(2023, 3), 7)}
    for uscc, row in rows_2024.items():
        if uscc in rows_2023 and rows_2023[uscc].status != "退库留基" and row.status == "在库":
            assert row.month_prior == rows_2023[uscc].month
            assert row.ytd_prior == rows_2023[uscc].ytd


def test_february_dips_for_the_spring_festival():
    enterprise = small_city().enterprises[20]
    enterprise.stoppages.clear()
    assert monthly_output(enterprise, Period(2024, 2), 7) < 0.8 * monthly_output(
        enterprise, Period(2024, 3), 7
    )


def test_january_is_never_reported_on_its_own():
    assert [p.month for p in small_city().periods()][:3] == [2, 3, 4]
    assert 1 not in {p.month for p in small_city().periods()}


@pytest.mark.django_db
@pytest.mark.slow
def test_a_small_demo_city_goes_through_the_users_import_and_a_second_run_does_nothing(capsys):
    city = build_demo_city(seed=3, count=30, say=lambda _: None, last=Period(2023, 5))
    assert ImportBatch.objects.filter(kind="monthly", status="accepted").count() == 4  # Feb to May
    # entrants of 2024 and later are not in the 2023 files yet
    in_2023 = [e for e in city.enterprises if e.entry_year is None]
    assert Enterprise.objects.filter(is_demo=True).count() == len(in_2023)
    # The daily work is there too, made through the users' own services (with history).
    from diaodu.appeals.models import Appeal, AppealEvent
    from diaodu.projects.models import Project
    from diaodu.targets.models import Target

    assert Appeal.objects.count() == 48 and AppealEvent.objects.filter(kind="assign").exists()
    assert Project.objects.count() == 80
    assert set(Project.objects.values_list("stage", flat=True)) >= {
        "lead",
        "full_production",
        "suspended",
        "terminated",
    }
    assert Target.objects.filter(region__code="990102", parent__isnull=False).count() == 3
    facts = MonthlyFact.objects.count()
    call_command("demo")
    assert "演示数据已存在" in capsys.readouterr().out
    assert MonthlyFact.objects.count() == facts


def test_sizes_are_a_truncated_lognormal_not_a_pile_at_the_floor():
    """No enterprise smaller than the floor, and no pile of them on it: clamping put one
    in ten exactly at 2,200万元, next to the 2,000万元 line, and the threshold warnings
    counted them all."""
    from diaodu.demo.generator import SIZE_FLOOR

    city = generate(seed=2026, industries_by_division=INDUSTRIES)
    bases = [e.annual_base for e in city.enterprises]
    assert min(bases) >= SIZE_FLOOR
    near = sum(SIZE_FLOOR <= base < SIZE_FLOOR * 1.1 for base in bases)
    assert near < len(bases) * 0.04  # a lognormal's own share just above the floor: ~2%
