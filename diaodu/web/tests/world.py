"""A small city for the page tests: 安康市 (610900) with 汉滨区 (610902) and 汉阴县 (610921),
two months of figures, a responsible unit, appeals in each county, a late project and
open warnings of each county, of the unit and of the city.

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
from diaodu.warnings.models import Rule, Warning, WarningEvent


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
    warning: Warning  # 汉滨's growth falling: orange, new
    other_warning: Warning  # 汉阴's growth falling: yellow, new
    unit_warning: Warning  # the overdue appeal, addressed to the unit: red, sent
    city_warning: Warning  # the city's growth falling: orange, new


def make_warning(
    kind: str,
    key: str,
    level: str,
    title: str,
    code: str,
    evidence: dict[str, Any],
    *,
    unit: Unit | None = None,
    state: str = Warning.State.NEW,
    subject: tuple[str, str, str] | None = None,
) -> Warning:
    """A warning as the rules raise it (with its 发出 row), without running the rules.
    The subject (type, id, name) is the region itself unless given."""
    place = region(code)
    subject_type, subject_id, subject_name = subject or ("region", code, place.name)
    warning = Warning.objects.create(
        rule=Rule.objects.get(kind=kind),
        key=key,
        level=level,
        title=title,
        subject_type=subject_type,
        subject_id=subject_id,
        subject_name=subject_name,
        region=place,
        unit=unit,
        responsible=unit.name if unit else place.name,
        period=202408,
        evidence=evidence,
        state=state,
        raised_on=timezone.localdate(),
    )
    WarningEvent.objects.create(warning=warning, kind=WarningEvent.Kind.RAISE, text=title)
    return warning


def _warnings(unit: Unit, overdue: Appeal) -> tuple[Warning, Warning, Warning, Warning]:
    hanbin = make_warning(
        "growth_drop",
        "drop:610902:202408",
        "orange",
        "汉滨区1—8月规上工业总产值增速较1—7月回落2.6个百分点",
        "610902",
        {"累计增速": 2.6455, "较上月变化（百分点）": -2.6182},
    )
    hanyin = make_warning(
        "growth_drop",
        "drop:610921:202408",
        "yellow",
        "汉阴县1—8月规上工业总产值增速较1—7月回落1.8个百分点",
        "610921",
        {"累计增速": -20.0, "较上月变化（百分点）": -1.8182},
    )
    late = make_warning(
        "appeal_overdue",
        f"appeal:{overdue.number}",
        "red",
        f"企业诉求{overdue.number}超过办理期限",
        "610902",
        {"办理期限": "2024-08-01", "超期工作日": 12, "书面说明": False},
        unit=unit,
        state=Warning.State.SENT,
        subject=("appeal", overdue.number, overdue.enterprise_name),
    )
    city = make_warning(
        "growth_drop",
        "drop:610900:202408",
        "orange",
        "安康市1—8月规上工业总产值增速较1—7月回落2.6个百分点",
        "610900",
        {"累计增速": -2.0921, "较上月变化（百分点）": -2.5567},
    )
    return hanbin, hanyin, late, city


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
    warning, other_warning, unit_warning, city_warning = _warnings(unit, overdue)
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
        warning=warning,
        other_warning=other_warning,
        unit_warning=unit_warning,
        city_warning=city_warning,
    )
