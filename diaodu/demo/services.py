"""Build the demonstration city in the database, through the same imports users use."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path

import openpyxl
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from diaodu.accounts.models import Profile, Unit
from diaodu.accounts.services import create_user_with_role
from diaodu.core.periods import Period
from diaodu.demo.generator import (
    CITY,
    COUNTIES,
    OTHER_CITIES,
    PROVINCE,
    ZONES,
    DemoCity,
    ReportRow,
    generate,
    rows_for,
)
from diaodu.demo.header import CANONICAL_HEADER
from diaodu.demo.work import build_work
from diaodu.enterprises.models import Enterprise, EnterpriseGroup, GroupMembership, Industry
from diaodu.ingest.services import import_indicators, import_monthly
from diaodu.regions.models import PeerGroup, Region, RegionCode
from diaodu.regions.services import add_zone

DEMO_PASSWORD = "diaodu2026"  # the demonstration only: printed by `diaodu demo`
DEMO_USERS = [
    ("admin", Profile.Role.CITY_ADMIN, CITY[0], "示范市管理员"),
    ("analyst", Profile.Role.CITY_ANALYST, CITY[0], "运行科分析员"),
    ("leader", Profile.Role.LEADER, CITY[0], "分管领导"),
    ("county", Profile.Role.COUNTY_USER, COUNTIES[0][0], "东城区工信局"),
    ("county2", Profile.Role.COUNTY_USER, COUNTIES[2][0], "青川县工信局"),
    ("unit", Profile.Role.UNIT, CITY[0], "示范市发展和改革委员会"),
]
Say = Callable[[str], None]

# The statistics bureau's wording, in 千元, as the 2023 files came.
BUREAU_HEADER = [
    "统一社会信用代码（组织机构代码）",
    "单位名称",
    "行政区划代码",
    "行业代码",
    "库状态",
    "工业总产值（当年价格）本月（千元）",
    "工业总产值（当年价格）1-本月（千元）",
    "工业总产值上年本月（千元）",
    "工业总产值上年同期1-本月（千元）",
    "主营业务收入1-本月（千元）",
    "主营业务收入上年同期1-本月（千元）",
    "利润总额1-本月（千元）",
    "利润总额上年同期1-本月（千元）",
    "工业销售产值本月（千元）",
    "工业销售产值1-本月（千元）",
    "工业销售产值上年同期1-本月（千元）",
    "出口交货值1-本月（千元）",
    "出口交货值上年同期1-本月（千元）",
    "企业用电量本月（万千瓦小时）",
    "企业用电量上年本月（万千瓦小时）",
    "从业人员平均人数",
]


def demo_exists() -> bool:
    return Region.objects.filter(code=CITY[0]).exists()


def build_demo_city(
    *, seed: int = 2026, count: int = 600, say: Say = print, last: Period | None = None
) -> DemoCity:
    """Regions, enterprises, three years of monthly files, official figures, groups, users."""
    with transaction.atomic():
        city_region = _regions()
    industries = _industries_by_division()
    city = generate(
        seed=seed,
        industries_by_division=industries,
        count=count,
        **({"last_period": last} if last else {}),
    )
    folder = Path(settings.DIAODU_HOME) / "demo" / "files"
    folder.mkdir(parents=True, exist_ok=True)
    periods = city.periods()
    for index, period in enumerate(periods, start=1):
        path = write_monthly_file(folder, period, rows_for(city, period, seed))
        result = import_monthly(path, period=str(period))
        if not result.ok:
            raise RuntimeError(f"演示文件{path.name}导入失败：{result.errors[:3]}")
        say(f"  已导入 {path.name}（{index}/{len(periods)}，{result.report['rows']}户）")
    _enterprise_details(city)
    path = write_indicator_file(folder, city, periods, seed)
    result = import_indicators(path)
    if not result.ok:
        raise RuntimeError(f"演示指标文件导入失败：{result.errors[:3]}")
    say(f"  已导入地区主要指标 {result.report['figures']}条")
    with transaction.atomic():
        _groups(city, seed)
        _users(city_region)
        build_work(seed=seed, last=periods[-1], today=timezone.localdate(), say=say)
    return city


def _regions() -> Region:
    nation = Region.objects.get(code="100000")
    province = _region(PROVINCE, Region.Level.PROVINCE, nation)
    city = _region(CITY, Region.Level.CITY, province)
    for code, name in COUNTIES:
        _region((code, name), Region.Level.COUNTY, city)
    for code, name in ZONES:
        add_zone(parent=city, code=code, name=name, is_demo=True)
    for code, name in OTHER_CITIES:
        _region((code, name), Region.Level.CITY, province)
    PeerGroup.objects.create(name="示范省地级市", parent=province, first_tier_size=3)
    PeerGroup.objects.create(name="示范市县区", parent=city, first_tier_size=3)
    return city


def _region(entry: tuple[str, str], level: str, parent: Region) -> Region:
    code, name = entry
    region = Region.objects.create(
        code=code,
        name=name,
        level=level,
        parent=parent,
        is_official=False,
        is_demo=True,
        source="演示数据",
    )
    RegionCode.objects.create(
        region=region, code=code, name=name, first_list="演示", last_list="演示"
    )
    return region


def _industries_by_division() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for code in Industry.objects.filter(level=Industry.Level.CLASS).values_list("code", flat=True):
        found.setdefault(code[:2], []).append(code)
    return found


def _money(value: float, thousands: bool) -> float:
    return round(value * 10, 1) if thousands else value


def write_monthly_file(folder: Path, period: Period, rows: list[ReportRow]) -> Path:
    """One month's report in the contract layout, with a title row above the header."""
    bureau = period.year == 2023
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("月报")
    sheet.append([f"{period.year}年{period.month}月规上工业企业主要指标（演示数据）"])
    sheet.append(BUREAU_HEADER if bureau else CANONICAL_HEADER)
    for row in rows:
        e = row.enterprise
        money = [
            row.month,
            row.ytd,
            row.month_prior,
            row.ytd_prior,
            row.revenue_ytd,
            row.revenue_ytd_prior,
            row.profit_ytd,
            row.profit_ytd_prior,
            row.sales_month,
            row.sales_ytd,
            row.sales_ytd_prior,
            row.export_ytd,
            row.export_ytd_prior,
        ]
        sheet.append(
            [
                e.uscc,
                e.name,
                e.county,
                e.industry,
                row.status,
                *(_money(value, bureau) for value in money),
                row.power_month,
                row.power_month_prior,
                e.employees,
            ]
        )
    path = folder / f"{period.year}年{period.month:02d}月规上工业企业月报.xlsx"
    workbook.save(path)
    return path


