"""End to end in Debian's Chromium: the city analyst's dashboard and drill-down, a county
user kept inside the county, a unit handling an overdue appeal. Screenshots at 1366×768
(and the dashboard at 1920×1080) go to test-artifacts/."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from diaodu.accounts.models import Unit
from diaodu.analysis.summary import dispatch_summary
from diaodu.appeals import services
from diaodu.appeals.models import Appeal, Category
from diaodu.core.periods import Period
from diaodu.demo.services import DEMO_PASSWORD, build_demo_city
from diaodu.enterprises.models import Enterprise
from diaodu.regions.models import Region
from diaodu.reports import words

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

LAST = Period(2023, 6)  # five monthly files (Feb to Jun): enough for a trend, quick to build
EAST, QINGCHUAN = "990102", "990121"  # the demo logins "county" and "county2"


@pytest.fixture
def demo(live_server):
    build_demo_city(seed=2026, count=40, say=lambda _: None, last=LAST)
    return live_server


def login(page, server, username: str) -> None:
    page.goto(f"{server.url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/($|appeals/)"))


def test_a_city_analyst_reads_the_dashboard_and_drills_down_to_an_enterprise(demo, page, artifacts):
    login(page, demo, "analyst")
    for chart in ("trend", "counties", "industries"):
        page.locator(f"#chart-{chart} canvas").first.wait_for()
    summary = dispatch_summary(region=Region.objects.get(code="990100"), period=LAST)
    shown = page.locator('[data-figure="output_ytd-growth"]').inner_text()
    assert shown == words.pct(summary.ytd.growth)
    # Nothing runs off the side of the 1366-pixel laptop screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=artifacts / "dashboard-1366.png", full_page=True)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.screenshot(path=artifacts / "dashboard-1920.png")
    page.set_viewport_size({"width": 1366, "height": 768})

    county = summary.subregions[0]
    page.locator("#table-counties").get_by_role("link", name=county.name, exact=True).click()
    page.get_by_role("heading", name=re.compile(f"^{county.name} · ")).wait_for()
    page.locator("#table-industries tbody a").first.click()
    page.get_by_role("heading", name=re.compile("企业明细")).wait_for()
    growth = page.locator("#table-enterprises thead button", has_text="增速")
    growth.click()
    assert page.locator("#table-enterprises th[aria-sort=ascending]").count() == 1
    first = page.locator("#table-enterprises tbody a").first
    name = first.inner_text()
    first.click()
    page.get_by_role("heading", name=name).wait_for()
    assert page.locator("#table-history tbody tr").count() >= 1
    page.locator("#chart-history canvas").first.wait_for()
    assert Enterprise.objects.get(name=name).county.code == county.code
    page.screenshot(path=artifacts / "enterprise-1366.png", full_page=True)


def test_a_county_user_cannot_reach_another_countys_enterprise(demo, page, artifacts):
    own = Enterprise.objects.filter(county__code=EAST).first()
    other = Enterprise.objects.filter(county__code=QINGCHUAN).first()
    login(page, demo, "county")
    assert page.goto(f"{demo.url}/enterprises/{own.uscc}/").status == 200
    response = page.goto(f"{demo.url}/enterprises/{other.uscc}/")
    assert response.status == 404
    assert page.get_by_role("heading", name="页面不存在").is_visible()
    assert page.goto(f"{demo.url}/regions/{QINGCHUAN}/").status == 404
    page.screenshot(path=artifacts / "county-404-1366.png")


def _overdue_appeal() -> Appeal:
    analyst = Unit.objects.model._meta.apps.get_model("auth", "User").objects.get(
        username="analyst"
    )
    today = timezone.localdate()
    appeal = services.register_appeal(
        by=analyst,
        title="流动资金贷款续贷困难",
        category=Category.objects.get(name="资金保障"),
        received_on=today - dt.timedelta(days=70),
        source="forum",
        enterprise=Enterprise.objects.filter(county__code=EAST).first(),
    )
    unit = Unit.objects.get(name="示范市发展和改革委员会")
    return services.assign(appeal, lead_unit=unit, on=today - dt.timedelta(days=65), by=analyst)


def test_a_unit_explains_an_overdue_appeal_in_writing_and_then_replies(demo, page, artifacts):
    appeal = _overdue_appeal()
    login(page, demo, "unit")
    page.get_by_role("link", name=appeal.number).click()
    assert page.locator("form.step").count() == 1  # only the written explanation
    # By keyboard: the label leads to the field, Tab to the date and on to the button.
    page.get_by_label("书面说明（超期原因及下一步办理安排）").fill("涉及银行授信审批，周期较长")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.get_by_text("书面说明已提交").wait_for()
    page.screenshot(path=artifacts / "appeal-explained-1366.png", full_page=True)
    page.get_by_label("办理结果：", exact=True).select_option(label="已解决")
    page.get_by_label("处理回复：", exact=True).fill("已协调银行完成续贷")
    page.get_by_role("button", name="提交处理回复").click()
    page.get_by_text("处理回复已提交").wait_for()
    assert page.locator("#stage").inner_text() == "已答复"
    appeal.refresh_from_db()
    assert appeal.stage == Appeal.Stage.REPLIED and appeal.explanation
    page.screenshot(path=artifacts / "appeal-replied-1366.png", full_page=True)
