"""The dispatch routine (调度工作机制): "周分析、旬研判、月调度、季约谈".

A Cadence says what a region does every week, 旬, month or quarter; `diaodu tick` opens
one WorkItem per cadence and ended period with a due date in working days. Meetings
(调度会, 专题研究, 调研督导, 约谈, 现场办公) are logged with their decisions and follow-up
tasks; a meeting can fulfil a work item.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Cadence(models.Model):
    class Kind(models.TextChoices):
        WEEKLY = "weekly", "周分析"
        DEKAD = "dekad", "旬研判"
        MONTHLY = "monthly", "月调度"
        QUARTERLY = "quarterly", "季约谈"

    class ItemKind(models.TextChoices):
        ANALYSIS = "analysis", "分析研判"
        WARNING = "warning", "预警通报"
        MEETING = "meeting", "调度会"
        SUMMONS = "summons", "约谈"

    region = models.ForeignKey(
        "regions.Region", verbose_name="地区", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("周期", max_length=16, choices=Kind.choices)
    title = models.CharField("名称", max_length=200)
    item_kind = models.CharField("事项类型", max_length=16, choices=ItemKind.choices)
    offset_workdays = models.PositiveSmallIntegerField("期末后几个工作日内完成", default=3)
    # Periods ending before this day are never opened: a new cadence does not back-fill
    # years of work items. The service sets it to the day of creation unless told otherwise.
    starts_on = models.DateField("起始日期")
    active = models.BooleanField("启用", default=True)
    responsible = models.CharField("责任单位/责任人", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "调度周期"
        ordering = ["region__code", "kind", "title"]

    def __str__(self) -> str:
        return self.title


class WorkItem(models.Model):
    class State(models.TextChoices):
        OPEN = "open", "待办"
        DONE = "done", "已完成"
        SKIPPED = "skipped", "已跳过"

    cadence = models.ForeignKey(
        Cadence, verbose_name="调度周期", on_delete=models.PROTECT, related_name="items"
    )
    # The cadence's region, copied so that scope filters need no join.
    region = models.ForeignKey(
        "regions.Region", verbose_name="地区", on_delete=models.PROTECT, related_name="+"
    )
    # "2026-W48" (ISO week), "2026-11-2" (the 2nd 旬 of November), "2026-11", "2026-Q4".
    period_key = models.CharField("期别", max_length=16)
    period_start = models.DateField("期初")
    period_end = models.DateField("期末")
    title = models.CharField("事项", max_length=255)
    due_on = models.DateField("完成时限")
    # The due date ran through a year whose holidays nobody has entered yet.
    due_provisional = models.BooleanField("时限待定", default=False)
    state = models.CharField("状态", max_length=8, choices=State.choices, default=State.OPEN)
    done_on = models.DateField("完成日期", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField("说明", blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "调度事项"
        ordering = ["due_on", "id"]
        constraints = [
            # Re-running the tick (or two ticks at once) never opens a period twice.
            models.UniqueConstraint(fields=["cadence", "period_key"], name="one_item_per_period")
        ]

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    class Kind(models.TextChoices):
        DISPATCH = "dispatch", "调度会"
        STUDY = "study", "专题研究"
        INSPECTION = "inspection", "调研督导"
        SUMMONS = "summons", "约谈"
        ONSITE = "onsite", "现场办公"

    region = models.ForeignKey(
        "regions.Region", verbose_name="地区", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    title = models.CharField("名称", max_length=200)
    held_on = models.DateField("日期")
    chair = models.CharField("主持人", max_length=64, blank=True)
    attendees = models.TextField("参会人员", blank=True)
    decisions = models.TextField("议定事项", blank=True)
    work_item = models.ForeignKey(
        WorkItem,
        verbose_name="对应调度事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "会议与督导"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["region", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class FollowUpTask(models.Model):
    class State(models.TextChoices):
        OPEN = "open", "办理中"
        DONE = "done", "已办结"

    meeting = models.ForeignKey(
        Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="tasks"
    )
    description = models.TextField("任务")
    # A county, a unit or a person, as the minutes name them.
    owner = models.CharField("责任方", max_length=200)
    due_on = models.DateField("完成时限", null=True, blank=True)
    state = models.CharField("状态", max_length=8, choices=State.choices, default=State.OPEN)
    done_on = models.DateField("办结日期", null=True, blank=True)
    note = models.TextField("办理情况", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "会议交办任务"
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description[:50]


class TickRun(models.Model):
    """One run of `diaodu tick`: when, how many items it opened, what each job did."""

    started_at = models.DateTimeField("开始时间")
    # The day the run acted for (the local date of `now`).
    today = models.DateField("业务日期")
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    opened = models.PositiveIntegerField("新开事项数", default=0)
    summary = models.JSONField("各任务处理数", default=dict)
    errors = models.JSONField("出错的任务", default=dict)

    class Meta:
        verbose_name = verbose_name_plural = "定时任务运行记录"
        ordering = ["-started_at"]


class TickLock(models.Model):
    """A single row locked (SELECT … FOR UPDATE) for the length of a tick, so two
    overlapping ticks run one after the other instead of both acting."""

    name = models.CharField(max_length=16, unique=True)

    class Meta:
        verbose_name = verbose_name_plural = "定时任务锁"
