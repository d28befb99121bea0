"""A re-imported period replaces the counties in the file and keeps the old figures."""

import pytest
from django.core.management import CommandError, call_command

from diaodu.enterprises.models import MonthlyFact, MonthlyFactHistory
from diaodu.ingest.services import RollbackError, import_monthly, rollback_batch
from diaodu.ingest.tests.files import HEADER, enterprise_row, write_xlsx
from diaodu.testing import make_uscc

pytestmark = pytest.mark.django_db


@pytest.fixture
def first_import(tmp_path):
    e1, e2, e3 = make_uscc(), make_uscc(), make_uscc()
    rows = [
        HEADER,
        enterprise_row(e1, "甲", county="610902", ytd=80, ytd_prior=70),
        enterprise_row(e2, "乙", county="610902", ytd=50, ytd_prior=50),
        enterprise_row(e3, "丙", county="610921", ytd=30, ytd_prior=20),
    ]
    batch = import_monthly(write_xlsx(tmp_path / "v1.xlsx", rows), period="2024-08").batch
    return batch, (e1, e2, e3)


def current():
    return dict(MonthlyFact.objects.values_list("enterprise__uscc", "output_ytd"))


def reimport_hanbin(tmp_path, e1):
    rows = [HEADER, enterprise_row(e1, "甲", county="610902", ytd=88, ytd_prior=70)]
    return import_monthly(write_xlsx(tmp_path / "v2.xlsx", rows), period="2024-08")


def test_a_reimport_replaces_only_the_counties_in_the_file(tmp_path, first_import):
    _, (e1, e2, e3) = first_import
    reimport_hanbin(tmp_path, e1)
    assert current() == {e1: 88_000_000, e3: 30_000_000}  # 乙 gone from 汉滨区; 汉阴县 untouched
    history = dict(MonthlyFactHistory.objects.values_list("enterprise__uscc", "output_ytd"))
    assert history == {e1: 80_000_000, e2: 50_000_000}


def test_the_report_names_removed_and_changed_enterprises_and_the_growth_move(
    tmp_path, first_import
):
    _, (e1, e2, _) = first_import
    report = reimport_hanbin(tmp_path, e1).report
    assert [r["uscc"] for r in report["removed"]] == [e2]
    assert [(c["uscc"], c["old_output_ytd"], c["new_output_ytd"]) for c in report["changed"]] == [
        (e1, "80.000000", "88.000000"),
    ]
    moves = {m["code"]: (m["growth_before"], m["growth_after"]) for m in report["growth_moves"]}
    # 汉滨区: (80+50)/(70+50) − 1 = 8.3333%  →  88/70 − 1 = 25.7143%
    # 安康市: (80+50+30)/(70+50+20) − 1 = 14.2857%  →  (88+30)/(70+20) − 1 = 31.1111%
    assert moves == {"610902": ("8.3333", "25.7143"), "610900": ("14.2857", "31.1111")}


def test_rolling_back_the_reimport_restores_the_first_version(tmp_path, first_import):
    _, (e1, e2, e3) = first_import
    second = reimport_hanbin(tmp_path, e1).batch
    rollback_batch(batch=second)
    assert current() == {e1: 80_000_000, e2: 50_000_000, e3: 30_000_000}
    second.refresh_from_db()
    assert second.status == "rolled_back"
    # The rolled-back figures are kept too, marked by their own batch.
    assert list(
        MonthlyFactHistory.objects.filter(batch=second).values_list("output_ytd", flat=True)
    ) == [88_000_000]


def test_an_earlier_batch_cannot_be_rolled_back_under_a_later_one(tmp_path, first_import):
    first, (e1, _, _) = first_import
    reimport_hanbin(tmp_path, e1)
    with pytest.raises(RollbackError, match="请先撤销后面的批次"):
        rollback_batch(batch=first)


def test_the_cli_rolls_back_only_with_yes(tmp_path, first_import):
    first, _ = first_import
    with pytest.raises(CommandError, match="--yes"):
        call_command("import", "rollback", str(first.pk))
    call_command("import", "rollback", str(first.pk), "--yes")
    assert not MonthlyFact.objects.exists()


def test_the_cli_exits_non_zero_and_prints_every_bad_cell(tmp_path, capsys):
    path = write_xlsx(
        tmp_path / "bad.xlsx", [HEADER, enterprise_row(month="x"), enterprise_row(county="1")]
    )
    with pytest.raises(CommandError, match="共2处错误，数据未做任何改动"):
        call_command("import", "monthly", str(path), "--period", "2024-08")
    err = capsys.readouterr().err
    assert "第3行 列“工业总产值本月（万元）” 值“x”：不是数字" in err
    assert "第4行 列“行政区划代码” 值“1”" in err


def test_the_cli_prints_the_import_report(tmp_path, capsys):
    path = write_xlsx(tmp_path / "ok.xlsx", [HEADER, enterprise_row()])
    call_command("import", "monthly", str(path), "--period", "2024-08")
    out = capsys.readouterr().out
    assert "导入成功" in out and "新建企业1户" in out
