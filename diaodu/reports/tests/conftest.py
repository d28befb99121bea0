"""A small 安康市 for the bulletin, worked out by hand. Figures below are in 千万元 (the data
holds them × 1000 in 万元: 甲's 130 is 130000万元 = 13.00亿元).

August 2026, year to date (C = this year, P = last year's same months):
  汉滨区 610902  甲 1311  C 130  P 100   month 12 / 10
                 乙 1311  C  40  P  50   month  0 /  5   停产
  汉阴县 610921  丙 3670  C  66  P  60   month  9 /  8
  石泉县 610922  丁 3670  C  29  P  40   month  3 /  5   减产 (3 ≥ 0.5 × 5)
  city: C 265, P 250 → 15 / 250 = 6.0%;  month 24 / 28 − 1 = −14.2857% → 下降14.3%
  汉滨 170/150 = +13.333%, share 170/265 = 64.15%, pull 20/250 = 8.0 pp, rank 1
  汉阴  66/60  = +10.0%,   share 24.91%,             pull  6/250 = 2.4 pp, rank 2
  石泉  29/40  = −27.5%,   share 10.94%,             pull −11/250 = −4.4 pp, rank 3
  大类 13: 170/150 +13.3%, pull 8.0; 大类 36: 95/100 −5.0%, pull −2.0
  decliners 乙 丁: (69 − 90)/250 = −8.4 pp
  both ends: 甲 +30/250 = 12.0 pp, 丙 +2.4 pp; 丁 −4.4 pp, 乙 −10/250 = −4.0 pp
  base (M07): last year's August 28 against last year's July 29 → 低于上月0.10亿元

July 2026, year to date:
  甲 113/90, 乙 40/45, 丙 57/52, 丁 26/35 → city 236/222 = +6.3063%
  change 6.0 − 6.3063 = −0.3063 → 回落0.3个百分点
  汉滨 153/135 = +13.333% (change 0: 持平), 汉阴 57/52 = +9.615% (change +0.385: 提高0.4),
  石泉 26/35 = −25.714% (change −1.786: 回落1.8)
  month priors 12 + 5 + 7 + 5 = 29
"""

import pytest

from diaodu.demo.generator import LAST_PERIOD
from diaodu.demo.services import build_demo_city
from diaodu.testing import make_enterprise, make_fact, region

# Beside the browser tests' screenshots (diaodu/web/tests/conftest.py): kept by CI.

AUGUST = {
    # name: (county, industry, month, ytd, month_prior, ytd_prior)
    "甲": ("610902", "1311", "12000", "130000", "10000", "100000"),
    "乙": ("610902", "1311", "0", "40000", "5000", "50000"),
    "丙": ("610921", "3670", "9000", "66000", "8000", "60000"),
    "丁": ("610922", "3670", "3000", "29000", "5000", "40000"),
}
JULY = {
    "甲": ("14000", "113000", "12000", "90000"),
    "乙": ("5000", "40000", "5000", "45000"),
    "丙": ("8000", "57000", "7000", "52000"),
    "丁": ("4000", "26000", "5000", "35000"),
}


@pytest.fixture
def city(db):
    enterprises = {}
    for name, (county, industry, month, ytd, month_prior, ytd_prior) in AUGUST.items():
        enterprise = make_enterprise(county=county, industry=industry, name=f"{name}厂")
        enterprises[name] = enterprise
        make_fact(
            enterprise,
            "2026-08",
            month=month,
            ytd=ytd,
            month_prior=month_prior,
            ytd_prior=ytd_prior,
        )
        month, ytd, month_prior, ytd_prior = JULY[name]
        make_fact(
            enterprise,
            "2026-07",
            month=month,
            ytd=ytd,
            month_prior=month_prior,
            ytd_prior=ytd_prior,
        )
    return enterprises


@pytest.fixture
def demo(db):
    """The demonstration city 示范市 of `diaodu demo`, small: 40 enterprises."""
    build_demo_city(seed=3, count=40, say=lambda _: None, last=LAST_PERIOD)
    return region("990100")