def write_indicator_file(folder: Path, city: DemoCity, periods: list[Period], seed: int) -> Path:
    """Official value-added and investment growth for the province's cities, the province
    and the nation, one decimal as published; and the other cities' output growth, which
    the trend charts set beside the demo city's own (computed from its enterprises)."""
    rng = random.Random(seed + 1)
    output_rng = random.Random(seed + 2)  # its own draws: the figures above stay as they were
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("地区主要指标")
    sheet.append(["报告期", "地区代码", "地区名称", "指标", "口径", "值", "同比增长"])
    level = {
        code: rng.gauss(5.5, 2.0) for code, _ in [CITY, *OTHER_CITIES, PROVINCE, ("100000", "全国")]
    }
    level[CITY[0]] = 6.0
    for period in periods:
        for code, name in [CITY, *OTHER_CITIES, PROVINCE, ("100000", "全国")]:
            drift = rng.gauss(0, 0.6)
            sheet.append(
                [
                    str(period),
                    code,
                    name if code != "100000" else "全国",
                    "规上工业增加值",
                    "累计",
                    "",
                    round(level[code] + drift, 1),
                ]
            )
            sheet.append(
                [
                    str(period),
                    code,
                    name if code != "100000" else "全国",
                    "工业投资",
                    "累计",
                    "",
                    round(level[code] * 1.3 + rng.gauss(0, 3), 1),
                ]
            )
            if code != CITY[0]:
                sheet.append(
                    [
                        str(period),
                        code,
                        name if code != "100000" else "全国",
                        "规上工业总产值",
                        "累计",
                        "",
                        round(level[code] + 1.5 + output_rng.gauss(0, 0.8), 1),
                    ]
                )
    path = folder / "地区主要指标.xlsx"
    workbook.save(path)
    return path


def _enterprise_details(city: DemoCity) -> None:
    """What the monthly file does not carry: ownership, land; and the demo mark."""
    by_uscc = {e.uscc: e for e in city.enterprises}
    rows = list(Enterprise.objects.filter(uscc__in=list(by_uscc)))
    for row in rows:
        demo = by_uscc[row.uscc]
        row.ownership = demo.ownership
        row.is_demo = True
        row.land_area_mu = round(demo.annual_base / 400, 1)
    Enterprise.objects.bulk_update(rows, ["ownership", "is_demo", "land_area_mu"], batch_size=500)


def _groups(city: DemoCity, seed: int) -> None:
    rng = random.Random(seed + 2)
    ids = dict(Enterprise.objects.filter(is_demo=True).values_list("uscc", "id"))
    biggest = sorted(city.enterprises, key=lambda e: -e.annual_base)
    start = dt.date(2023, 1, 1)
    plan = [
        ("重点企业白名单", EnterpriseGroup.Kind.WHITELIST, biggest[:40], [""]),
        (
            "高新技术企业",
            EnterpriseGroup.Kind.HIGH_TECH,
            rng.sample(city.enterprises, min(60, len(city.enterprises) // 5)),
            [""],
        ),
        (
            "专精特新企业",
            EnterpriseGroup.Kind.SPECIALIZED,
            rng.sample(city.enterprises, min(30, len(city.enterprises) // 10)),
            ["创新型中小企业", "省级专精特新", "国家级专精特新“小巨人”"],
        ),
        ("产业链链主企业", EnterpriseGroup.Kind.CHAIN_LEADER, biggest[:5], [""]),
    ]
    for name, kind, members, tiers in plan:
        group = EnterpriseGroup.objects.create(name=name, kind=kind, description="演示数据")
        GroupMembership.objects.bulk_create(
            GroupMembership(
                group=group, enterprise_id=ids[e.uscc], tier=rng.choice(tiers), start_date=start
            )
            for e in members
            if e.uscc in ids
        )


def _users(city: Region) -> None:
    unit = Unit.objects.create(name="示范市发展和改革委员会", region=city)
    for username, role, region_code, display in DEMO_USERS:
        create_user_with_role(
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            region=Region.objects.get(code=region_code),
            display_name=display,
            unit=unit if role == Profile.Role.UNIT else None,
        )


def login_lines() -> list[str]:
    lines = [f"演示账号（密码均为 {DEMO_PASSWORD}，仅用于演示）："]
    for username, role, region_code, display in DEMO_USERS:
        region_name = dict([CITY, *COUNTIES]).get(region_code, region_code)
        lines.append(f"  {username:<8} {Profile.Role(role).label:<8} {region_name}（{display}）")
    return lines
