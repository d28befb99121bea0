"""The monthly import: contracts/monthly-enterprise-report.md, on real files."""

import pytest

from diaodu.enterprises.models import DirectoryEntry, Enterprise, EnterpriseName, MonthlyFact
from diaodu.ingest.models import ImportBatch
from diaodu.ingest.services import import_monthly
from diaodu.ingest.tests.files import HEADER, enterprise_row, write_csv, write_xls, write_xlsx
from diaodu.testing import make_uscc

pytestmark = pytest.mark.django_db


def facts():
    return {
        (f.enterprise.uscc, f.period): (
            f.output_month,
            f.output_ytd,
            f.output_month_prior,
            f.output_ytd_prior,
        )
        for f in MonthlyFact.objects.select_related("enterprise")
    }


def test_a_valid_file_creates_enterprises_and_stores_figures_in_fen(tmp_path):
    a, b = make_uscc(), make_uscc()
    path = write_xlsx(
        tmp_path / "8月.xlsx",
        [HEADER, enterprise_row(a, "甲厂", month=10.5), enterprise_row(b, "乙厂", county="610921")],
    )
    result = import_monthly(path, period="2024-08")
    assert result.ok, result.errors
    # 10.5 万元 = 10,500,000 分; 80 万元 = 80,000,000 分
    assert facts()[(a, 202408)] == (10_500_000, 80_000_000, 9_000_000, 70_000_000)
    assert Enterprise.objects.get(uscc=b).county.code == "610921"
    assert result.batch.status == "accepted" and result.batch.row_count == 2
    assert len(result.batch.sha256) == 64 and result.batch.file_name == "8月.xlsx"


def test_a_file_with_one_bad_cell_changes_nothing_and_lists_every_problem(tmp_path):
    bad_uscc = make_uscc()[:17] + "0"
    good = enterprise_row()
    rows = [
        HEADER,
        good,
        enterprise_row(bad_uscc),
        enterprise_row(month="十"),
        enterprise_row(county="999999"),
    ]
    result = import_monthly(write_xlsx(tmp_path / "bad.xlsx", rows), period="2024-08")

    assert not result.ok
    assert not Enterprise.objects.exists() and not MonthlyFact.objects.exists()
    # The title is row 1 and the header row 2, so the data rows are 3 to 6.
    found = {(e.row, e.column) for e in result.errors}
    assert found == {(4, "统一社会信用代码"), (5, "工业总产值本月（万元）"), (6, "行政区划代码")}
    assert ImportBatch.objects.get().status == "rejected"


def test_a_bad_uscc_is_named_by_row_column_value_and_the_expected_check_character(tmp_path):
    code = make_uscc()
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    result = import_monthly(
        write_xlsx(tmp_path / "f.xlsx", [HEADER, enterprise_row(wrong)]), period="2024-08"
    )
    (error,) = result.errors
    assert (error.row, error.column, error.value) == (3, "统一社会信用代码", wrong)
    assert f"第18位应为“{code[17]}”" in error.message


def test_the_statistics_bureau_wording_and_units_are_understood(tmp_path):
    header = [
        "统一社会信用代码（组织机构代码）",
        "企业名称",
        "行政区划代码",
        "行业代码",
        "工业总产值（当年价格）本月（千元）",
        "工业总产值（当年价格）1—本月（千元）",
        "工业总产值上年本月（元）",
        "工业总产值上年1-本月（亿元）",
        "主营业务收入1-本月",
        "备注",
    ]
    uscc = make_uscc()
    row = [uscc, "丙厂", "610902", "3670", 1500, "12,000", 1400000, 0.0151, 95.5, "无"]
    result = import_monthly(write_xlsx(tmp_path / "统计局.xlsx", [header, row]), period="2024-08")
    assert result.ok, result.errors
    # 1500 千元 = 150 万元; 12000 千元 = 1200 万元; 1,400,000 元 = 140 万元; 0.0151 亿元 = 151 万元
    assert facts()[(uscc, 202408)] == (150_000_000, 1_200_000_000, 140_000_000, 151_000_000)
    assert MonthlyFact.objects.get().revenue_ytd == 95_500_000
    assert result.report["unknown_columns"] == ["备注"]
    assert MonthlyFact.objects.get().industry_code == "3670"  # the 4-digit form of 中类 367


def test_a_gbk_csv_from_excel_on_chinese_windows_is_read(tmp_path):
    uscc = make_uscc()
    path = write_csv(
        tmp_path / "月报.csv", [HEADER, enterprise_row(uscc, "汉滨食品厂")], encoding="gbk"
    )
    assert import_monthly(path, period="2024-08").ok
    assert Enterprise.objects.get(uscc=uscc).name == "汉滨食品厂"


