"""Monthly investment and contract-indicator checks: recorded, replaced, audited, refused."""

import datetime as dt
from decimal import Decimal

import pytest

from diaodu.accounts.models import AuditEntry
from diaodu.projects.models import MonthlyInvestment
from diaodu.projects.services import (
    ProjectError,
    add_indicator,
    check_contract,
    create_project,
    record_investment,
)
from diaodu.projects.tests.factories import make_project
from diaodu.testing import region


@pytest.mark.django_db
def test_recording_a_month_again_replaces_it_with_before_and_after(city_analyst):
    project = make_project()
    record_investment(project, "2026-08", "120.50", by=city_analyst)
    record_investment(project, 202608, Decimal("130"), by=city_analyst)

    assert list(MonthlyInvestment.objects.values_list("period", "amount_wan")) == [
        (202608, Decimal("130.00"))
    ]
    first, second = AuditEntry.objects.filter(action="record_investment").order_by("at", "id")
    assert first.before is None
    assert second.before == {"period": 202608, "amount_wan": "120.50"}
    assert second.after == {"period": 202608, "amount_wan": "130.00"}


@pytest.mark.django_db
def test_negative_or_over_precise_investment_is_refused():
    project = make_project()
    with pytest.raises(ProjectError, match="「完成投资（万元）」不能为负数"):
        record_investment(project, "2026-08", "-1")
    with pytest.raises(ProjectError, match="最多保留两位小数"):
        record_investment(project, "2026-08", "1.005")
    with pytest.raises(ProjectError, match="「月份」"):
        record_investment(project, "2026-13", "1")
    assert not MonthlyInvestment.objects.exists()


@pytest.mark.django_db
def test_contract_check_records_actual_and_audits_breach(city_analyst):
    project = make_project(stage="completed")
    intensity = add_indicator(
        project, name="投资强度", unit="万元/亩", agreed="300", due=dt.date(2026, 12, 31)
    )
    check_contract(intensity, "250", dt.date(2026, 7, 1), by=city_analyst)

    intensity.refresh_from_db()
    assert (intensity.actual, intensity.checked_on) == (Decimal("250.00"), dt.date(2026, 7, 1))
    entry = AuditEntry.objects.get(action="check_contract")
    assert "未达约定" in entry.summary
    assert entry.before == {"actual": None, "checked_on": None}


@pytest.mark.django_db
def test_project_fields_are_checked_by_name():
    base = {"name": "甲", "code": "X1", "nature": "new", "year": 2026, "by": None}
    with pytest.raises(ProjectError, match="「县区代码」610900不是县区或功能区"):
        create_project(region=region("610900"), total_investment_wan=1, **base)
    with pytest.raises(ProjectError, match="「年度计划投资（万元）」不能超过总投资"):
        create_project(
            region=region("610902"), total_investment_wan=100, annual_plan_wan=101, **base
        )
    with pytest.raises(ProjectError, match="「建设性质」应为新建、续建、扩建、改建、技改之一"):
        create_project(region=region("610902"), total_investment_wan=100, **{**base, "nature": "x"})
    make_project(code="X2")
    with pytest.raises(ProjectError, match="「项目代码」X2已存在"):
        make_project(code="X2")
