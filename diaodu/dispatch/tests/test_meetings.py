"""Meetings fulfil work items; follow-up tasks; W03 counts and the quarter with no 调度会;
every change leaves an audit entry with who did it."""

import datetime as dt

import pytest

from diaodu.accounts.models import AuditEntry
from diaodu.dispatch import services
from diaodu.dispatch.models import FollowUpTask, Meeting, WorkItem
from diaodu.dispatch.services import DispatchError
from diaodu.dispatch.statistics import (
    cadence_compliance,
    missing_periods,
    overdue_items,
    overdue_tasks,
    routine_counts,
    w03_sentence,
)
from diaodu.testing import make_user, region

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2026, 11, 29)


def _monthly_meetings(user, code="610900"):
    cadence = services.create_cadence(
        by=user,
        region=region(code),
        kind="monthly",
        title="月度工业经济运行调度会",
        item_kind="meeting",
        starts_on=D(2026, 9, 1),
        today=TODAY,
    )
    services.open_due_items(D(2026, 11, 5))
    return cadence


def _meeting(user, kind, held_on, code="610900", **extra):
    return services.log_meeting(
        by=user, region=region(code), kind=kind, title=f"{held_on}会议", held_on=held_on, **extra
    )


def _audits(action, user):
    return AuditEntry.objects.filter(action=action, actor=user)


def test_a_meeting_completes_its_work_item(city_analyst):
    cadence = _monthly_meetings(city_analyst)
    item = cadence.items.get(period_key="2026-09")
    meeting = services.log_meeting(
        by=city_analyst,
        region=region("610900"),
        kind="dispatch",
        title="9月工业经济运行调度会",
        held_on=D(2026, 10, 9),
        chair="王副市长",
        attendees="各县区工信局局长",
        decisions="汉滨区10月底前完成技改项目入库",
        work_item=item,
    )
    item.refresh_from_db()
    assert (item.state, item.done_on, item.done_by) == ("done", D(2026, 10, 9), city_analyst)
    assert item.note == "由调度会“9月工业经济运行调度会”完成"
    assert meeting.work_item == item
    assert _audits("dispatch_log_meeting", city_analyst).get().target_id == str(meeting.pk)
    done = _audits("dispatch_done", city_analyst).get()
    assert (done.before["state"], done.after["state"]) == ("open", "done")
    # The item is done: a second meeting cannot complete it again.
    with pytest.raises(DispatchError, match="已完成"):
        _meeting(city_analyst, "dispatch", D(2026, 10, 12), work_item=item)


def test_a_meeting_must_fit_its_item(city_analyst, county_user):
    cadence = _monthly_meetings(city_analyst)
    item = cadence.items.get(period_key="2026-10")
    with pytest.raises(DispatchError, match="不能由调研督导完成"):
        _meeting(city_analyst, "inspection", D(2026, 11, 3), work_item=item)
    with pytest.raises(DispatchError, match="早于该期开始"):
        _meeting(city_analyst, "dispatch", D(2026, 9, 30), work_item=item)
    with pytest.raises(DispatchError, match="不属于同一地区"):
        _meeting(county_user, "dispatch", D(2026, 11, 3), code="610902", work_item=item)
    assert not Meeting.objects.exists()


def test_complete_and_skip_items_are_audited(city_analyst):
    cadence = _monthly_meetings(city_analyst)
    september, october = cadence.items.order_by("period_start")
    services.complete_item(september, by=city_analyst, on=D(2026, 10, 9), note="已研判")
    with pytest.raises(DispatchError, match="须说明原因"):
        services.skip_item(october, by=city_analyst, reason=" ")
    services.skip_item(october, by=city_analyst, reason="与季度约谈合并召开")
    assert (september.state, october.state) == ("done", "skipped")
    assert _audits("dispatch_done", city_analyst).get().after["done_on"] == "2026-10-09"
    assert _audits("dispatch_skip", city_analyst).get().after["note"] == "与季度约谈合并召开"
    assert _audits("dispatch_create_cadence", city_analyst).count() == 1
    with pytest.raises(DispatchError, match="已跳过"):
        services.complete_item(october, by=city_analyst)


def test_cadence_updates_are_audited_and_kind_is_fixed(city_analyst):
    cadence = _monthly_meetings(city_analyst)
    services.update_cadence(cadence, by=city_analyst, offset_workdays=5, active=False)
    entry = _audits("dispatch_update_cadence", city_analyst).get()
    assert (entry.before["offset_workdays"], entry.after["offset_workdays"]) == (3, 5)
    assert entry.after["active"] is False
    with pytest.raises(DispatchError, match="不能修改"):
        services.update_cadence(cadence, by=city_analyst, kind="weekly")