def test_a_utf8_csv_with_bom_and_an_old_xls_are_read(tmp_path):
    first, second = make_uscc(), make_uscc()
    csv_path = write_csv(tmp_path / "a.csv", [HEADER, enterprise_row(first)], encoding="utf-8-sig")
    xls_path = write_xls(tmp_path / "b.xls", [HEADER, enterprise_row(second, county="610921")])
    assert import_monthly(csv_path, period="2024-08").ok
    assert import_monthly(xls_path, period="2024-08").ok
    assert set(Enterprise.objects.values_list("uscc", flat=True)) == {first, second}


def test_the_period_comes_from_the_file_and_a_mismatch_is_an_error(tmp_path):
    header = ["报告期", *HEADER]
    rows = [header, ["2024年8月", *enterprise_row()], ["202408", *enterprise_row()]]
    assert import_monthly(write_xlsx(tmp_path / "p.xlsx", rows)).report["period"] == "2024-08"
    rows = [header, ["2024-08", *enterprise_row()], ["2024-09", *enterprise_row()]]
    result = import_monthly(write_xlsx(tmp_path / "q.xlsx", rows))
    assert [(e.row, e.column) for e in result.errors] == [(4, "报告期")]
    result = import_monthly(write_xlsx(tmp_path / "r.xlsx", [HEADER, enterprise_row()]))
    assert "--period" in result.errors[0].message


def test_a_duplicate_uscc_in_one_file_is_an_error(tmp_path):
    uscc = make_uscc()
    result = import_monthly(
        write_xlsx(tmp_path / "d.xlsx", [HEADER, enterprise_row(uscc), enterprise_row(uscc)]),
        period="2024-08",
    )
    assert [(e.row, e.message) for e in result.errors] == [(4, "与第3行重复")]


def test_output_rules_ytd_at_least_month_and_no_negative_output(tmp_path):
    rows = [HEADER, enterprise_row(month=90, ytd=80), enterprise_row(month=-1)]
    result = import_monthly(write_xlsx(tmp_path / "o.xlsx", rows), period="2024-08")
    assert [(e.row, e.message) for e in result.errors] == [
        (3, "本年累计不能小于本月"),
        (4, "不能为负数"),
    ]


def test_a_retained_exit_has_zero_current_figures_and_a_prior_base(tmp_path):
    ok = enterprise_row(month=0, ytd=0, month_prior=5, ytd_prior=40, status="退库留基")
    bad = enterprise_row(month=1, ytd=1, month_prior=0, ytd_prior=0, status="退库留基")
    result = import_monthly(write_xlsx(tmp_path / "x.xlsx", [HEADER, ok, bad]), period="2024-08")
    assert [(e.row, e.message) for e in result.errors] == [
        (4, "退库留基企业的本期数应为0"),
        (4, "退库留基企业的上年同期累计应大于0"),
    ]
    assert import_monthly(write_xlsx(tmp_path / "y.xlsx", [HEADER, ok]), period="2024-08").ok
    assert DirectoryEntry.objects.get().status == "retained_exit"


def test_a_total_row_of_the_export_is_skipped_and_reported(tmp_path):
    rows = [HEADER, enterprise_row(), ["", "合计", "", "", 10, 80, 9, 70]]
    result = import_monthly(write_xlsx(tmp_path / "t.xlsx", rows), period="2024-08")
    assert result.ok and result.report["skipped_rows"] == [4]


def test_a_new_entrant_stays_new_for_the_rest_of_its_year(tmp_path):
    uscc = make_uscc()
    import_monthly(
        write_xlsx(tmp_path / "3.xlsx", [HEADER, enterprise_row(uscc, status="新入库")]),
        period="2024-03",
    )
    import_monthly(
        write_xlsx(tmp_path / "4.xlsx", [HEADER, enterprise_row(uscc)]), period="2024-04"
    )
    entry = DirectoryEntry.objects.get()
    assert (entry.year, entry.status, entry.first_period) == (2024, "new", 202403)


def test_the_directory_keeps_the_earliest_month_and_marks_a_retained_exit(tmp_path):
    """April imported before March: the entry's first month becomes March; an April
    re-import cannot move it later again; 退库留基 in May marks the entry."""
    uscc = make_uscc()

    def month(period: str, **row) -> None:
        path = write_xlsx(tmp_path / f"{period}.xlsx", [HEADER, enterprise_row(uscc, **row)])
        assert import_monthly(path, period=period).ok

    month("2024-04")
    month("2024-03")
    month("2024-04")
    entry = DirectoryEntry.objects.get()
    assert (entry.status, entry.first_period) == ("in", 202403)
    month("2024-05", status="退库留基", month=0, ytd=0)
    entry.refresh_from_db()
    assert (entry.status, entry.first_period) == ("retained_exit", 202403)


def test_a_renamed_enterprise_keeps_its_name_history(tmp_path):
    uscc = make_uscc()
    import_monthly(
        write_xlsx(tmp_path / "7.xlsx", [HEADER, enterprise_row(uscc, "旧名厂")]), period="2024-07"
    )
    import_monthly(
        write_xlsx(tmp_path / "8.xlsx", [HEADER, enterprise_row(uscc, "新名公司")]),
        period="2024-08",
    )
    assert list(EnterpriseName.objects.values_list("name", "first_period")) == [
        ("旧名厂", 202407),
        ("新名公司", 202408),
    ]
    assert Enterprise.objects.get().name == "新名公司"


