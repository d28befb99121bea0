"""Sentence templates with the words chosen by sign, on hand-made analysis results
(no database: the templates only read the dataclasses the analysis returns)."""

from decimal import Decimal

from diaodu.analysis.indicators import Figure, ProfitChange, RegionIndicators, SalesRatio
from diaodu.analysis.ranking import FigurePeriod, Ranking, RankItem
from diaodu.analysis.summary import Flow, SubregionLine
from diaodu.core.periods import Period
from diaodu.regions.models import Indicator, Region
from diaodu.reports import sentences

PROVINCE = Region(code="610000", name="陕西省", level=Region.Level.PROVINCE)


def item(rank, rank_change, gap=Decimal("0.4"), tier_move=None):
    return RankItem(
        code="610900",
        name="安康市",
        growth=Decimal("6.5"),
        rank=rank,
        rank_change=rank_change,
        first_tier=rank <= 3,
        gap_to_reference=gap,
        tier_move=tier_move,
    )


def official(rank_item, previous=True):
    ranking = Ranking(
        parent=PROVINCE,
        indicator=Indicator(name="规上工业增加值", unit="亿元"),
        period=FigurePeriod("month", 202608),
        scope="累计",
        reference_growth=Decimal("6.1"),
        first_tier_size=3,
        previous_period=FigurePeriod("month", 202607) if previous else None,
    )
    return sentences.m01_official("规上工业增加值", "全市", ranking, rank_item)


def test_a_rank_moving_up_into_the_first_tier_reads_qianyi_and_jinru():
    text = official(item(2, 2, tier_move="进入"))
    assert text == (
        "1—8月，全市规上工业增加值同比增长6.5%，高于全省0.4个百分点，"
        "全省排名较1—7月前移两位，列第二，进入全省第一方阵。"
    )


def test_an_unchanged_rank_is_level_and_a_first_period_has_no_comparison():
    assert "全省排名与1—7月持平，列第三" in official(item(3, 0, gap=Decimal("-0.2")))
    assert "低于全省0.2个百分点" in official(item(3, 0, gap=Decimal("-0.2")))
    assert official(item(1, None), previous=False).endswith("全省排名第一。")


def indicators(profit_current, profit_prior, word, rate=None):
    def figure(name, current, prior, growth=None, profit=None):
        return Figure(name, name, "万元", current, prior, 1, growth, profit)

    return RegionIndicators(
        region_code="610900",
        region_name="安康市",
        period=Period(2026, 8),
        enterprises=4,
        figures={
            "revenue": figure("revenue", 2_345_600_000_00, 2_200_000_000_00, Decimal("6.62")),
            "profit": figure(
                "profit", profit_current, profit_prior, None, ProfitChange(word, rate)
            ),
            "power": figure("power", 0, 0),
        },
        sales_ratio=SalesRatio(Decimal("97.84"), Decimal("98.1"), Decimal("-0.26")),
    )


def test_profit_words_follow_the_analysis_including_turnaround_and_losses():
    # 分: 123.45亿元 = 1_234_500_000_000 分
    grown = sentences.m17_finance(indicators(1_234_500_000_000, 1, "增长", Decimal("12.34")))
    assert grown == (
        "1—8月，规上工业企业营业收入23.46亿元，同比增长6.6%；利润总额123.45亿元，同比增长12.3%。"
    )
    turned = sentences.m17_finance(indicators(5_000_000_000, -1, "扭亏"))
    assert turned.endswith("利润总额0.50亿元，同比扭亏为盈。")
    losing = sentences.m17_finance(indicators(-2_000_000_000, -1, "减亏", Decimal("20")))
    assert losing.endswith("亏损0.20亿元，同比减亏20.0%。")
    assert "由盈转亏" in (sentences.m17_finance(indicators(-1, 1, "由盈转亏")) or "")


def test_the_sales_ratio_change_reads_huiluo():
    text = sentences.m25_sales_ratio(indicators(1, 1, "增长", Decimal(0)))
    assert text == "产品产销率97.8%，较上年同期回落0.3个百分点。"


def line(name, change):
    return SubregionLine(
        code=name,
        name=name,
        ytd=Flow(110, 100),
        ytd_growth_change=change,
        share=None,
        rank=1,
        pull=None,
    )


def test_several_fallen_counties_are_listed_with_fenbie():
    lines = [
        line("汉阴县", Decimal("-0.84")),
        line("石泉县", Decimal("-1.25")),
        line("宁陕县", Decimal("-0.04")),  # shows as 0.0: not a fall
        line("汉滨区", Decimal("0.5")),
    ]
    assert sentences.m11_fallen(lines, "1—7月") == (
        "汉阴县、石泉县累计增速分别较1—7月回落0.8、1.3个百分点。"
    )
    assert sentences.m11_fallen([line("汉滨区", Decimal("0.5"))], "1—7月") is None
