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


# --- a big sheet read in two halves (readers.read_half), each half parsed where it was read


def _outcome(parsed):
    return (
        [(r.row, r.uscc, r.name, r.county_id, r.figures) for r in parsed.records],
        [(e.row, e.column, e.value, e.message) for e in parsed.errors],
        parsed.skipped_rows,
        parsed.period,
    )


def _read_both_ways(path, monkeypatch, period=None, sheet=None):
    """The outcome of reading the file whole and of reading it in halves (the threshold
    lowered so that a small file is split); the split must have happened."""
    from diaodu.ingest import readers

    data, lookups = path.read_bytes(), load_lookups()

    def read(threshold):
        monkeypatch.setattr(readers, "SPLIT_SHEET_BYTES", threshold)
        return monthly.read_and_parse_monthly(
            data, file_name=path.name, sheet=sheet, lookups=lookups, period=period
        )

    assert readers.splittable_sheet(data, sheet) is None  # small: read whole by default
    monkeypatch.setattr(readers, "SPLIT_SHEET_BYTES", 0)
    split = readers.splittable_sheet(data, sheet)
    assert split is not None
    first, second = readers.read_half(split, 0), readers.read_half(split, 1)
    assert first is not None and second is not None
    assert first[1] == 1 and second[1] == len(first[0]) + 1  # the halves meet
    whole = read(10**12)
    halves = read(0)
    return whole, halves


def _rows_with_problems_in_both_halves():
    twice = make_uscc()
    rows: list[list[object]] = [list(HEADER)]
    for index in range(30):
        rows.append(enterprise_row(name=f"厂{index}", month=index + 1, ytd=index * 8 + 8))
    rows[4] = enterprise_row(uscc=twice)  # row 6, first half
    rows[25] = enterprise_row(uscc=twice)  # row 27, second half: a duplicate of row 6
    rows[3][5] = "八十"  # row 5: a bad figure in the first half
    rows[28][2] = "999999"  # row 30: an unknown county in the second half
    rows[20][4] = 12.3456  # a figure with more decimals than 分 in the second half
    return rows


def test_a_sheet_read_in_halves_gives_what_the_whole_read_gives(tmp_path, monkeypatch):
    from diaodu.core.periods import Period

    path = write_xlsx(tmp_path / "月报.xlsx", _rows_with_problems_in_both_halves())
    whole, halves = _read_both_ways(path, monkeypatch, period=Period(2024, 8))
    assert halves == whole and whole[0] == "Sheet"
    records, errors, _, _ = _outcome(halves[1])
    assert _outcome(halves[1]) == _outcome(whole[1])
    assert [e[0] for e in errors] == [5, 27, 30] and len(records) == 27  # 30 rows, 3 refused


def test_without_period_the_second_half_hands_its_rows_over(tmp_path, monkeypatch):
    """The rows fix the period (no --period): the first half parses every row in order,
    so a period that differs in the second half is an error there, as in a whole read."""
    rows = [[*HEADER, "报告期"]] + [
        [*enterprise_row(name=f"厂{index}"), "2024-08"] for index in range(30)
    ]
    rows[26][-1] = "2024-09"  # row 28
    path = write_xlsx(tmp_path / "月报.xlsx", rows)
    whole, halves = _read_both_ways(path, monkeypatch)
    assert _outcome(halves[1]) == _outcome(whole[1])
    assert [(e.row, e.column) for e in halves[1].errors] == [(28, "报告期")]


def test_a_half_whose_first_column_is_empty_keeps_its_cells_in_place(tmp_path, monkeypatch):
    """calamine starts a half at its first non-empty column; the cells must not shift."""
    from diaodu.core.periods import Period

    rows = [HEADER] + [enterprise_row(name=f"厂{index}") for index in range(30)]
    for row in rows[16:]:
        row[0] = None  # the second half has no codes: every row an error, in place
    path = write_xlsx(tmp_path / "月报.xlsx", rows)
    whole, halves = _read_both_ways(path, monkeypatch, period=Period(2024, 8))
    assert _outcome(halves[1]) == _outcome(whole[1])
    assert {e.column for e in halves[1].errors} == {"统一社会信用代码"}


def test_a_named_sheet_is_split_and_an_unknown_one_is_reported_by_the_whole_read(
    tmp_path, monkeypatch
):
    from diaodu.core.periods import Period
    from diaodu.ingest import readers
    from diaodu.ingest.readers import ReadError

    path = write_xlsx(tmp_path / "月报.xlsx", _rows_with_problems_in_both_halves())
    whole, halves = _read_both_ways(path, monkeypatch, period=Period(2024, 8), sheet="Sheet")
    assert _outcome(halves[1]) == _outcome(whole[1])
    monkeypatch.setattr(readers, "SPLIT_SHEET_BYTES", 0)
    with pytest.raises(ReadError, match="找不到工作表“八月”"):
        monthly.read_and_parse_monthly(
            path.read_bytes(), file_name=path.name, sheet="八月", lookups=load_lookups(),
            period=Period(2024, 8),
        )  # fmt: skip


def test_an_import_of_halves_stores_the_same_facts(tmp_path, monkeypatch):
    from diaodu.enterprises.models import MonthlyFact
    from diaodu.ingest import readers
    from diaodu.ingest.services import import_monthly

    rows = [HEADER] + [enterprise_row(name=f"厂{i}", month=i + 1, ytd=9 * i + 9) for i in range(40)]
    path = write_xlsx(tmp_path / "月报.xlsx", rows)
    monkeypatch.setattr(readers, "SPLIT_SHEET_BYTES", 0)
    result = import_monthly(path, period="2024-08")
    assert result.ok, result.errors
    stored = sorted(
        MonthlyFact.objects.values_list("enterprise__uscc", "output_month", "output_ytd")
    )
    expected = sorted(
        (r[0], (i + 1) * 1_000_000, (9 * i + 9) * 1_000_000) for i, r in enumerate(rows[1:])
    )
    assert stored == expected  # 万元 → 分


def test_rows_without_their_numbers_are_read_whole(tmp_path, monkeypatch):
    """A writer that leaves out <row r="…">: the cut is not made, the file is read whole."""
    import re
    import zipfile

    from diaodu.core.periods import Period
    from diaodu.ingest import readers

    plain = write_xlsx(tmp_path / "有编号.xlsx", _rows_with_problems_in_both_halves())
    unnumbered = tmp_path / "无编号.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(unnumbered, "w") as copy:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                content = re.sub(rb'<row r="\d+"', b"<row", content)
            copy.writestr(info, content)
    monkeypatch.setattr(readers, "SPLIT_SHEET_BYTES", 0)
    split = readers.splittable_sheet(unnumbered.read_bytes(), None)
    assert split is not None and readers.read_half(split, 1) is None
    lookups, period = load_lookups(), Period(2024, 8)
    got = monthly.read_and_parse_monthly(
        unnumbered.read_bytes(), file_name="无编号.xlsx", sheet=None, lookups=lookups, period=period
    )
    monkeypatch.setattr(readers, "SPLIT_SHEET_BYTES", 10**12)
    expected = monthly.read_and_parse_monthly(
        plain.read_bytes(), file_name="有编号.xlsx", sheet=None, lookups=lookups, period=period
    )
    assert _outcome(got[1]) == _outcome(expected[1])
