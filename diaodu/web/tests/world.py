"""A small city for the page tests: 安康市 (610900) with 汉滨区 (610902) and 汉阴县 (610921),
two months of figures, a responsible unit, appeals in each county and a late project.

Dates of appeals count back from today: the page offers steps by today's deadlines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from diaodu.accounts.models import Unit
from diaodu.appeals import services
from diaodu.appeals.models import Appeal, Category
from diaodu.enterprises.models import Enterprise, EnterpriseGroup, GroupMembership
from diaodu.projects.models import Project
from diaodu.projects.services import create_project
from diaodu.testing import make_enterprise, make_fact, make_user, region


@dataclass
class World:
    analyst: Any
    leader: Any
    hanbin: Any  # the county user of 汉滨区
    hanyin: Any  # the county user of 汉阴县
    unit_user: Any
    unit: Unit
    jia: Enterprise  # 汉滨甲厂, growing
    bing: Enterprise  # 汉滨丙厂, falling
    yi: Enterprise  # 汉阴乙厂, falling
    overdue: Appeal  # 汉滨, assigned to the unit two months ago: past its deadline
    fresh: Appeal  # 汉滨, assigned to the unit today
    waiting: Appeal  # 汉阴, registered, not yet assigned
    project: Project  # 汉滨, nothing invested against a plan: behind
    other_project: Project  # 汉阴


def _facts(enterprise: Enterprise, period: str, month: str, ytd: str, prior: tuple[str, str]):
    """Output and the figures beside it (revenue, profit, power) in proportion."""
    make_fact(
        enterprise,
        period,
        month=month,
        ytd=ytd,
        month_prior=prior[0],
        ytd_prior=prior[1],
        revenue_ytd=ytd,
        revenue_ytd_prior=prior[1],
        profit_ytd=str(int(ytd) // 10),
        profit_ytd_prior=str(int(prior[1]) // 10),
        power_month=int(month) * 1000,
        power_month_prior=int(prior[0]) * 1000,
    )


def _enterprises() -> tuple[Enterprise, Enterprise, Enterprise]:
    jia = make_enterprise(county="610902", name="汉滨甲厂", industry="1311")
    bing = make_enterprise(county="610902", name="汉滨丙厂", industry="3011")
    yi = make_enterprise(county="610921", name="汉阴乙厂", industry="1311")
    _facts(jia, "2024-07", "10", "110", ("9", "91"))
    _facts(bing, "2024-07", "5", "70", ("8", "80"))
    _facts(yi, "2024-07", "4", "36", ("6", "44"))
    _facts(jia, "2024-08", "10", "120", ("9", "100"))
    _facts(bing, "2024-08", "4", "74", ("9", "89"))
    _facts(yi, "2024-08", "4", "40", ("6", "50"))
    whitelist = EnterpriseGroup.objects.create(name="重点企业白名单", kind="whitelist")
    GroupMembership.objects.create(group=whitelist, enterprise=jia, start_date=dt.date(2024, 1, 1))
    return jia, bing, yi


def build_world() -> World:
    analyst = make_user("analyst", role="city_analyst", region_code="610900")
    unit = Unit.objects.create(name="市发展和改革委员会", region=region("610900"))
    jia, bing, yi = _enterprises()
    today = timezone.localdate()
    funds = Category.objects.get(name="资金保障")

    def appeal(enterprise: Enterprise, title: str, raised: int) -> Appeal:
        on = today - dt.timedelta(days=raised)
        return services.register_appeal(
            by=analyst,
            title=title,
            category=funds,
            received_on=on,
            source="forum",
            enterprise=enterprise,
        )

    overdue = appeal(jia, "流动资金贷款续贷困难", 70)
    services.assign(overdue, lead_unit=unit, on=today - dt.timedelta(days=65), by=analyst)
    fresh = appeal(jia, "新厂房用电增容", 1)
    services.assign(fresh, lead_unit=unit, on=today, by=analyst)
    waiting = appeal(yi, "招工用工缺口", 3)
    project = create_project(
        by=None,
        name="汉滨新材料产业园",
        code="XM-HB-01",
        region=region("610902"),
        nature="new",
        total_investment_wan="5000",
        annual_plan_wan="1200",
        stage="building",
        year=2024,
        unit=unit,
        enterprise=jia,
    )
    other_project = create_project(
        by=None,
        name="汉阴食品扩建",
        code="XM-HY-01",
        region=region("610921"),
        nature="expansion",
        total_investment_wan="3000",
        annual_plan_wan="600",
        stage="reserve",
        year=2024,
    )
    return World(
        analyst=analyst,
        leader=make_user("leader", role="leader", region_code="610900"),
        hanbin=make_user("hanbin", role="county_user", region_code="610902"),
        hanyin=make_user("hanyin", role="county_user", region_code="610921"),
        unit_user=make_user("fgw", role="unit", region_code="610900", unit=unit),
        unit=unit,
        jia=jia,
        bing=bing,
        yi=yi,
        overdue=overdue,
        fresh=fresh,
        waiting=waiting,
        project=project,
        other_project=other_project,
    )
