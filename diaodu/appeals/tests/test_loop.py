"""The closed loop, step by step, on the 2026 calendar (deadlines worked out by hand)."""

import datetime as dt

import pytest

from diaodu.accounts.models import Unit
from diaodu.appeals import services
from diaodu.appeals.models import Appeal, AppealEvent, Category, RoutingLimit, TimeLimit
from diaodu.appeals.services import AppealError, DuplicateSuspected
from diaodu.testing import make_enterprise, make_user, region

D = dt.date


@pytest.fixture
def world(db):
    TimeLimit.objects.filter(difficulty="general", category=None).update(amount=5)
    land = Unit.objects.create(name="市自然资源局", region=region("610900"))
    hr = Unit.objects.create(name="市人社局", region=region("610900"))
    return {
        "city": make_user("city", role="city_analyst", region_code="610900"),
        "hanbin": make_user("hanbin", role="county_user", region_code="610902"),
        "hanyin": make_user("hanyin", role="county_user", region_code="610921"),
        "land_user": make_user("land", role="unit", region_code="610900", unit=land),
        "hr_user": make_user("hr", role="unit", region_code="610900", unit=hr),
        "leader": make_user("boss", role="leader", region_code="610900"),
        "land": land,
        "hr": hr,
        "enterprise": make_enterprise(county="610902", name="安康富硒茶业有限公司"),
        "funds": Category.objects.get(name="资金保障"),
    }


def _register(world, by=None, **extra):
    fields = {
        "by": by or world["city"],
        "title": "流动资金贷款到期续贷困难",
        "category": world["funds"],
        "received_on": D(2026, 2, 10),
        "source": "forum",
        "enterprise": world["enterprise"],
    }
    return services.register_appeal(**{**fields, **extra})


def test_assignment_counts_working_days_over_the_spring_festival(world):
    appeal = _register(world)
    assert appeal.number == "SQ202600001"
    assert appeal.county.code == "610902"
    services.assign(appeal, lead_unit=world["land"], on=D(2026, 2, 12), by=world["city"])
    # Thu 12 Feb + 5 working days: 13, Sat 14 (调休), 24, 25, 26.
    assert appeal.due_on == D(2026, 2, 26)
    assert appeal.stage == Appeal.Stage.ASSIGNED


def test_overdue_needs_a_written_explanation_before_anything_else(world):
    appeal = _register(world)
    services.assign(appeal, lead_unit=world["land"], on=D(2026, 2, 12), by=world["city"])
    late = D(2026, 3, 2)  # after the deadline of 26 Feb
    assert appeal.is_overdue(late) and appeal.needs_explanation(late)
    for step in (
        lambda: services.reply(
            appeal, outcome="resolved", text="已续贷", on=late, by=world["land_user"]
        ),
        lambda: services.add_note(appeal, text="对接银行", on=late, by=world["land_user"]),
        lambda: services.supervise(appeal, on=late, by=world["city"]),
    ):
        with pytest.raises(AppealError, match="须由承办单位先提交书面说明"):
            step()
    services.submit_explanation(
        appeal, text="涉及银行授信审批，周期较长", on=late, by=world["land_user"]
    )
    # 督办 with 10 more working days from Mon 2 Mar: 3,4,5,6,9,10,11,12,13,16 → 16 Mar.
    services.supervise(appeal, on=late, by=world["city"], text="督查室督办")
    assert appeal.stage == Appeal.Stage.SUPERVISED
    assert appeal.supervised_due_on == D(2026, 3, 16)
    services.reply(
        appeal, outcome="resolved", text="已续贷", on=D(2026, 3, 10), by=world["land_user"]
    )
    # Answered within the 督办 deadline, but not by the first one: not on time.
    assert appeal.replied_in_time is False
    # The supervised deadline missed too would need a second explanation.
    kinds = list(appeal.events.values_list("kind", flat=True))
    assert kinds == ["register", "assign", "explain", "supervise", "reply"]


def test_a_missed_supervision_deadline_needs_another_explanation(world):
    appeal = _register(world)
    services.assign(appeal, lead_unit=world["land"], on=D(2026, 2, 12), by=world["city"])
    services.submit_explanation(appeal, text="说明一", on=D(2026, 3, 2), by=world["land_user"])
    services.supervise(appeal, on=D(2026, 3, 2), by=world["city"], due_on=D(2026, 3, 6))
    assert not appeal.needs_explanation(D(2026, 3, 6))
    assert appeal.needs_explanation(D(2026, 3, 9))


def test_close_with_satisfaction_and_reopen_counts(world):
    appeal = _register(world)
    services.assign(appeal, lead_unit=world["land"], on=D(2026, 2, 12), by=world["city"])
    with pytest.raises(AppealError, match="只有已答复的诉求可以销号"):
        services.close(appeal, satisfaction="satisfied", on=D(2026, 2, 13), by=world["city"])
    services.reply(
        appeal,
        outcome="explained",
        text="不符合贴息条件，已解释",
        on=D(2026, 2, 24),
        by=world["land_user"],
    )
    assert appeal.replied_in_time is True
    with pytest.raises(AppealError, match="满意度"):
        services.close(appeal, satisfaction="", on=D(2026, 2, 25), by=world["city"])
    services.close(appeal, satisfaction="unsatisfied", on=D(2026, 2, 25), by=world["hanbin"])
    assert appeal.stage == Appeal.Stage.CLOSED
    services.reopen(appeal, reason="企业不满意，重新协调", on=D(2026, 3, 2), by=world["city"])
    assert appeal.reopen_count == 1
    assert appeal.outcome == Appeal.Outcome.OPEN and appeal.replied_on is None
    # A new time limit from Mon 2 Mar: 3, 4, 5, 6, 9 → 9 Mar.
    assert appeal.due_on == D(2026, 3, 9)


