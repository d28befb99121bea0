from diaodu.core.codes import industry_code_error, region_level, uscc_check_character, uscc_error


def test_a_published_uscc_passes_the_check():
    # 91110000600037341L is 中国石油化工股份有限公司's code as printed on its licence.
    assert uscc_error("91110000600037341L") is None


def test_the_check_character_is_computed_by_the_gb32100_weights():
    # By hand: values 9,1,1,1,0,0,0,0,6,0,0,0,3,7,3,4,1 × weights 1,3,9,27,19,26,16,17,20,29,
    # 25,13,8,24,10,30,28 = 9+3+9+27+120+24+168+30+120+28 = 538; 538 mod 31 = 11;
    # 31 − 11 = 20, and the 20th character of 0-9A-HJ-NP-RTUW-Y (from 0) is L.
    assert uscc_check_character("91110000600037341") == "L"


def test_a_code_whose_authority_is_a_letter_is_accepted():
    body = "N2110000MJ0000001"
    assert uscc_error(body + uscc_check_character(body)) is None


def test_a_wrong_check_character_is_named_in_the_message():
    assert uscc_error("91110000600037341M") == "校验码错误：第18位应为“L”，实际为“M”"


def test_forbidden_letters_and_lengths_are_refused():
    assert "不允许的字符" in (uscc_error("9111000060003734IL") or "")
    assert uscc_error("9111") == "应为18位，实际为4位"


def test_region_level_follows_the_shape_of_the_code():
    assert [region_level(c) for c in ("100000", "610000", "610900", "610902")] == [
        "nation",
        "province",
        "city",
        "county",
    ]


def test_industry_codes_outside_06_to_46_are_refused():
    assert industry_code_error("3670") is None
    assert industry_code_error("06") is None
    assert "不属于工业" in (industry_code_error("0511") or "")
    assert "不属于工业" in (industry_code_error("4710") or "")
    assert industry_code_error("36a") is not None


def test_python_stdnum_agrees_where_it_accepts_the_code():
    from stdnum.cn import uscc

    assert uscc.is_valid("91110000600037341L")
    assert not uscc.is_valid("91110000600037341M")
