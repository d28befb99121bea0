"""Working-day deadlines over the official holidays, worked out on the 2026 calendar."""

import datetime as dt

import pytest

from diaodu.core.workdays import WorkCalendar, add_months, enter_year

D = dt.date


@pytest.mark.django_db
class TestAcrossHolidays:
    def test_spring_festival_with_its_saturday_at_work(self):
        # Assigned Thu 12 Feb 2026, 5 working days: Fri 13 (1), Sat 14 is 调休 at work (2),
        # 15–23 Feb are the Spring Festival, Tue 24 (3), Wed 25 (4), Thu 26 (5).
        deadline = WorkCalendar().add_workdays(D(2026, 2, 12), 5)
        assert deadline.date == D(2026, 2, 26)
        assert not deadline.provisional

    def test_mid_autumn_and_national_day(self):
        # Assigned Thu 24 Sep: Fri 25 is 中秋, 26–27 weekend, Mon 28 (1), 29 (2), 30 (3),
        # 1–7 Oct 国庆, Thu 8 (4), Fri 9 (5).
        assert WorkCalendar().add_workdays(D(2026, 9, 24), 5).date == D(2026, 10, 9)

    def test_a_weekend_working_day_counts(self):
        # Fri 9 Oct + 1 working day is Sat 10 Oct, a 调休 working day.
        assert WorkCalendar().add_workdays(D(2026, 10, 9), 1).date == D(2026, 10, 10)
        # and an ordinary Saturday does not: Fri 16 Oct + 1 is Mon 19 Oct.
        assert WorkCalendar().add_workdays(D(2026, 10, 16), 1).date == D(2026, 10, 19)

    def test_working_days_between(self):
        # After Thu 12 Feb up to Thu 26 Feb: 13, 14, 24, 25, 26.
        assert WorkCalendar().workdays_between(D(2026, 2, 12), D(2026, 2, 26)) == 5
        assert WorkCalendar().workdays_between(D(2026, 2, 26), D(2026, 2, 12)) == 0


@pytest.mark.django_db
class TestYearsNobodyKnowsYet:
    def test_a_deadline_into_an_unknown_year_is_provisional_not_a_crash(self):
        # Mon 28 Dec 2026 + 5: Tue 29 (1), Wed 30 (2), Thu 31 (3); 2027 is unknown to
        # the package, so Fri 1 Jan counts as a weekday (4), Mon 4 Jan (5).
        deadline = WorkCalendar().add_workdays(D(2026, 12, 28), 5)
        assert deadline == type(deadline)(D(2027, 1, 4), provisional=True)

    def test_an_entered_year_takes_over(self):
        enter_year(2027, [(D(2027, 1, 1), False, "元旦")], source="国办发明电〔2026〕X号")
        # 1 Jan is now a holiday: Tue 29 (1), Wed 30 (2), Thu 31 (3), Mon 4 (4), Tue 5 (5).
        deadline = WorkCalendar().add_workdays(D(2026, 12, 28), 5)
        assert deadline.date == D(2027, 1, 5)
        assert not deadline.provisional

    def test_entries_win_over_the_package(self):
        # Suppose the State Council moved a day: Mon 12 Oct 2026 declared a holiday.
        enter_year(2026, [(D(2026, 10, 12), False, "补休")])
        assert not WorkCalendar().is_workday(D(2026, 10, 12))
        # An entered year is Monday–Friday apart from its entries: the package's
        # holidays no longer apply to 2026 once an administrator has entered it in full.
        assert WorkCalendar().is_workday(D(2026, 10, 13))

    def test_nonsense_entries_are_refused_with_the_date(self):
        with pytest.raises(ValueError, match="2027-01-02 是周末"):
            enter_year(2027, [(D(2027, 1, 2), False, "元旦")])
        with pytest.raises(ValueError, match="不属于2027年"):
            enter_year(2027, [(D(2026, 1, 1), False, "元旦")])


def test_calendar_months_end_of_month():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 11, 15), 3) == D(2027, 2, 15)
    assert add_months(D(2024, 1, 30), 1) == D(2024, 2, 29)


@pytest.mark.django_db
def test_the_holidays_command(tmp_path):
    from django.core.management import CommandError, call_command

    notice = tmp_path / "2027.txt"
    notice.write_text("# 国办发明电\n2027-01-01 休 元旦\n2027-02-06 班 春节\n", encoding="utf-8")
    call_command("holidays", str(notice), year=2027)
    assert not WorkCalendar().is_workday(D(2027, 1, 1))
    assert WorkCalendar().is_workday(D(2027, 2, 6))  # a Saturday at work
    notice.write_text("2027-01-01 放假\n", encoding="utf-8")
    with pytest.raises(CommandError, match="第1行"):
        call_command("holidays", str(notice), year=2027)


@pytest.mark.django_db
def test_one_calendar_flags_every_deadline_into_an_unknown_year():
    calendar = WorkCalendar()
    assert calendar.add_workdays(D(2026, 12, 28), 5).provisional
    assert calendar.add_workdays(D(2026, 12, 29), 5).provisional  # the same year again
    assert not calendar.add_workdays(D(2026, 12, 1), 5).provisional