def test_the_unit_declines_and_the_office_reassigns_with_a_reason(world):
    appeal = _register(world)
    services.assign(appeal, lead_unit=world["land"], on=D(2026, 2, 12), by=world["city"])
    services.decline(appeal, reason="属人社部门职责", on=D(2026, 2, 13), by=world["land_user"])
    assert appeal.stage == Appeal.Stage.REGISTERED
    with pytest.raises(AppealError, match="改派须说明原因"):
        services.assign(appeal, lead_unit=world["hr"], on=D(2026, 2, 13), by=world["city"])
    services.assign(
        appeal, lead_unit=world["hr"], on=D(2026, 2, 13), by=world["city"], reason="属人社部门职责"
    )
    # Fri 13 Feb + 5: Sat 14 (调休), 24, 25, 26, 27.
    assert appeal.due_on == D(2026, 2, 27)
    assert appeal.events.filter(kind=AppealEvent.Kind.REASSIGN).count() == 2


def test_who_may_do_what(world):
    appeal = _register(world, by=world["hanbin"])
    with pytest.raises(PermissionError):
        _register(world, by=world["hanyin"], title="另一个问题", allow_duplicate=True)
    with pytest.raises(PermissionError):
        services.assign(appeal, lead_unit=world["land"], on=D(2026, 2, 12), by=world["leader"])
    services.assign(appeal, lead_unit=world["land"], on=D(2026, 2, 12), by=world["hanbin"])
    with pytest.raises(PermissionError):
        services.reply(appeal, outcome="resolved", text="x", on=D(2026, 2, 13), by=world["hr_user"])
    with pytest.raises(PermissionError):  # 督办 is the city's, not the county's
        services.supervise(appeal, on=D(2026, 2, 13), by=world["hanbin"])
    assert list(services.visible_appeals(world["land_user"])) == [appeal]
    assert list(services.visible_appeals(world["hr_user"])) == []
    assert list(services.visible_appeals(world["hanyin"])) == []
    assert list(services.visible_appeals(world["hanbin"])) == [appeal]
    assert list(services.visible_appeals(world["city"])) == [appeal]


def test_near_identical_appeal_is_offered_as_a_duplicate(world):
    first = _register(world)
    with pytest.raises(DuplicateSuspected) as raised:
        _register(world, title="流动资金贷款到期续贷困难！", received_on=D(2026, 3, 1))
    assert raised.value.candidates == [first]
    assert "SQ202600001" in str(raised.value)
    # A different problem of the same enterprise is not a duplicate.
    other = _register(world, title="新厂房用地指标未落实", received_on=D(2026, 3, 1))
    assert other.number == "SQ202600002"
    # Confirmed as not a duplicate, it is registered.
    _register(
        world, title="流动资金贷款到期续贷困难！", allow_duplicate=True, received_on=D(2026, 3, 1)
    )


def test_dates_run_forward(world):
    appeal = _register(world)
    with pytest.raises(AppealError, match="早于上一办理环节"):
        services.assign(appeal, lead_unit=world["land"], on=D(2026, 2, 9), by=world["city"])


def test_a_deadline_into_an_unknown_year_is_flagged(world):
    appeal = _register(world, difficulty="difficult", received_on=D(2026, 11, 20))
    services.assign(appeal, lead_unit=world["land"], on=D(2026, 11, 23), by=world["city"])
    # 60 working days from late November run into 2027, which nobody has entered yet.
    assert appeal.due_on.year == 2027
    assert appeal.due_provisional


def test_the_routing_deadline_counts_working_days_over_the_spring_festival(world):
    """交办时限 of 2 working days from the day the appeal was raised: raised Fri 13 Feb,
    then Sat 14 (调休), and after the holiday (15–23 Feb) Tue 24 Feb."""
    RoutingLimit.objects.create(workdays=2)
    appeal = _register(world, received_on=D(2026, 2, 13))
    assert (appeal.route_due_on, appeal.route_due_provisional) == (D(2026, 2, 24), False)
    assert appeal.is_route_overdue(D(2026, 2, 24)) is False
    assert appeal.is_route_overdue(D(2026, 2, 25)) is True
    services.assign(appeal, lead_unit=world["land"], on=D(2026, 2, 24), by=world["city"])
    assert (appeal.routed_on, appeal.routed_in_time) == (D(2026, 2, 24), True)
    assert appeal.is_route_overdue(D(2026, 2, 25)) is False  # routed: the 办理期限 runs now
    # 改派 later: the record of the first 交办 stays.
    services.assign(
        appeal, lead_unit=world["hr"], on=D(2026, 2, 26), by=world["city"], reason="非本单位职责"
    )
    appeal.refresh_from_db()
    assert (appeal.routed_on, appeal.routed_in_time) == (D(2026, 2, 24), True)


def test_an_appeal_routed_after_its_routing_deadline_is_late(world):
    RoutingLimit.objects.create(workdays=2)
    appeal = _register(world, received_on=D(2026, 2, 10))  # Tue: 11, 12 → due Thu 12 Feb
    assert appeal.route_due_on == D(2026, 2, 12)
    services.assign(appeal, lead_unit=world["land"], on=D(2026, 2, 13), by=world["city"])
    assert (appeal.routed_on, appeal.routed_in_time) == (D(2026, 2, 13), False)


def test_without_a_routing_limit_there_is_no_routing_deadline(world):
    appeal = _register(world)
    assert appeal.route_due_on is None and not appeal.is_route_overdue(D(2026, 12, 1))
    services.assign(appeal, lead_unit=world["land"], on=D(2026, 2, 12), by=world["city"])
    assert (appeal.routed_on, appeal.routed_in_time) == (D(2026, 2, 12), None)