def test_an_enterprise_filed_under_a_retired_code_lands_on_its_successor(tmp_path):
    from diaodu.regions.services import SHIPPED_REGION_LIST, load_region_list, parse_region_list

    with SHIPPED_REGION_LIST.open(encoding="utf-8") as lines:
        entries = parse_region_list(lines)
    entries["610985"] = entries.pop("610924")
    load_region_list(entries, list_name="2025", renames={"610924": "610985"})
    uscc = make_uscc()
    result = import_monthly(
        write_xlsx(tmp_path / "z.xlsx", [HEADER, enterprise_row(uscc, county="610924")]),
        period="2024-08",
    )
    assert result.ok
    assert Enterprise.objects.get(uscc=uscc).county.code == "610985"


def test_a_province_code_is_not_a_county(tmp_path):
    result = import_monthly(
        write_xlsx(tmp_path / "c.xlsx", [HEADER, enterprise_row(county="610900")]), period="2024-08"
    )
    assert "不能是省、市代码" in result.errors[0].message


def test_a_non_industrial_or_unknown_industry_code_is_refused(tmp_path):
    rows = [HEADER, enterprise_row(industry="5110"), enterprise_row(industry="1318")]
    result = import_monthly(write_xlsx(tmp_path / "i.xlsx", rows), period="2024-08")
    assert ["不属于工业" in e.message for e in result.errors] == [True, False]
    assert "没有这个代码" in result.errors[1].message


def test_damaged_and_empty_files_get_a_message_not_a_traceback(tmp_path):
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not a workbook")
    empty = tmp_path / "空.csv"
    empty.write_bytes(b"")
    assert "无法读取Excel文件" in import_monthly(broken, period="2024-08").errors[0].message
    assert import_monthly(empty, period="2024-08").errors[0].message == "文件是空的"
    assert not MonthlyFact.objects.exists()


def test_a_missing_required_column_is_named(tmp_path):
    header = [h for h in HEADER if not h.startswith("工业总产值上年同期累计")]
    result = import_monthly(
        write_xlsx(tmp_path / "m.xlsx", [header, [*enterprise_row()[:7], "在库"]]), period="2024-08"
    )
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "工业总产值上年同期累计", "缺少必填列")
    ]


def test_a_nul_character_is_refused_by_name_and_the_report_is_stored(tmp_path):
    """PostgreSQL cannot store NUL in text or JSON: a name with one is a bad cell, and the
    refused file's report shows it as ␀ (stored on both databases, nothing else written)."""
    a = make_uscc()
    path = write_xls(tmp_path / "8月.xls", [HEADER, enterprise_row(a, "甲\x00厂")])
    result = import_monthly(path, period="2024-08", file_name="8\x00月.xls")
    assert not result.ok
    [error] = result.errors
    assert (error.row, error.column, error.value) == (3, "单位详细名称", "甲␀厂")  # row 1: title
    stored = ImportBatch.objects.get(pk=result.batch.pk)
    assert stored.file_name == "8␀月.xls" and stored.status == "rejected"
    assert stored.report["errors"][0]["value"] == "甲␀厂"
    assert not Enterprise.objects.exists() and not MonthlyFact.objects.exists()
    refused = import_monthly(path, period="2024-\x0008")
    assert "␀" in refused.batch.report["errors"][0]["value"]


def test_a_fact_naming_a_county_that_does_not_exist_rolls_the_import_back(tmp_path, monkeypatch):
    """The database does not check facts' counties row by row, and the counties were
    looked up before the import's transaction: the import checks them once more, and
    the whole batch goes (a defect or a region deleted meanwhile, never a user's file)."""
    from django.db import IntegrityError

    from diaodu.ingest import services
    from diaodu.ingest.monthly import Lookups

    real = services.load_lookups()
    broken = Lookups(
        region_by_code={**real.region_by_code, "610902": 10**9},  # a region id nobody has
        fact_regions=real.fact_regions | {10**9},
        industries=real.industries,
    )
    monkeypatch.setattr(services, "load_lookups", lambda: broken)
    path = write_xlsx(tmp_path / "8月.xlsx", [HEADER, enterprise_row(), enterprise_row()])
    with pytest.raises(IntegrityError, match="不存在的地区"):
        import_monthly(path, period="2024-08")
    assert not MonthlyFact.objects.exists() and not Enterprise.objects.exists()
    assert not ImportBatch.objects.filter(status="accepted").exists()


def test_a_records_figures_are_in_the_fact_tables_column_order():
    """The writer copies a record's amounts into the fact's row as they are."""
    from diaodu.enterprises.models import FACT_FIGURE_FIELDS
    from diaodu.ingest.monthly import FIGURES

    assert FIGURES == FACT_FIGURE_FIELDS[4:]
