"""The periods a cadence opens for a given day, with due dates worked out by hand on the
2026 calendar, and the tick run twice in a row.

2026 holidays that matter here: 9月25—27日 (中秋), 10月1—7日 (国庆), 10月10日 (Saturday) is
a working day; 4月4—6日 (清明) off."""

import datetime as dt
import io
import zoneinfo

import pytest
from django.core.management import CommandError, call_command

from diaodu.accounts.models import AuditEntry
from diaodu.dispatch import jobs
from diaodu.dispatch.models import Cadence, TickRun, WorkItem
from diaodu.dispatch.periods import ended_periods, period_containing, whole_periods
from diaodu.dispatch.services import DispatchError, create_cadence, open_due_items
from diaodu.dispatch.tick import OPEN_ITEMS, run_tick, tick
from diaodu.testing import region

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
D = dt.date


def _cadence(user, kind, starts_on, *, offset=3, item_kind="analysis", code="610900"):
    return create_cadence(
        by=user,
        region=region(code),
        kind=kind,
        title={"weekly": "周分析", "dekad": "旬研判", "monthly": "月度工业经济运行调度会"}.get(
            kind, "季度约谈"
        ),
        item_kind=item_kind,
        offset_workdays=offset,
        starts_on=starts_on,
        today=D(2026, 11, 29),
    )


def _items(cadence):
    return [
        (item.period_key, item.period_start, item.period_end, item.due_on)
        for item in cadence.items.order_by("period_start")
    ]


def test_period_keys_and_bounds():
    assert period_containing("weekly", D(2026, 11, 25)).key == "2026-W48"
    # 2027-01-01 is a Friday of ISO week 53 of 2026: the week is not split at New Year.
    week = period_containing("weekly", D(2027, 1, 1))
    assert (week.key, week.start, week.end) == ("2026-W53", D(2026, 12, 28), D(2027, 1, 3))
    dekad = period_containing("dekad", D(2026, 2, 28))
    assert (dekad.key, dekad.start, dekad.end, dekad.label) == (
        "2026-02-3",
        D(2026, 2, 21),
        D(2026, 2, 28),
        "2026年2月下旬",
    )
    assert period_containing("monthly", D(2026, 11, 5)).label == "2026年11月"
    quarter = period_containing("quarterly", D(2026, 11, 5))
    assert (quarter.key, quarter.start, quarter.end) == ("2026-Q4", D(2026, 10, 1), D(2026, 12, 31))


def test_only_ended_and_whole_periods():
    # The month of the start counts; November has not ended on 5 November.
    assert [p.key for p in ended_periods("monthly", D(2026, 9, 15), D(2026, 11, 5))] == [
        "2026-09",
        "2026-10",
    ]
    # A month ends at the end of its last day: on 1 December November is over.
    assert ended_periods("monthly", D(2026, 11, 1), D(2026, 12, 1))[-1].key == "2026-11"
    assert ended_periods("monthly", D(2026, 11, 1), D(2026, 11, 30)) == []
    # Compliance judges whole quarters only: Q4 is still under way on 29 November.
    assert [p.key for p in whole_periods("quarterly", D(2026, 1, 1), D(2026, 11, 29))] == [
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
    ]
    assert [p.key for p in whole_periods("quarterly", D(2026, 2, 10), D(2026, 12, 31))] == [
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
    ]


def test_monthly_cadence_opens_september_and_october(city_analyst):
    cadence = _cadence(city_analyst, "monthly", D(2026, 9, 1))
    assert open_due_items(D(2026, 11, 5)) == 2
    # 9月30日 (Wed) + 3 working days: 10月8日, 9日, 10日 (the Saturday worked for 国庆).
    # 10月31日 (Sat) + 3: 11月2日, 3日, 4日.
    assert _items(cadence) == [
        ("2026-09", D(2026, 9, 1), D(2026, 9, 30), D(2026, 10, 10)),
        ("2026-10", D(2026, 10, 1), D(2026, 10, 31), D(2026, 11, 4)),
    ]
    item = cadence.items.get(period_key="2026-09")
    assert item.title == "月度工业经济运行调度会（2026年9月）"
    assert item.state == WorkItem.State.OPEN and not item.due_provisional


def test_weekly_cadence_opens_ended_iso_weeks(city_analyst):
    cadence = _cadence(city_analyst, "weekly", D(2026, 9, 21), offset=2)
    assert open_due_items(D(2026, 10, 12)) == 3
    # 9月27日 (Sun) + 2: 28日, 29日.  10月4日 (Sun) + 2: 5—7日 国庆, so 8日, 9日.
    # 10月11日 (Sun) + 2: 12日, 13日.  The week of 12 October has not ended: not opened.
    assert _items(cadence) == [
        ("2026-W39", D(2026, 9, 21), D(2026, 9, 27), D(2026, 9, 29)),
        ("2026-W40", D(2026, 9, 28), D(2026, 10, 4), D(2026, 10, 9)),
        ("2026-W41", D(2026, 10, 5), D(2026, 10, 11), D(2026, 10, 13)),
    ]


