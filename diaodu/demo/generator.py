"""The demonstration city 示范市 (fictional, 演示数据): pure generation, no database.

Monthly output of ~600 enterprises is simulated from 2022 on (so the first imported
year has its 同口径 prior-year figures), with lognormal sizes, an inland city's industry
mix, Spring Festival seasonality, county trends, stoppages, entries and exits."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from diaodu.core.codes import uscc_check_character
from diaodu.core.periods import Period

PROVINCE = ("990000", "示范省（演示）")
CITY = ("990100", "示范市")
COUNTIES = [
    ("990102", "示范市东城区"),
    ("990103", "示范市西城区"),
    ("990121", "青川县"),
    ("990122", "云岭县"),
    ("990123", "河阳县"),
    ("990124", "石门县"),
    ("990125", "柳溪县"),
    ("990126", "南山县"),
    ("990181", "安平市"),
    ("990182", "白水市"),
]
ZONES = [("990171", "示范高新技术产业开发区"), ("990172", "示范经济技术开发区")]
OTHER_CITIES = [
    ("990200", "北岭市"),
    ("990300", "东江市"),
    ("990400", "南湖市"),
    ("990500", "西峰市"),
    ("990600", "中原市"),
    ("990700", "金川市"),
    ("990800", "玉泉市"),
    ("990900", "长宁市"),
]

# 大类 and its weight in the city's industry (food, materials, equipment, medicine, energy…).
INDUSTRY_MIX = {
    "13": 10,
    "14": 5,
    "15": 6,
    "17": 5,
    "18": 3,
    "26": 7,
    "27": 6,
    "30": 9,
    "31": 4,
    "32": 4,
    "33": 5,
    "34": 5,
    "35": 4,
    "36": 4,
    "38": 5,
    "39": 3,
    "44": 4,
    "45": 2,
    "06": 2,
    "10": 3,
}
# Relative output by calendar month: January and February low (Spring Festival).
SEASON = [0.78, 0.62, 1.02, 1.0, 1.02, 1.06, 0.98, 0.97, 1.03, 1.02, 1.08, 1.18]
START = Period(2022, 1)  # simulated from here; files from 2023-02 on
LAST_PERIOD = Period(2026, 10)  # the latest month a bureau has on 2026-11-24


@dataclass
class DemoEnterprise:
    uscc: str
    name: str
    county: str
    industry: str
    ownership: str
    annual_base: float  # 万元 a year in 2022
    growth: float  # yearly trend
    entry_year: int | None  # first year in the directory (新入库), None: in it from the start
    exit_year: int | None  # year shown as 退库留基, gone after
    stoppages: dict[Period, float] = field(default_factory=dict)  # month → share of normal output
    employees: int = 0


@dataclass
class DemoCity:
    enterprises: list[DemoEnterprise]
    county_trend: dict[str, float]
    last_period: Period

    def periods(self) -> list[Period]:
        """The reported months: February (1—2月) to December, January never on its own."""
        found, period = [], Period(2023, 2)
        while period <= self.last_period:
            if period.month != 1:
                found.append(period)
            period = period.shift(1)
        return found


NAME_HEADS = [
    "华",
    "秦",
    "宏",
    "盛",
    "恒",
    "鑫",
    "瑞",
    "兴",
    "金",
    "天",
    "远",
    "达",
    "永",
    "嘉",
    "丰",
    "润",
]
NAME_TAILS = [
    "源",
    "泰",
    "昌",
    "隆",
    "通",
    "安",
    "宇",
    "信",
    "峰",
    "和",
    "博",
    "康",
    "成",
    "新",
    "辉",
    "力",
]
TRADE_WORDS = {
    "13": "食品",
    "14": "食品",
    "15": "酒业",
    "17": "纺织",
    "18": "服饰",
    "26": "化工",
    "27": "药业",
    "30": "建材",
    "31": "钢铁",
    "32": "有色金属",
    "33": "金属制品",
    "34": "机械",
    "35": "装备",
    "36": "汽车零部件",
    "38": "电气",
    "39": "电子",
    "44": "电力",
    "45": "燃气",
    "06": "煤业",
    "10": "矿业",
}


def make_uscc(rng: random.Random, county: str) -> str:
    body = f"91{county}" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    return body + uscc_check_character(body)


SIZE_FLOOR = 2200.0  # 万元 of output a year: above the 2,000万元 revenue line of 规上


def generate(
    *,
    seed: int,
    industries_by_division: dict[str, list[str]],
    count: int = 600,
    last_period: Period = LAST_PERIOD,
) -> DemoCity:
    rng = random.Random(seed)
    # Sizes below the floor are drawn again from their own generator (a truncated
    # lognormal), so the main sequence, and every other figure of the city, stays as it
    # was. Clamping them to the floor made one enterprise in ten sit on the 2,000万元
    # line, and the threshold warnings many.
    redraw = random.Random(f"{seed}-sizes")
    places = [code for code, _ in COUNTIES] + [code for code, _ in ZONES]
    weights = [12, 10, 8, 7, 8, 6, 6, 5, 9, 7, 14, 10]
    county_trend = {code: rng.gauss(0.06, 0.035) for code in places}
    county_trend["990124"] = -0.03  # a county falling behind, for the warnings to find
    divisions = list(INDUSTRY_MIX)
    enterprises: list[DemoEnterprise] = []
    used: set[str] = set()
    for serial in range(count):
        county = rng.choices(places, weights)[0]
        division = rng.choices(divisions, [INDUSTRY_MIX[d] for d in divisions])[0]
        uscc = make_uscc(rng, county)
        while uscc in used:
            uscc = make_uscc(rng, county)
        used.add(uscc)
        base = rng.lognormvariate(math.log(9000), 1.1)
        while base < SIZE_FLOOR:
            base = redraw.lognormvariate(math.log(9000), 1.1)
        name = (
            f"示范{rng.choice(NAME_HEADS)}{rng.choice(NAME_TAILS)}{TRADE_WORDS[division]}有限公司"
        )
        if serial < 8:
            name = f"示范{TRADE_WORDS[division]}集团有限公司（{serial + 1}）"
            base *= 12  # a few large groups carry the city, as in every real one
        entry = rng.choice([2024, 2025, 2026]) if rng.random() < 0.12 else None
        exit_year = (
            rng.choice([2024, 2025, 2026]) if entry is None and rng.random() < 0.06 else None
        )
        enterprise = DemoEnterprise(
            uscc=uscc,
            name=name,
            county=county,
            industry=rng.choice(industries_by_division[division]),
            ownership=rng.choices(
                ["private", "state", "foreign", "hmt", "collective"], [78, 12, 5, 3, 2]
            )[0],
            annual_base=base,
            growth=county_trend[county] + rng.gauss(0, 0.08),
            entry_year=entry,
            exit_year=exit_year,
            employees=max(20, int(base / rng.uniform(60, 140))),
        )
        _add_stoppages(rng, enterprise, last_period)
        enterprises.append(enterprise)
    return DemoCity(enterprises, county_trend, last_period)


def _add_stoppages(rng: random.Random, enterprise: DemoEnterprise, last: Period) -> None:
    """Some enterprises stop (0), half stop (0.3) or reduce (0.8) for a few months."""
    if rng.random() > 0.10:
        return
    start = Period(rng.choice([2024, 2025, 2026]), rng.randint(3, 10))
    share = rng.choice([0.0, 0.3, 0.8])
    for offset in range(rng.randint(1, 4)):
        month = start.shift(offset)
        if month <= last:
            enterprise.stoppages[month] = share


def monthly_output(enterprise: DemoEnterprise, period: Period, rng_seed: int) -> float:
    """万元 produced in a month: base × trend × season × noise × stoppage (deterministic)."""
    noise = random.Random(f"{rng_seed}:{enterprise.uscc}:{period.key}").gauss(1.0, 0.05)
    years = (period.year - START.year) + (period.month - 1) / 12
    value = (
        enterprise.annual_base / 12 * (1 + enterprise.growth) ** years * SEASON[period.month - 1]
    )
    return max(0.0, value * noise * enterprise.stoppages.get(period, 1.0))


@dataclass(frozen=True)
class ReportRow:
    enterprise: DemoEnterprise
    status: str  # 在库 / 新入库 / 退库留基
    month: float
    ytd: float
    month_prior: float
    ytd_prior: float
    revenue_ytd: float
    revenue_ytd_prior: float
    profit_ytd: float
    profit_ytd_prior: float
    sales_month: float
    sales_ytd: float
    sales_ytd_prior: float
    export_ytd: float
    export_ytd_prior: float
    power_month: float
    power_month_prior: float


def rows_for(city: DemoCity, period: Period, seed: int) -> list[ReportRow]:
    """The monthly report of a period: one row per enterprise in the directory that year."""
    rows = []
    for enterprise in city.enterprises:
        if enterprise.entry_year and period.year < enterprise.entry_year:
            continue
        if enterprise.exit_year and period.year > enterprise.exit_year:
            continue
        rows.append(_row(enterprise, period, seed))
    return rows


def _cents(value: float) -> float:
    return round(value, 2)


def _row(enterprise: DemoEnterprise, period: Period, seed: int) -> ReportRow:
    prior_period = period.previous_year()
    months = [Period(period.year, m) for m in range(1, period.month + 1)]
    prior_months = [Period(prior_period.year, m) for m in range(1, period.month + 1)]
    month_prior = _cents(monthly_output(enterprise, prior_period, seed))
    ytd_prior = _cents(sum(monthly_output(enterprise, p, seed) for p in prior_months))
    if enterprise.exit_year == period.year:
        status, month, ytd = "退库留基", 0.0, 0.0
    else:
        status = "新入库" if enterprise.entry_year == period.year else "在库"
        month = _cents(monthly_output(enterprise, period, seed))
        ytd = _cents(sum(monthly_output(enterprise, p, seed) for p in months))
    ytd_prior = max(ytd_prior, month_prior)
    ytd = max(ytd, month)
    margin = random.Random(f"{seed}:{enterprise.uscc}:margin").gauss(0.055, 0.05)
    return ReportRow(
        enterprise=enterprise,
        status=status,
        month=month,
        ytd=ytd,
        month_prior=month_prior,
        ytd_prior=ytd_prior,
        revenue_ytd=_cents(ytd * 0.96),
        revenue_ytd_prior=_cents(ytd_prior * 0.96),
        profit_ytd=_cents(ytd * margin),
        profit_ytd_prior=_cents(ytd_prior * (margin - 0.004)),
        sales_month=_cents(month * 0.97),
        sales_ytd=_cents(ytd * 0.97),
        sales_ytd_prior=_cents(ytd_prior * 0.965),
        export_ytd=_cents(ytd * 0.04),
        export_ytd_prior=_cents(ytd_prior * 0.038),
        power_month=round(month * 0.012, 4),
        power_month_prior=round(month_prior * 0.0125, 4),
    )