def test_follow_up_tasks(city_analyst):
    meeting = _meeting(city_analyst, "dispatch", D(2026, 10, 9))
    task = services.add_follow_up(
        meeting,
        by=city_analyst,
        description="协调解决富硒茶业用电增容",
        owner="汉滨区",
        due_on=D(2026, 10, 30),
    )
    with pytest.raises(DispatchError, match="早于会议日期"):
        services.add_follow_up(
            meeting, by=city_analyst, description="x", owner="y", due_on=D(2026, 10, 1)
        )
    assert list(overdue_tasks(region("610900"), TODAY)) == [task]
    services.complete_follow_up(task, by=city_analyst, on=D(2026, 11, 2), note="已增容")
    assert (task.state, task.done_on) == (FollowUpTask.State.DONE, D(2026, 11, 2))
    assert not overdue_tasks(region("610900"), TODAY).exists()
    assert _audits("dispatch_add_task", city_analyst).count() == 1
    assert _audits("dispatch_task_done", city_analyst).get().after["state"] == "done"
    with pytest.raises(DispatchError, match="已办结"):
        services.complete_follow_up(task, by=city_analyst)


def _year_of_meetings(city, county):
    _meeting(city, "dispatch", D(2026, 2, 10))  # Q1
    _meeting(city, "study", D(2026, 5, 12))  # Q2, a study session, not a 调度会
    _meeting(county, "dispatch", D(2026, 4, 15), code="610902")  # Q2, the county's own
    _meeting(county, "inspection", D(2026, 6, 3), code="610902")
    _meeting(city, "dispatch", D(2026, 8, 20))  # Q3
    _meeting(city, "dispatch", D(2025, 12, 30))  # last year: outside the window


def test_w03_counts_and_sentence(city_analyst, county_user):
    _year_of_meetings(city_analyst, county_user)
    start, end = D(2026, 1, 1), TODAY
    city = routine_counts(region("610900"), start, end)
    assert city == {"dispatch": 3, "study": 1, "inspection": 1, "summons": 0, "onsite": 0}
    assert w03_sentence(region("610900"), start, end, city) == (
        "2026年1月1日至2026年11月29日，安康市开展1次专题研究、3次调度会、1次调研督导"
    )
    county = routine_counts(region("610902"), start, end)
    assert (county["dispatch"], county["inspection"], county["study"]) == (1, 1, 0)
    county["summons"] = 2
    assert w03_sentence(region("610902"), start, end, county).endswith(
        "汉滨区开展0次专题研究、1次调度会、1次调研督导、2次约谈"
    )
    assert w03_sentence(region("610902"), start, end, county, 3).endswith(
        "2次约谈，发出3次预警提醒"
    )


def test_the_quarter_with_no_dispatch_meeting_is_flagged(city_analyst, county_user):
    _year_of_meetings(city_analyst, county_user)
    gaps = missing_periods(region("610900"), "quarterly", "dispatch", D(2026, 1, 1), TODAY)
    # Q2 had a study session and a county's 调度会, neither holds the city's rule;
    # Q4 is still under way on 29 November and is not judged.
    assert [(gap.period.key, gap.period.label, gap.held) for gap in gaps] == [
        ("2026-Q2", "2026年第二季度", 0)
    ]
    services.create_cadence(
        by=city_analyst,
        region=region("610900"),
        kind="quarterly",
        title="工业经济专班季度调度会",
        item_kind="meeting",
        starts_on=D(2026, 1, 1),
        today=TODAY,
    )
    (found,) = cadence_compliance(region("610900"), D(2026, 1, 1), TODAY)
    assert (found.rule, found.judged) == ("每季度至少一次调度会", 3)
    assert [gap.period.key for gap in found.gaps] == ["2026-Q2"]


def test_overdue_items(city_analyst):
    cadence = _monthly_meetings(city_analyst)
    # Due 10月10日 and 11月4日; on 5 November both are late, on 4 November only September.
    assert overdue_items(region("610900"), D(2026, 11, 5)).count() == 2
    assert [i.period_key for i in overdue_items(region("610900"), D(2026, 11, 4))] == ["2026-09"]
    services.complete_item(cadence.items.get(period_key="2026-09"), by=city_analyst)
    assert overdue_items(region("610902"), D(2026, 11, 5)).count() == 0


def test_who_may_write(city_analyst, county_user):
    leader = make_user("boss", role="leader", region_code="610900")
    hanyin = make_user("hanyin", role="county_user", region_code="610921")
    cadence = _monthly_meetings(county_user, code="610902")
    item = cadence.items.first()
    with pytest.raises(PermissionError, match="领导账号只读"):
        services.complete_item(item, by=leader)
    with pytest.raises(PermissionError, match="无权"):
        services.complete_item(item, by=hanyin)
    with pytest.raises(PermissionError, match="无权"):
        _monthly_meetings(county_user, code="610900")  # a county user for the whole city
    services.complete_item(item, by=city_analyst)  # the city for its counties
    assert WorkItem.objects.get(pk=item.pk).state == "done"
