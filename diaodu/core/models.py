"""The official working-day calendar the administrators keep (节假日与调休).

chinesecalendar knows the State Council's holidays up to the year it was released; each
autumn the next year's are published. An administrator enters that year here: the
holidays (a weekday off) and the 调休 working days (a weekend day at work). Entries
win over the package, so a correction also works for years the package knows.
"""

from __future__ import annotations

from django.db import models


class CalendarYear(models.Model):
    """A year whose holidays an administrator has entered in full."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    source = models.CharField("依据", max_length=200, blank=True)  # 国务院办公厅通知文号
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "节假日年度"
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}年"


class CalendarDay(models.Model):
    """One day that differs from Monday–Friday: a holiday or a 调休 working day."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否上班")
    name = models.CharField("名称", max_length=32, blank=True)  # 春节, 国庆节…

    class Meta:
        verbose_name = verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'上班' if self.is_workday else '休息'} {self.name}"


class DataVersion(models.Model):
    """One row whose token is replaced after every committed write to the database, by
    any path (core.memo watches every statement Django sends). Answers kept across
    requests are filed under the token they were computed at (core.memo.per_data_version)."""

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = verbose_name_plural = "数据版本"
