"""The monthly import against generated and mutated files (diaodu/proof/fuzz.py): every case
ends in a correct import or a clear Chinese refusal, never an exception, a partial write or
a hang. Each example runs in a savepoint rolled back afterwards, so cases do not meet."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diaodu.enterprises.models import Industry
from diaodu.proof import fuzz
from diaodu.proof.fuzz import FuzzFile, check_import
from diaodu.regions.models import Region

pytestmark = pytest.mark.django_db

# Small examples and a deadline: the whole fuzz stays near a minute on two cores.
FUZZ = settings(
    deadline=timedelta(seconds=10),
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
    database=None,  # no .hypothesis folder in the checkout; failures print their example
    print_blob=True,
)


@contextmanager
def rolled_back() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def test_the_fuzz_codes_exist_in_the_shipped_lists():
    assert Region.objects.filter(code__in=fuzz.COUNTIES).count() == len(fuzz.COUNTIES)
    assert Industry.objects.filter(code__in=fuzz.INDUSTRIES).count() == len(fuzz.INDUSTRIES)


@settings(FUZZ, max_examples=40)
@given(table=fuzz.valid_table(), form=st.sampled_from(fuzz.FORMATS), title=st.booleans())
def test_a_valid_file_imports_whole_and_exact_in_every_format(table, form, title):
    rows, total_ytd = table
    if form == "xlsx" and not title:
        data, name = fuzz.xlsx_bytes(rows, title=False), "月报.xlsx"
    else:
        data, name = fuzz.write(rows, form)
    with rolled_back():
        result = check_import(FuzzFile(data, name, f"valid {form}", expect_rows=len(rows) - 1))
        # 万元 to 分 exactly: no binary rounding on the way, whatever the format.
        assert fuzz.stored_ytd_fen(result) == fuzz.expected_fen(total_ytd)


@settings(FUZZ, max_examples=150)
@given(case=fuzz.mutated_file())
def test_a_mutated_file_is_imported_correctly_or_refused_in_chinese_and_changes_nothing(case):
    with rolled_back():
        check_import(case)


def _earlier_rows() -> list[list[object]]:
    return [
        [fuzz.make_uscc(900_000_000 + n), f"早先{n}厂", "610921", "1311", 1, 8, 1, 7, "在库"]
        for n in range(3)
    ]


@settings(FUZZ, max_examples=20)
@given(case=fuzz.mutated_file())
def test_a_refused_file_leaves_the_earlier_import_of_the_period_untouched(case):
    """The same checks with the period already imported: a refusal must not touch it."""
    with rolled_back():
        data, name = fuzz.write([fuzz.HEADER, *_earlier_rows()], "xlsx")
        check_import(FuzzFile(data, name, "the earlier file", expect_rows=3))
        check_import(case)


# --- the big ones, one each: bounded in size so that each stays within seconds ---------------


def _one(case: FuzzFile) -> Any:
    with rolled_back():
        return check_import(case)


def _rows(count: int) -> list[list[object]]:
    return [
        [fuzz.make_uscc(n), f"企业{n}", "610902", "1311", 1, 8, 1, 7, "在库"]
        for n in range(1, count + 1)
    ]


def test_a_csv_of_100000_columns_imports_its_rows_and_ignores_the_rest():
    header = fuzz.HEADER + [f"备注{i}" for i in range(100_000 - len(fuzz.HEADER))]
    data = fuzz.csv_bytes([header, *_rows(3)])
    result = _one(FuzzFile(data, "宽.csv", "100,000 columns", expect_rows=3))
    assert len(result.report["unknown_columns"]) < 1000  # the report stays readable


def test_a_csv_bomb_of_one_endless_line_is_refused():
    data = ",".join(fuzz.HEADER).encode() + b"\n" + b"9" * 5_000_000 + b"\n"
    _one(FuzzFile(data, "长.csv", "a 5 MB line", must_fail=True))


def test_a_csv_bomb_of_many_junk_rows_is_refused_within_seconds():
    data = ",".join(fuzz.HEADER).encode() + b"\n" + b"x,y\n" * 20_000
    result = _one(FuzzFile(data, "多.csv", "20,000 junk rows", must_fail=True))
    assert len(result.errors) >= 20_000  # every row named, none silently dropped


def test_a_gbk_csv_imports_and_a_utf16_one_is_refused_in_chinese():
    rows = [fuzz.HEADER, *_rows(2)]
    _one(FuzzFile(fuzz.csv_bytes(rows, encoding="gbk"), "g.csv", "gbk", expect_rows=2))
    refused = _one(
        FuzzFile(fuzz.csv_bytes(rows, encoding="utf-16"), "u.csv", "utf-16", must_fail=True)
    )
    assert "编码" in refused.errors[0].message or "二进制" in refused.errors[0].message


@pytest.mark.slow
def test_an_xlsx_as_wide_as_excel_allows_imports_its_rows():
    """16,384 columns is Excel's limit (XFD): 100,000 columns exist only as csv."""
    header = fuzz.HEADER + [f"备注{i}" for i in range(16_384 - len(fuzz.HEADER))]
    data = fuzz.xlsx_bytes([header, *_rows(3)])
    _one(FuzzFile(data, "宽.xlsx", "16,384 columns", expect_rows=3))


@pytest.mark.slow
def test_a_many_row_xlsx_with_one_bad_cell_at_the_end_changes_nothing():
    rows = [fuzz.HEADER, *_rows(5_000)]
    rows[-1][5] = "十"
    data = fuzz.xlsx_bytes(rows)
    result = _one(FuzzFile(data, "多.xlsx", "5,000 rows, last one bad", must_fail=True))
    assert [(e.row, e.column) for e in result.errors] == [(5_002, "工业总产值本年累计（万元）")]
