"""Official codes: 统一社会信用代码 (GB 32100-2015), 行政区划代码 (GB/T 2260),
国民经济行业分类 (GB/T 4754-2017). Each validator returns the error in Chinese, or None."""

from __future__ import annotations

NATION_CODE = "100000"

# GB 32100-2015: 31 characters, without I, O, Z, S, V (easily confused).
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {char: index for index, char in enumerate(USCC_CHARSET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# Industry for Diaodu is 门类 B (大类 06–12), C (13–43) and D (44–46).
INDUSTRIAL_DIVISIONS = range(6, 47)


def uscc_check_character(first17: str) -> str:
    """The 18th character of a code whose first 17 are given (GB 32100-2015, 4.2).

    python-stdnum's cn.uscc refuses codes whose registration authority (first
    character) is a letter — N, Y, A… are real — so the check is done here."""
    if len(first17) != 17:
        raise ValueError("need the first 17 characters")
    total = sum(map(int.__mul__, map(_USCC_VALUE.__getitem__, first17), _USCC_WEIGHTS))
    return USCC_CHARSET[(31 - total % 31) % 31]


def normalize_uscc(value: object) -> str:
    return str(value if value is not None else "").strip().upper()


def uscc_error(code: str) -> str | None:
    if len(code) != 18:
        return f"应为18位，实际为{len(code)}位"
    if not _USCC_VALUE.keys() >= set(code):
        bad = sorted({char for char in code if char not in _USCC_VALUE})
        return f"含有不允许的字符“{''.join(bad)}”（不使用I、O、Z、S、V）"
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        return f"校验码错误：第18位应为“{expected}”，实际为“{code[17]}”"
    return None


def region_level(code: str) -> str:
    """nation, province, city or county, from the shape of a GB/T 2260 code."""
    if code == NATION_CODE:
        return "nation"
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


def region_code_error(code: str) -> str | None:
    if len(code) != 6 or not code.isdigit():
        return "应为6位数字"
    return None


def normalize_industry_code(value: object) -> str:
    text = str(value if value is not None else "").strip()
    if text.endswith(".0"):  # a code that Excel stored as a number
        text = text[:-2]
    return text


def industry_code_error(code: str) -> str | None:
    if not code.isdigit() or not 2 <= len(code) <= 4:
        return "应为2至4位数字的国民经济行业代码"
    if int(code[:2]) not in INDUSTRIAL_DIVISIONS:
        return f"大类“{code[:2]}”不属于工业（采矿业、制造业、电力热力燃气及水生产和供应业为06至46）"
    return None
