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
