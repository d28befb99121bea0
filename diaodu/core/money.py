"""Exact money and quantities.

Money is stored as whole 分 (fen) in 64-bit integers: 1 万元 = 1,000,000 分. A
spreadsheet cell arrives as text or as calamine's binary float; both go through
their shortest decimal form (`Decimal(repr(x))`) and are scaled exactly, never by
binary arithmetic, so two enterprises with the same books give the same growth
to the last digit and a region's sum does not depend on the order of rows.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

FEN_PER_WAN = 1_000_000

# Money units a header may carry in brackets, in 分 per unit.
MONEY_UNITS: dict[str, int] = {
    "元": 100,
    "千元": 100_000,
    "万元": 1_000_000,
    "亿元": 10_000_000_000,
}

# Electricity is stored in 千瓦时 (kWh); files give 万千瓦时.
KWH_PER_WAN_KWH = 10_000

_BLANKS = {"", "—", "-", "－", "——", "/", "…"}
_NOISE = re.compile(r"[\s,，\u3000]")


class AmountError(ValueError):
    """A cell that is not an amount; the message is for users, in Chinese."""


def is_blank(value: object) -> bool:
    """Empty, or one of the dashes users write for "not reported"."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() in _BLANKS
    return False


def to_decimal(value: object) -> Decimal:
    """A number from a cell: int, float (through its shortest repr) or text like ' 1,234.5 '."""
    if isinstance(value, bool):
        raise AmountError("不是数字")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise AmountError("不是有效数字")
        return float_to_decimal(value)
    if isinstance(value, Decimal):
        return value
    text = _NOISE.sub("", str(value))
    if text.startswith("(") and text.endswith(")"):  # accountants' negative
        text = "-" + text[1:-1]
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise AmountError("不是数字") from None
    if not number.is_finite():
        raise AmountError("不是有效数字")
    return number


def float_to_decimal(value: float) -> Decimal:
    """A spreadsheet's binary float as the decimal the user sees.

    The shortest repr gives back what was typed (1234.56, not 1234.5599999999999…).
    Excel keeps 15 significant digits, so a formula's binary noise beyond them
    (0.1 + 0.2 = 0.30000000000000004) is not part of the figure: it is cut at 15."""
    text = repr(value)
    digits = text.split("e")[0].replace("-", "").replace(".", "").lstrip("0")
    if len(digits) > 15:
        text = format(value, ".15g")
    return Decimal(text)


def scale_exact(number: Decimal, factor: int, *, what: str = "数值") -> int:
    """number × factor as an int, refusing anything that would need rounding."""
    scaled = number * factor
    if scaled != scaled.to_integral_value():
        raise AmountError(f"{what}的小数位数过多，无法精确保存")
    result = int(scaled)
    if abs(result) >= 2**63:
        raise AmountError(f"{what}过大")
    return result


def money_to_fen(value: object, unit: str = "万元") -> int:
    """A money cell in the header's unit → whole 分."""
    factor = MONEY_UNITS[unit]
    if type(value) is float and (fast := scale_float(value, factor)) is not None:
        return fast
    return scale_exact(to_decimal(value), factor, what="金额")


def scale_float(value: float, factor: int) -> int | None:
    """value × factor (a power of ten) as an int when the float is exactly what a user
    typed with at most as many decimals as the factor has zeros; None otherwise, and
    the Decimal path decides (cuts binary noise at 15 digits or refuses the cell).

    Why this is exact: for |r| < 10¹⁵ the decimal r/factor has at most 15 significant
    digits, so it is the only such decimal that converts to its nearest float; r/factor
    computed in floating point is that nearest float, so `r / factor == value` holds
    exactly when the float's shortest repr is r/factor. Decimal arithmetic for every
    cell was most of an import's time."""
    scaled = round(value * factor) if abs(value) < 1e15 else None  # also refuses nan, inf
    if scaled is None or abs(scaled) >= 10**15 or scaled / factor != value:
        return None
    return scaled


def fen_to_wan(fen: int) -> Decimal:
    """Whole 分 → 万元 as an exact Decimal."""
    return Decimal(fen).scaleb(-6)


def fen_to_yi(fen: int | Decimal) -> Decimal:
    """分 → 亿元 as an exact Decimal (a Decimal 分 from a projection stays exact too)."""
    return Decimal(fen).scaleb(-10)


def power_to_kwh(value: object) -> int:
    """An electricity cell in 万千瓦时 → whole 千瓦时."""
    if type(value) is float and (fast := scale_float(value, KWH_PER_WAN_KWH)) is not None:
        return fast
    return scale_exact(to_decimal(value), KWH_PER_WAN_KWH, what="用电量")
