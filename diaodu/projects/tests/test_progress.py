"""Plan vs actual, lateness and the P01/P03/P05/P06/P07 figures on hand-worked ledgers.

The main ledger, 汉滨区 (610902), ledger year 2026, period 2026-08:
time progress = 8 / 12 = 66.67%; with the default threshold of 10 points a project is
behind when its completion is below 56.67%.

  code  total    plan   stage       investment 2026-01..08          cumulative  completion
  A      5000    1200   在建        100 each month (8 months)       800         66.67%
  B     20000    6000   开工        1000 (3月) + 2000 (6月)         3000        50%  behind
  C       800     400   储备        none; planned start 2026-05-01   0           0%   behind, late
  D    150000   30000   竣工        15000 (2月) + 9000 (7月)        24000       80%
  E     12000       0   投产        none (no plan)                  0           none
  J      3000    1000   在建        700 (4月)                       700         70%
Not monitored: F (线索), G (终止), I (ledger year 2025); H is in 汉阴县 (610921).
Months outside 2026-01..08 (A: 2025-12 999, 2026-09 500) do not count.
"""

import datetime as dt
from decimal import Decimal

import pytest

from diaodu.core.periods import Period
from diaodu.projects.models import Project
from diaodu.projects.progress import project_progress
from diaodu.projects.services import add_indicator, check_contract, move_stage, record_investment
from diaodu.projects.tests.factories import make_project
from diaodu.testing import region

D = dt.date
AUG = Period(2026, 8)


def build_ledger() -> dict[str, Project]:
    p = {
        "A": make_project(
            code="A", stage="building", total_investment_wan=5000, annual_plan_wan=1200,
            planned_start=D(2026, 2, 1), leader="王副市长",
        ),
        "B": make_project(code="B", stage="reserve", total_investment_wan=20000,
                          annual_plan_wan=6000, planned_start=D(2026, 1, 15)),
        "C": make_project(code="C", stage="reserve", total_investment_wan=800,
                          annual_plan_wan=400, planned_start=D(2026, 5, 1)),
        "D": make_project(code="D", stage="completed", total_investment_wan=150000,
                          annual_plan_wan=30000, expected_output_wan=50000),
        "E": make_project(code="E", stage="completed", total_investment_wan=12000,
                          annual_plan_wan=0, expected_output_wan=30000),
        "J": make_project(code="J", stage="building", total_investment_wan=3000,
                          annual_plan_wan=1000, planned_start=D(2025, 6, 1)),
        "F": make_project(code="F", stage="lead", total_investment_wan=50000),
        "G": make_project(code="G", stage="signed", total_investment_wan=8000),
        "I": make_project(code="I", stage="building", total_investment_wan=9000, year=2025),
        "H": make_project(code="H", county="610921", stage="building",
                          total_investment_wan=2000, annual_plan_wan=500),
    }  # fmt: skip
    move_stage(p["B"], "started", D(2026, 3, 1))
    move_stage(p["E"], "producing", D(2026, 6, 15))
    move_stage(p["G"], "terminated", D(2026, 4, 1), reason="企业撤资")
    for month in range(1, 9):
        record_investment(p["A"], 202600 + month, 100)
    record_investment(p["A"], 202512, 999)
    record_investment(p["A"], 202609, 500)
    record_investment(p["B"], 202603, 1000)
    record_investment(p["B"], 202606, 2000)
    record_investment(p["D"], 202602, 15000)
    record_investment(p["D"], 202607, 9000)
    record_investment(p["J"], 202604, 700)
    record_investment(p["H"], 202605, 100)
    return p


def by_code(progress):
    return {line.project.code: line for line in progress.lines}


@pytest.mark.django_db
def test_plan_vs_actual_and_behind_plan():
    build_ledger()
    progress = project_progress(region("610902"), AUG)
    lines = by_code(progress)

    assert sorted(lines) == ["A", "B", "C", "D", "E", "J"]
    assert progress.time_pct.quantize(Decimal("0.01")) == Decimal("66.67")
    assert lines["A"].cumulative_wan == 800
    assert lines["A"].completion_pct.quantize(Decimal("0.01")) == Decimal("66.67")
    assert lines["B"].cumulative_wan == 3000 and lines["B"].completion_pct == 50
    assert lines["D"].cumulative_wan == 24000 and lines["D"].completion_pct == 80
    assert lines["J"].completion_pct == 70
    assert lines["E"].completion_pct is None
    assert {code for code, line in lines.items() if line.behind} == {"B", "C"}


@pytest.mark.django_db
def test_behind_plan_threshold_is_configurable(settings):
    build_ledger()
    # 20 points: behind below 46.67%; B at 50% is no longer behind, C at 0% still is.
    progress = project_progress(region("610902"), AUG, threshold_pp=Decimal(20))
    assert {code for code, line in by_code(progress).items() if line.behind} == {"C"}
    settings.PROJECT_BEHIND_PLAN_PP = 20
    assert project_progress(region("610902"), AUG).threshold_pp == 20


