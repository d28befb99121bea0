"""End to end in Debian's Chromium: the city analyst's dashboard and drill-down, a county
user kept inside the county, a unit handling an overdue appeal, a county user
acknowledging a warning by keyboard, an upload with its progress and report, a month's
file imported and the dashboard's figure moving to what the file says. Screenshots
at 1366×768 (and the dashboard at 1920×1080) go to test-artifacts/."""

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
from diaodu.ingest.tests.files import HEADER, enterprise_row, write_xlsx
from diaodu.regions.models import Region
from diaodu.reports import words
from diaodu.warnings.models import Warning
from diaodu.web.tests.world import make_warning

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

LAST = Period(2023, 6)  # five monthly files (Feb to Jun): enough for a trend, quick to build
EAST, QINGCHUAN = "990102", "990121"  # the demo logins "county" and "county2"


@pytest.fixture
def demo(live_server):
    build_demo_city(seed=2026, count=40, say=lambda _: None, last=LAST)
    return live_server


def login(page, server, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{server.url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
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


def test_a_county_user_acknowledges_a_warning_by_keyboard(demo, page, artifacts):
    warning = make_warning(
        "growth_drop",
        f"drop:{EAST}:test",
        "red",
        "东城区累计增速较上月回落3.2个百分点（测试）",
        EAST,
        {"累计增速": -1.5, "较上月变化（百分点）": -3.2},
    )
    other = make_warning(
        "growth_drop",
        f"drop:{QINGCHUAN}:test",
        "yellow",
        "青川县累计增速回落（测试）",
        QINGCHUAN,
        {"较上月变化（百分点）": -1.1},
    )
    login(page, demo, "county")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="预警").click()
    link = page.get_by_role("link", name=warning.title)
    assert page.get_by_role("link", name=other.title).count() == 0
    # By keyboard: focus the warning's link and open it with Enter; the reply's label leads
    # to its field, Tab moves on to the button and Enter submits.
    link.focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=re.compile(warning.title)).wait_for()
    assert page.locator("#table-evidence tbody tr").count() == 2
    page.get_by_label("反馈内容（原因分析及已采取、将采取的措施）：").focus()
    page.keyboard.type("已约谈回落企业，下月恢复生产")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.get_by_text("反馈已提交").wait_for()
    assert page.locator("#state").inner_text() == "已反馈"
    last = page.locator("#table-events tbody tr").last.inner_text()
    assert "反馈" in last and "已约谈回落企业，下月恢复生产" in last
    page.screenshot(path=artifacts / "warning-acknowledged-1366.png", full_page=True)
    warning.refresh_from_db()
    assert warning.state == Warning.State.ACKNOWLEDGED
    assert warning.reply == "已约谈回落企业，下月恢复生产"
    assert list(warning.events.values_list("kind", flat=True)) == ["raise", "acknowledge"]
    assert page.goto(f"{demo.url}/warnings/{other.pk}/").status == 404


def test_an_upload_shows_its_progress_and_then_the_bad_cells(demo, page, artifacts, tmp_path):
    path = write_xlsx(tmp_path / "坏文件.xlsx", [HEADER, enterprise_row(county=EAST, month="十")])
    login(page, demo, "county")
    page.goto(f"{demo.url}/imports/")
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("文件（.xlsx、.xls 或 .csv）").set_input_files(str(path))
    page.get_by_label("报告期（文件中没有“报告期”列时填写，如 2024-08）").fill("2023-06")
    page.locator("form[data-upload]").first.get_by_role("button", name="导入").click()
    # The answer replaces the page's main part without a new page load.
    page.get_by_role("heading", name=re.compile("导入失败：共 1 处问题")).wait_for()
    assert page.evaluate("window.stillTheSamePage === true")  # sent by the script
    assert page.locator("#table-errors tbody tr").count() == 1
    assert "不是数字" in page.locator("#table-errors").inner_text()
    page.screenshot(path=artifacts / "import-rejected-1366.png", full_page=True)


