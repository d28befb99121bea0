"""The dashboard (驾驶舱): every figure on it is the analysis functions' figure."""

import datetime as dt
import json
import re

import pytest
from django.utils import timezone

from diaodu.analysis.indicators import region_indicators
from diaodu.analysis.summary import dispatch_summary
from diaodu.appeals.statistics import appeal_statistics
from diaodu.core.periods import Period
from diaodu.enterprises.models import MonthlyFact
from diaodu.projects.progress import project_progress
from diaodu.reports import words
from diaodu.testing import region

pytestmark = pytest.mark.django_db

AUGUST = Period(2024, 8)


def figure(page: str, name: str) -> str:
    """The text of the element marked data-figure="name"."""
    match = re.search(rf'data-figure="{name}"[^>]*>([^<]*)<', page)
    assert match, f"no figure {name}"
    return match.group(1)


def chart_data(page: str, name: str) -> dict:
    match = re.search(rf'<script id="{name}" type="application/json">(.*?)</script>', page, re.S)
    assert match, f"no chart data {name}"
    return json.loads(match.group(1))


def test_the_city_dashboard_shows_the_summarys_growth_for_the_latest_month(client, world):
    client.force_login(world.analyst)
    page = client.get("/").content.decode()
    summary = dispatch_summary(region=region("610900"), period=AUGUST)
    # (120 + 74 + 40) / (100 + 89 + 50) − 1 = −2.09% → −2.1
    assert figure(page, "output_ytd-growth") == words.pct(summary.ytd.growth) == "-2.1"
    assert figure(page, "output_month-growth") == words.pct(summary.month.growth)
    assert "规上工业总产值（1—8月）" in page and "较1—7月" in page


def test_revenue_profit_and_power_come_from_the_region_indicators(client, world):
    client.force_login(world.analyst)
    page = client.get("/?period=2024-08").content.decode()
    figures = region_indicators(region=region("610900"), period=AUGUST).figures
    for name in ("revenue", "profit", "power"):
        assert figure(page, f"{name}-growth") == words.pct(figures[name].growth)


def test_the_legend_states_red_for_increase_and_green_for_decrease(client, world):
    client.force_login(world.analyst)
    page = client.get("/").content.decode()
    assert "红色表示增长" in page and "绿色表示下降" in page


def test_the_charts_data_is_embedded_for_the_local_echarts(client, world):
    client.force_login(world.analyst)
    page = client.get("/").content.decode()
    trend = chart_data(page, "trend-data")
    assert trend["labels"] == ["1—7月", "1—8月"]
    assert trend["series"][0]["values"][-1] == -2.1
    counties = chart_data(page, "counties-data")
    assert counties["labels"][0].startswith("汉滨区（第1）")
    industries = chart_data(page, "industries-data")
    assert len(industries["values"]) == 2
    assert "/static/web/vendor/echarts.min.js" in page and "/static/web/charts.js" in page
    assert 'id="chart-trend"' in page and 'id="chart-counties"' in page


def test_the_work_counts_are_the_appeals_and_projects_functions(client, world):
    client.force_login(world.analyst)
    page = client.get("/").content.decode()
    city = region("610900")
    appeals = appeal_statistics(city, dt.date(2000, 1, 1), timezone.localdate()).total
    assert figure(page, "appeals-overdue") == str(appeals.overdue) == "1"
    assert figure(page, "appeals-open") == str(appeals.open) == "3"
    progress = project_progress(city, AUGUST)
    behind = [line.project.code for line in progress.lines if line.behind]
    # Nothing invested by August against plans of 1200 and 600万元: both behind.
    assert figure(page, "projects-behind") == str(len(behind)) == "2"
    assert figure(page, "decliners-count") == "2"


def test_a_county_sees_its_rank_among_the_citys_counties(client, world):
    client.force_login(world.hanbin)
    page = client.get("/").content.decode()
    assert "汉滨区 · 工业经济运行驾驶舱" in page
    assert "规上工业总产值增速排名" in page and "安康市各县区" in page
    assert figure(page, "appeals-open") == "2"  # its own two, not 汉阴's


def test_an_earlier_period_can_be_chosen_and_a_bad_one_is_refused(client, world):
    client.force_login(world.analyst)
    july = client.get("/?period=2024-07").content.decode()
    assert "规上工业总产值（1—7月）" in july
    assert client.get("/?period=2024-13").status_code == 404
    assert "尚无数据" in client.get("/?period=2030-01").content.decode()


def test_a_unit_user_is_sent_to_its_appeals_and_reads_no_figures(client, world):
    client.force_login(world.unit_user)
    assert client.get("/").url == "/appeals/"
    assert client.get("/regions/610900/").status_code == 404
    assert client.get("/regions/610900/enterprises/").status_code == 404


def test_a_profit_out_of_last_years_loss_is_worded_not_given_a_rate(client, world):
    # Last year a loss of 1万元 for every enterprise, this year a profit: 扭亏.
    MonthlyFact.objects.filter(period=202408).update(profit_ytd_prior=-1_000_000)
    client.force_login(world.analyst)
    page = client.get("/").content.decode()
    card = page[page.index('id="card-profit"') : page.index('id="card-power"')]
    assert "同比扭亏" in card and "data-figure" not in card


def test_the_trend_chart_holds_the_target_and_the_peers_published_growth(client, world):
    """The growth target as a level and each peer's published YTD growth of output beside
    the city's own months; a month a peer did not publish is a gap (None), not a zero."""
    from diaodu.regions.models import PeerGroup
    from diaodu.targets.models import Target
    from diaodu.testing import publish

    Target.objects.create(
        region=region("610900"), year=2024, indicator="规上工业总产值", kind="growth", value=5
    )
    PeerGroup.objects.create(name="全省地级市", parent=region("610000"), first_tier_size=3)
    publish(
        "规上工业总产值",
        {("610100", 202408): "8.1", ("610200", 202408): "6.4", ("610200", 202407): "6.0"},
    )
    client.force_login(world.analyst)
    page = client.get("/").content.decode()
    trend = chart_data(page, "trend-data")
    months = trend["labels"]
    assert trend["target"] == {"name": "预期目标", "value": 5.0}
    peers = {
        peer["name"]: dict(zip(months, peer["values"], strict=True)) for peer in trend["peers"]
    }
    assert [peer["name"] for peer in trend["peers"]] == ["西安市", "铜川市"]  # 8.1 before 6.4
    assert months == ["1—7月", "1—8月"]
    assert peers == {
        "西安市": {"1—7月": None, "1—8月": 8.1},
        "铜川市": {"1—7月": 6.0, "1—8月": 6.4},
    }
    assert "虚线为预期目标" in page and "灰线为全省地级市" in page


def test_the_trend_chart_has_no_peers_without_a_peer_group(client, world):
    client.force_login(world.analyst)
    trend = chart_data(client.get("/").content.decode(), "trend-data")
    assert trend["peers"] == [] and trend["target"] is None
