from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diaodu.core.money import (
    AmountError,
    float_to_decimal,
    is_blank,
    money_to_fen,
    power_to_kwh,
    scale_exact,
    scale_float,
    to_decimal,
)


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


@given(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([100, 10_000, 100_000, 1_000_000, 10_000_000_000]),
)
def test_the_fast_float_path_gives_the_decimal_paths_figure_or_steps_aside(value, factor):
    fast = scale_float(value, factor)
    if fast is None:
        return
    assert fast == scale_exact(float_to_decimal(value), factor)


def test_the_fast_float_path_handles_signs_zeros_and_small_amounts():
    assert scale_float(-12.5, 1_000_000) == -12_500_000
    assert scale_float(-0.0, 1_000_000) == 0
    assert scale_float(1234.0, 100) == 123_400
    assert scale_float(0.1 + 0.2, 1_000_000) is None  # 17 digits: the slow path cuts at 15
    assert scale_float(1e-05, 1_000_000) == 10  # 0.00001 万元 is 10 分
    assert scale_float(0.1234567, 1_000_000) is None  # finer than a 分: refused by the slow path
    assert money_to_fen(0.1 + 0.2) == 300_000