def test_an_imported_month_moves_the_dashboards_growth_to_what_the_file_says(
    world, live_server, page, artifacts, tmp_path
):
    """The small city (web/tests/world.py): 1—8月 234 万元 against 239 (−2.1 %). September's
    file: 汉滨甲厂 140 against 110, 汉滨丙厂 80 against 98, 汉阴乙厂 46 against 56 — 1—9月
    266 against 264, +0.76 %, shown as 0.8."""
    login(page, live_server, "analyst", "pass-1234")
    growth = page.locator('[data-figure="output_ytd-growth"]')
    assert growth.inner_text() == "-2.1"
    assert page.get_by_text("规上工业总产值（1—8月）").count() >= 1
    page.screenshot(path=artifacts / "import-month-1-dashboard-before-1366.png", full_page=True)

    rows = [
        enterprise_row(uscc=world.jia.uscc, name="汉滨甲厂", month=20, ytd=140, ytd_prior=110),
        enterprise_row(
            uscc=world.bing.uscc, name="汉滨丙厂", industry="3011", month=6, ytd=80, ytd_prior=98
        ),
        enterprise_row(uscc=world.yi.uscc, name="汉阴乙厂", county="610921", ytd=46, ytd_prior=56),
    ]
    path = write_xlsx(tmp_path / "2024年9月月报.xlsx", [HEADER, *rows])
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="数据导入").click()
    page.get_by_label("文件（.xlsx、.xls 或 .csv）").set_input_files(str(path))
    page.get_by_label("报告期（文件中没有“报告期”列时填写，如 2024-08）").fill("2024-09")
    page.locator("form[data-upload]").first.get_by_role("button", name="导入").click()
    page.get_by_role("heading", name="导入成功").wait_for()
    assert "报告期 2024-09，3 户企业" in page.locator(".report").inner_text()
    page.screenshot(path=artifacts / "import-month-2-report-1366.png", full_page=True)

    page.get_by_role("link", name=re.compile("查看本批次的导入报告")).click()
    page.get_by_role("heading", name=re.compile("导入批次\\d+：2024年9月月报.xlsx")).wait_for()
    assert page.locator("#batch-status").inner_text() == "已导入"
    page.screenshot(path=artifacts / "import-month-3-batch-1366.png", full_page=True)

    page.get_by_role("link", name="工业经济运行监测调度平台").click()
    page.get_by_text("规上工业总产值（1—9月）").first.wait_for()
    shown = growth.inner_text()
    assert shown == "0.8"  # (140 + 80 + 46) / (110 + 98 + 56) − 1 = +0.76 %
    summary = dispatch_summary(region=Region.objects.get(code="610900"), period=Period(2024, 9))
    assert shown == words.pct(summary.ytd.growth)
    page.screenshot(path=artifacts / "import-month-4-dashboard-after-1366.png", full_page=True)


def test_a_city_analyst_types_the_countys_parts_by_keyboard_and_sees_the_sum(
    world, live_server, page, artifacts
):
    from decimal import Decimal

    from diaodu.regions.selectors import children_of
    from diaodu.targets.models import Target

    city = Region.objects.get(code="610900")
    target = Target.objects.create(
        region=city, year=2024, indicator="规上工业总产值", kind="absolute", value=100, unit="亿元"
    )
    counties = children_of(city)
    login(page, live_server, "analyst", "pass-1234")
    page.goto(f"{live_server.url}/regions/610900/targets/?period=2024-08")
    summary = page.locator("summary", has_text="逐一填报各地区目标")
    summary.focus()
    page.keyboard.press("Enter")  # opens the <details>
    total = page.locator(f"#form-manual-{target.pk}-sum")
    page.get_by_label(f"{counties[0].name}（亿元）：", exact=True).focus()
    for index, _county in enumerate(counties):
        page.keyboard.type("30" if index == 0 else "8.5")
        page.keyboard.press("Tab")
    # 30 + 9 × 8.5 = 106.5, added as the user types.
    assert total.inner_text() == "106.5"
    page.screenshot(path=artifacts / "targets-manual-1366.png", full_page=True)
    page.keyboard.press("Enter")  # Tab has reached the button
    page.get_by_text(re.compile("已逐一填报下达到10个下级地区")).wait_for()
    parts = {t.region.code: t.value for t in Target.objects.filter(parent=target)}
    assert parts[counties[0].code] == Decimal(30) and sum(parts.values()) == Decimal("106.5")


def test_file_fields_speak_chinese(demo, page, artifacts, tmp_path):
    """The browser's own file button says "Choose File" in Debian's Chromium: it is hidden
    behind a Chinese one, and the chosen file's name shows beside it."""
    login(page, demo, "analyst")
    page.goto(f"{demo.url}/imports/")
    field = page.locator(".file-field").first
    assert field.locator(".file-choose").inner_text() == "选择文件…"
    assert field.locator(".file-name").inner_text() == "未选择文件"
    native = page.locator("#monthly-file")
    box = native.bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1  # out of sight
    path = write_xlsx(tmp_path / "八月月报.xlsx", [HEADER, enterprise_row(county=EAST)])
    page.get_by_label("文件（.xlsx、.xls 或 .csv）").set_input_files(str(path))
    assert field.locator(".file-name").inner_text() == "八月月报.xlsx"
    native.focus()  # the keyboard reaches the labelled input; the button shows the ring
    page.screenshot(path=artifacts / "file-field-1366.png")
