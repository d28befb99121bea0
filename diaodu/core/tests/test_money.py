from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diaodu.core.money import AmountError, is_blank, money_to_fen, power_to_kwh, to_decimal


def test_typed_numbers_keep_their_decimal_form():
    assert to_decimal(1234.56) == Decimal("1234.56")
    assert to_decimal(" 1,234.5 ") == Decimal("1234.5")
    assert to_decimal("(12.5)") == Decimal("-12.5")


def test_a_formulas_binary_noise_beyond_excels_15_digits_is_not_part_of_the_figure():
    assert to_decimal(0.1 + 0.2) == Decimal("0.3")
    assert money_to_fen(0.1 + 0.2) == 300_000


def test_units_scale_exactly_to_fen():
    assert money_to_fen("1", "元") == 100
    assert money_to_fen("1.5", "千元") == 150_000
    assert money_to_fen("2.25", "万元") == 2_250_000
    assert money_to_fen("0.0001", "亿元") == 1_000_000  # 0.0001 亿元 = 1 万元


def test_a_fraction_of_a_fen_is_refused_not_rounded():
    with pytest.raises(AmountError, match="小数位数过多"):
        money_to_fen("0.001", "元")


def test_dashes_and_empties_mean_not_reported():
    assert all(is_blank(v) for v in (None, "", " ", "—", "-", "－"))
    assert not is_blank(0)


def test_text_that_is_not_a_number_is_refused():
    for text in ("十二", "1.2.3", "NaN", "inf", True):
        with pytest.raises(AmountError):
            to_decimal(text)


def test_power_is_kept_in_kwh():
    assert power_to_kwh("12.3456") == 123_456  # 万千瓦时 → 千瓦时


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=6, allow_nan=False))
def test_any_amount_typed_with_up_to_six_decimals_round_trips_through_its_float(amount):
    # A cell typed as text or read as calamine's float gives the same 分.
    assert money_to_fen(float(amount)) == money_to_fen(str(amount))