@pytest.mark.django_db
def test_late_start():
    build_ledger()
    # C: planned 2026-05-01, still 储备 in August. B was planned in January but started.
    lines = by_code(project_progress(region("610902"), AUG))
    assert {code for code, line in lines.items() if line.late_start} == {"C"}
    # In April C's planned start has not come yet.
    lines = by_code(project_progress(region("610902"), Period(2026, 4)))
    assert not lines["C"].late_start


@pytest.mark.django_db
def test_p01_statement_bands_and_expected_output():
    build_ledger()
    progress = project_progress(region("610902"), AUG)

    # ≥ 1000万: A B D E J (C is 800) → 5; built (竣工 or later): D, E → 2;
    # cumulative 800 + 3000 + 24000 + 0 + 700 = 28500万元 = 2.85亿元.
    assert (progress.key_count, progress.key_built) == (5, 2)
    assert progress.key_cumulative_yi == Decimal("2.85")
    assert progress.statement == "重点监测的5个千万元以上项目建成2个，累计完成投资2.85亿元"
    # A 5000, J 3000 → 1000万–1亿; B 20000, E 12000 → 1亿–10亿; D 150000 → ≥10亿.
    assert progress.bands == {"10m_100m": 2, "100m_1b": 2, "1b_plus": 1}
    assert progress.over_100m == 3
    # E entered 投产 on 2026-06-15: its 30000; D (竣工) does not count yet.
    assert progress.expected_output_wan == 30000
    # The city adds 汉阴县's H (2000万, 在建, 100万 in May): 6 key projects, 2.86亿元.
    city = project_progress(region("610900"), AUG)
    assert (city.key_count, city.key_cumulative_yi) == (6, Decimal("2.86"))


@pytest.mark.django_db
def test_bands_at_their_boundaries():
    for total in ("999.99", "1000", "9999.99", "10000", "99999.99", "100000"):
        make_project(total_investment_wan=total, annual_plan_wan=0)
    progress = project_progress(region("610902"), AUG)
    assert progress.bands == {"10m_100m": 2, "100m_1b": 2, "1b_plus": 1}


@pytest.mark.django_db
def test_four_pushes_with_who_is_responsible():
    build_ledger()
    pushes = project_progress(region("610902"), AUG).pushes

    def codes(name):
        return sorted(p.code for p in pushes[name])

    assert codes("to_start") == ["C"]
    # A (在建, planned start 2026-02) and B (开工 2026-03-01) are new this year;
    # J started in 2025.
    assert codes("in_progress") == ["A", "B"]
    assert codes("to_complete") == ["A", "J"]
    assert codes("to_produce") == ["D"]
    assert pushes["to_complete"][0].leader == "王副市长"


@pytest.mark.django_db
def test_p06_breaches_checked_by_the_period():
    p = build_ledger()
    intensity = add_indicator(p["D"], name="投资强度", unit="万元/亩", agreed=300)
    tax = add_indicator(p["D"], name="亩均税收", unit="万元/亩", agreed=15)
    output = add_indicator(p["D"], name="亩均产值", unit="万元/亩", agreed=200)
    check_contract(intensity, 250, D(2026, 7, 1))  # breach by 50
    check_contract(tax, 18, D(2026, 7, 1))  # met
    check_contract(output, 1, D(2026, 9, 10))  # after August: not yet counted

    breaches = project_progress(region("610902"), AUG).breaches
    assert [(b.indicator.name, b.shortfall) for b in breaches] == [("投资强度", 50)]
    assert len(project_progress(region("610902"), Period(2026, 9)).breaches) == 2


@pytest.mark.django_db
def test_p07_leads_by_source_and_conversion():
    make_project(stage="lead", source="roadshow")
    make_project(stage="signed", source="roadshow")
    make_project(stage="started", source="by_business")
    make_project(stage="building", source="chain_leader")
    gone = make_project(stage="signed", source="other")
    move_stage(gone, "terminated", D(2026, 5, 1), reason="企业撤资")  # it had been signed
    make_project(stage="reserve")  # no source: not an attracted project
    make_project(county="610921", stage="signed", source="roadshow")

    leads = project_progress(region("610900"), AUG).leads
    hanbin, hanyin = leads
    assert hanbin.region.code == "610902"
    assert hanbin.total == 5
    assert hanbin.by_source == {"roadshow": 2, "by_business": 1, "chain_leader": 1, "other": 1}
    # Signed: 签约, 开工, 在建 and the terminated one = 4; started: 开工, 在建 = 2 → 50%.
    assert (hanbin.signed, hanbin.started, hanbin.conversion_pct) == (4, 2, 50)
    assert (hanyin.signed, hanyin.started, hanyin.conversion_pct) == (1, 0, 0)
