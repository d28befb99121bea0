from decimal import Decimal

from diaodu.reports.words import change_phrase, growth_phrase, pct, wan


def test_rounding_is_half_up_as_official_statistics_do():
    assert pct(Decimal("6.25")) == "6.3"  # half-even would give 6.2
    assert pct(Decimal("-6.25")) == "-6.3"
    assert pct(None) == "—"


def test_growth_words_follow_the_sign_at_display_precision():
    assert growth_phrase(Decimal("6.24")) == "增长6.2%"
    assert growth_phrase(Decimal("-1.25")) == "下降1.3%"
    assert growth_phrase(Decimal("0.04")) == "与上年同期持平"


def test_change_words_are_down_up_or_level():
    assert change_phrase(Decimal("-0.8"), "1—7月") == "较1—7月回落0.8个百分点"
    assert change_phrase(Decimal("0.26"), "1—7月") == "较1—7月提高0.3个百分点"
    assert change_phrase(Decimal("0.04"), "1—7月") == "与1—7月持平"


def test_money_in_wan_has_separators_and_two_decimals():
    assert wan(1_234_567_890_000) == "1,234,567.89"  # 分 → 万元


def test_ordinals_say_di_er_never_di_liang():
    from diaodu.reports.words import ordinal

    assert (ordinal(2), ordinal(5), ordinal(12)) == ("第二", "第五", "第12")


def test_gaps_are_above_below_or_level_at_display_precision():
    from diaodu.reports.words import gap_phrase

    assert gap_phrase(Decimal("0.35"), "全省") == "高于全省0.4个百分点"
    assert gap_phrase(Decimal("-1.25"), "全市平均") == "低于全市平均1.3个百分点"
    assert gap_phrase(Decimal("0.04"), "全省") == "与全省持平"


def test_pulls_read_as_drag_or_lift():
    from diaodu.reports.words import drag_phrase

    assert drag_phrase(Decimal("-8.4")) == "下拉累计产值增速8.4个百分点"
    assert drag_phrase(Decimal("2.35")) == "拉动累计产值增速2.4个百分点"
    assert drag_phrase(Decimal("-0.04"), "") == "影响不足0.1个百分点"


def test_amounts_in_yi_round_half_up_to_two_decimals():
    from diaodu.reports.words import wan_kwh, yi_amount, yi_of_wan

    assert yi_of_wan(Decimal("12345")) == "1.23"  # 万元 → 亿元
    assert yi_amount(Decimal("0.125")) == "0.13"  # half-even would give 0.12
    assert wan_kwh(12_345_678) == "1,234.57"  # 千瓦时 → 万千瓦时
