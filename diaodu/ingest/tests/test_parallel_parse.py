"""A big file is parsed in two processes; the outcome must be the one-process outcome:
the same records in row order, every error in row order, duplicates across the halves."""

import pytest

from diaodu.ingest import monthly
from diaodu.ingest.readers import read_table
from diaodu.ingest.services import load_lookups
from diaodu.testing import make_uscc

from .files import HEADER, enterprise_row, write_xlsx

pytestmark = pytest.mark.django_db


def _parse(path, monkeypatch, rows_to_fork):
    monkeypatch.setattr(monthly, "PARALLEL_ROWS", rows_to_fork)
    table = read_table(path.read_bytes(), file_name=path.name)
    from diaodu.core.periods import Period

    return monthly.parse_monthly(table, lookups=load_lookups(), period=Period(2024, 8))


def test_two_processes_parse_what_one_does(tmp_path, monkeypatch):
    twice = make_uscc()
    rows = [HEADER]
    for index in range(12):
        rows.append(enterprise_row(name=f"厂{index}"))
    # rows[i] is spreadsheet row i + 2 (a title, then the header): data on rows 3–14.
    rows[3] = enterprise_row(uscc=twice)  # row 5: first half
    rows[10] = enterprise_row(uscc=twice)  # row 12: second half, a duplicate of row 5
    rows[2][5] = "八十"  # row 4: a bad figure in the first half
    rows[12][2] = "999999"  # row 14: an unknown county in the second half
    path = write_xlsx(tmp_path / "月报.xlsx", rows)
    one = _parse(path, monkeypatch, rows_to_fork=10**9)
    two = _parse(path, monkeypatch, rows_to_fork=4)
    kept = [3, 5, 6, 7, 8, 9, 10, 11, 13]
    assert [r.row for r in two.records] == [r.row for r in one.records] == kept
    assert [(e.row, e.column) for e in two.errors] == [(e.row, e.column) for e in one.errors]
    assert [e.row for e in two.errors] == [4, 12, 14]
    assert (12, "与第5行重复") in [(e.row, e.message) for e in two.errors]
    assert [e.row for e in two.errors] == sorted(e.row for e in two.errors)
    assert [r.figures for r in two.records] == [r.figures for r in one.records]