def test_dekad_cadence_opens_each_ended_xun(city_analyst):
    cadence = _cadence(city_analyst, "dekad", D(2026, 9, 25), offset=1)
    assert open_due_items(D(2026, 10, 21)) == 3
    # 9月下旬 ends 30日 + 1: 10月8日.  10月上旬 ends 10日 (a working Saturday) + 1: 11日 is
    # Sunday, so 12日.  10月中旬 ends 20日 (Tue) + 1: 21日.
    assert _items(cadence) == [
        ("2026-09-3", D(2026, 9, 21), D(2026, 9, 30), D(2026, 10, 8)),
        ("2026-10-1", D(2026, 10, 1), D(2026, 10, 10), D(2026, 10, 12)),
        ("2026-10-2", D(2026, 10, 11), D(2026, 10, 20), D(2026, 10, 21)),
    ]


def test_quarterly_cadence_opens_ended_quarters(city_analyst):
    cadence = _cadence(city_analyst, "quarterly", D(2026, 2, 10), offset=5, item_kind="summons")
    assert open_due_items(D(2026, 10, 8)) == 3
    # 3月31日 (Tue) + 5: 4月1—3日, then 7日, 8日 (4—6日 清明).  6月30日 (Tue) + 5: 7月1—3日,
    # 6日, 7日.  9月30日 + 5: 10月8日, 9日, 10日, 12日, 13日.
    assert _items(cadence) == [
        ("2026-Q1", D(2026, 1, 1), D(2026, 3, 31), D(2026, 4, 8)),
        ("2026-Q2", D(2026, 4, 1), D(2026, 6, 30), D(2026, 7, 7)),
        ("2026-Q3", D(2026, 7, 1), D(2026, 9, 30), D(2026, 10, 13)),
    ]


def test_inactive_or_new_cadences_open_nothing(city_analyst):
    stopped = _cadence(city_analyst, "monthly", D(2026, 9, 1))
    stopped.active = False
    stopped.save()
    _cadence(city_analyst, "monthly", D(2026, 11, 5))
    assert open_due_items(D(2026, 11, 5)) == 0
    assert not WorkItem.objects.exists()


def test_a_cadence_never_backfills_years(city_analyst):
    with pytest.raises(DispatchError, match="不补建"):
        _cadence(city_analyst, "monthly", D(2025, 11, 1))


def test_tick_twice_in_a_row_does_nothing_the_second_time(city_analyst):
    cadence = _cadence(city_analyst, "monthly", D(2026, 9, 1))
    # 00:30 in Beijing is still 4 November in UTC: the tick acts for the local day.
    now = dt.datetime(2026, 11, 5, 0, 30, tzinfo=SHANGHAI)
    assert tick(now)[OPEN_ITEMS] == 2
    opened_audits = AuditEntry.objects.filter(action="dispatch_open_item").count()
    # Every job, other apps' registered ones too, finds nothing left to do.
    second = tick(now + dt.timedelta(minutes=5))
    assert second[OPEN_ITEMS] == 0 and set(second.values()) == {0}
    assert cadence.items.count() == 2
    assert AuditEntry.objects.filter(action="dispatch_open_item").count() == opened_audits == 2
    first_run, second_run = TickRun.objects.order_by("id")
    assert (first_run.today, first_run.opened, second_run.opened) == (D(2026, 11, 5), 2, 0)
    assert second_run.finished_at is not None and second_run.errors == {}


def test_tick_runs_registered_jobs_and_survives_a_broken_one(city_analyst, monkeypatch):
    def broken(today):
        # Its write is rolled back with it; the other job and the items stay.
        Cadence.objects.update(title="被改写")
        raise RuntimeError("规则表缺失")

    monkeypatch.setattr(jobs, "JOBS", [])
    jobs.register_job("预警规则", broken)
    jobs.register_job("测试任务", lambda today: today.day)
    jobs.register_job("测试任务", lambda today: today.month)  # replaces, never twice
    _cadence(city_analyst, "monthly", D(2026, 9, 1))
    run = run_tick(dt.datetime(2026, 11, 5, 9, tzinfo=SHANGHAI))
    assert run.summary == {OPEN_ITEMS: 2, "测试任务": 11}
    assert run.errors == {"预警规则": "RuntimeError: 规则表缺失"}
    assert Cadence.objects.get().title == "月度工业经济运行调度会"
    assert WorkItem.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_tick_lock_is_taken_in_its_own_transaction(city_analyst):
    """Outside a test transaction too (as cron runs it): the lock row is created once."""
    _cadence(city_analyst, "monthly", D(2026, 9, 1))
    now = dt.datetime(2026, 11, 5, 9, tzinfo=SHANGHAI)
    assert [tick(now)[OPEN_ITEMS] for _ in range(3)] == [2, 0, 0]


def test_the_tick_command_prints_the_summary_in_chinese(city_analyst):
    _cadence(city_analyst, "monthly", D(2026, 9, 1))
    out = io.StringIO()
    call_command("tick", "--date", "2026-11-05", stdout=out)
    assert "定时任务（2026-11-05）：新开调度事项2项" in out.getvalue()
    out = io.StringIO()
    call_command("tick", "--date", "2026-11-05", stdout=out)
    assert "新开调度事项0项" in out.getvalue()
    with pytest.raises(CommandError, match="晚于今天"):
        call_command("tick", "--date", "2999-01-01")
    with pytest.raises(CommandError, match="应写作"):
        call_command("tick", "--date", "11/05")
