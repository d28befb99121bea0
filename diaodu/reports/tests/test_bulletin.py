"""The bulletin's sentences and sections for the small 安康市 of conftest.py."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from diaodu.analysis.summary import dispatch_summary
from diaodu.appeals import services as appeals
from diaodu.appeals.models import Category
from diaodu.core.periods import Period
from diaodu.projects.tests.factories import make_project
from diaodu.regions.models import Indicator, PeerGroup, RegionFigure
from diaodu.regions.services import set_peer_group
from diaodu.reports.bulletin import BulletinError, Series, Table, _build, build_bulletin
from diaodu.targets.models import Target
from diaodu.testing import make_user, publish, region

pytestmark = pytest.mark.django_db
AUGUST = Period(2026, 8)


def bulletin(code="610900", period=AUGUST):
    return build_bulletin(region(code), period)


def section(result, title):
    return next(s for s in result.sections if s.title == title)


def texts(result, title):
    return [block for block in section(result, title).blocks if isinstance(block, str)]


def test_one_bulletin_answers_a_repeated_read_from_memory_and_prints_the_same(city):
    with CaptureQueriesContext(connection) as every_read:  # first: it warms the process
        plain = _build(region("610900"), AUGUST)
    with CaptureQueriesContext(connection) as one_reading:
        remembered = bulletin()
    assert remembered == plain
    # 38 queries against 69 on this city (a warm process alone saves 2)
    assert len(one_reading) <= len(every_read) * 3 // 4


def test_the_m01_sentence_states_the_hand_computed_growth_and_change(city):
    first = texts(bulletin(), "主要指标完成情况")[0]
    # 265 against 250: +6.0%; 1—7月 236 against 222: +6.306%, so 6.0 − 6.3 → 回落0.3
    assert first.startswith(
        "1—8月，全市规上工业总产值26.50亿元，同比增长6.0%，较1—7月回落0.3个百分点。"
    )
    # M06 M07: month 24 against 28 → −14.3%; last year's August 28 against July 29
    assert first.endswith("在当月基数低于上月0.10亿元的情况下，8月当月产值同比下降14.3%。")


def test_the_county_sentences_name_the_largest_smallest_fastest_slowest_and_fallen(city):
    shares_and_growths, fallen = texts(bulletin(), "县区运行情况")
    # shares 170/265 − 29/265 = 141/265 = 53.21 → 53.2; spread 13.333 − (−27.5) = 40.833 → 40.8
    assert shares_and_growths == (
        "产值占全市比重最大的汉滨区（64.2%）高于最小的石泉县（10.9%）53.2个百分点。"
        "累计产值增速最快的是汉滨区（13.3%），最慢的是石泉县（-27.5%），相差40.8个百分点。"
    )
    # 汉滨 unchanged (持平) and 汉阴 up 0.4 are not listed; 石泉 fell 1.8
    assert fallen == "石泉县累计增速较1—7月回落1.8个百分点。"


def test_the_county_table_carries_the_summary_figures_unrounded(city):
    table = next(b for b in section(bulletin(), "县区运行情况").blocks if isinstance(b, Table))
    summary = dispatch_summary(region=region("610900"), period=AUGUST)
    hanbin = next(line for line in summary.subregions if line.code == "610902")
    first = table.rows[0]
    assert first[0] == "汉滨区" and first[6] == 1
    assert first[1] == Decimal("17")  # 170000万元 = 17亿元
    assert (first[2], first[3], first[4], first[5]) == (
        hanbin.ytd.growth,
        hanbin.ytd_growth_change,
        hanbin.share,
        hanbin.pull,
    )
    # the seven counties of 安康 without an enterprise are not rows of zeros
    assert [row[0] for row in table.rows] == ["汉滨区", "汉阴县", "石泉县"]


def test_decliners_and_both_ends_are_stated_with_their_pulls(city):
    decliners, ends = texts(bulletin(), "重点企业（抓两端）")
    # 乙 and 丁: (69 − 90) / 250 = −8.4 pp
    assert (
        decliners == "8月全市累计产值下降企业2户（停产1户、减产1户），下拉累计产值增速8.4个百分点。"
    )
    assert ends == (
        "抓两端看，拉动累计产值增长最多的企业是甲厂（拉动12.0个百分点）、丙厂（拉动2.4个百分点）；"
        "下拉最多的企业是丁厂（下拉4.4个百分点）、乙厂（下拉4.0个百分点）。"
    )


def test_sections_without_data_are_left_out_and_the_rest_numbered_in_order(city):
    headings = [heading for heading, _ in bulletin().numbered()]
    # no project ledger and no appeals in this city: 项目建设 and 企业诉求办理 are absent
    assert headings == [
        "一、主要指标完成情况",
        "二、县区运行情况",
        "三、重点行业",
        "四、重点企业（抓两端）",
        "五、下一步工作",
    ]


def test_the_next_steps_list_the_points_the_analysis_flags(city):
    steps = [block.text for block in section(bulletin(), "下一步工作").blocks]
    assert steps == [
        "1. 累计增速较1—7月回落的石泉县要加强调度，找准回落原因。",
        "2. 对下拉较多的丁厂、乙厂等企业逐户分析原因、帮助复产增产。",
    ]


def test_a_county_has_no_county_section(city):
    result = bulletin("610922")  # 石泉县: 丁 alone, no sub-regions
    assert "县区运行情况" not in [s.title for s in result.sections]
    assert result.title == "石泉县2026年8月工业经济运行情况通报"
    assert texts(result, "主要指标完成情况")[0].startswith("1—8月，全县规上工业总产值2.90亿元")


def test_a_period_without_reports_gives_a_chinese_error(city):
    with pytest.raises(BulletinError, match="没有规上工业企业月报数据"):
        bulletin(period=Period(2026, 9))


@pytest.fixture
def published(city):
    """Official 规上工业增加值 growth of 陕西's cities, as the bureau publishes it.

    1—7月: 西安 8.0, 铜川 7.5, 安康 7.2, 宝鸡 6.0 → 安康 3rd (first tier: top 3)
    1—8月: 西安 8.0, 铜川 7.5, 宝鸡 7.0, 安康 6.5 → 安康 4th; 陕西 6.1"""
    figures = {
        202607: {"610100": "8.0", "610200": "7.5", "610900": "7.2", "610300": "6.0"},
        202608: {"610100": "8.0", "610200": "7.5", "610300": "7.0", "610900": "6.5"},
    }
    figures[202608]["610000"] = "6.1"
    publish(
        "规上工业增加值",
        {(code, period): growth for period, row in figures.items() for code, growth in row.items()},
    )


def test_the_official_figure_sentence_states_gap_rank_move_and_tier(published):
    first = texts(bulletin(), "主要指标完成情况")[0]
    # 6.5 − 6.1 = 0.4; rank 3 → 4: 后移一位, out of the first three
    assert first == (
        "1—8月，全市规上工业增加值同比增长6.5%，高于全省0.4个百分点，"
        "全省排名较1—7月后移一位，列第四，跌出全省第一方阵。"
    )


@pytest.fixture
def ledgers(city):
    """One key project (5000万元, plan 1000万元, nothing invested by August: behind plan)
    and one appeal of 甲厂 about 资金保障, not yet answered."""
    make_project(county="610902", name="汉滨新材料项目")
    analyst = make_user("clerk", role="city_analyst", region_code="610900")
    appeals.register_appeal(
        by=analyst,
        title="流动资金紧张",
        category=Category.objects.get(name="资金保障"),
        received_on=dt.date(2026, 8, 3),
        source="hotline",
        enterprise=city["甲"],
    )


def test_projects_and_appeals_appear_when_their_ledgers_have_data(ledgers):
    result = bulletin()
    assert texts(result, "项目建设")[0] == (
        "重点监测的1个投资千万元以上工业项目建成0个，累计完成投资0.00亿元。"
    )
    appeal_texts = texts(result, "企业诉求办理")
    assert appeal_texts[0] == "1—8月，全市1户企业共有1类1个问题，其中资金保障类1个。"
    assert appeal_texts[1] == "共受理企业诉求1个，已解决0个、解释到位0个，仍在办理1个。"
    categories = [b for b in section(result, "企业诉求办理").blocks if isinstance(b, Table)][1]
    assert categories.rows == (("资金保障", 1),)
    steps = [block.text for block in section(result, "下一步工作").blocks]
    assert "3. 汉滨新材料项目投资进度滞后于时间进度，要督促加快建设。" in steps


def test_the_gaps_to_the_nation_and_the_target_follow(published):
    # The nation published 5.8 for 1—8月 and 安康's own target is 7.0: 6.5 − 5.8 = +0.7,
    # 6.5 − 7.0 = −0.5.
    RegionFigure.objects.create(
        region=region("100000"),
        indicator=Indicator.objects.get(name="规上工业增加值"),
        period_kind="month",
        period=202608,
        scope="ytd",
        growth=Decimal("5.8"),
    )
    Target.objects.create(
        region=region("610900"),
        year=2026,
        indicator="规上工业增加值",
        kind="growth",
        value=Decimal(7),
    )
    first = texts(bulletin(), "主要指标完成情况")[0]
    assert first.endswith(
        "跌出全省第一方阵。增速高于全国0.7个百分点，低于预期目标（7.0%）0.5个百分点。"
    )


@pytest.fixture
def peer_output(city):
    """陕西's cities as a peer group, and the official 规上工业总产值 growth published for
    them: 西安 1—7月 9.0, 1—8月 8.5; 铜川 only 1—8月 5.0; 安康's own 6.1 is not a peer's."""
    set_peer_group(parent=region("610000"), name="全省地级市", k=3)
    publish(
        "规上工业总产值",
        {("610100", 202607): "9.0", ("610100", 202608): "8.5", ("610200", 202608): "5.0",
         ("610900", 202608): "6.1"},
    )  # fmt: skip


def trend(result):
    return next(chart for chart in result.charts if chart.kind == "trend")


def test_the_trend_chart_carries_the_peers_published_growth_month_by_month(peer_output):
    chart = trend(bulletin())
    assert chart.labels == ("1—7月", "1—8月")
    assert chart.peers == (
        Series("西安市", (Decimal("9.0"), Decimal("8.5"))),
        Series("铜川市", (None, Decimal("5.0"))),  # nothing published for 1—7月
    )
    assert chart.name == "安康市"
    assert chart.caption == "2026年安康市与全省地级市规上工业总产值累计增速（%）"


def test_without_a_peer_group_the_trend_chart_shows_the_region_alone(peer_output):
    PeerGroup.objects.all().delete()
    chart = trend(bulletin())
    assert chart.peers == ()
    assert chart.caption == "2026年安康市规上工业总产值累计增速（%）"


def test_peers_value_added_figures_are_not_drawn_on_the_output_chart(published):
    set_peer_group(parent=region("610000"), name="全省地级市", k=3)
    assert trend(bulletin()).peers == ()
