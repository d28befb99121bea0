"""Warnings (预警): rules with four levels, and the warnings they raise (W02).

A warning has a subject (a region, an enterprise, an appeal, a project), the evidence
(the numbers that raised it), the party answerable for it, a state — new → sent →
acknowledged → closed — and a history. Its key says what it is about ("汉滨区 behind
its 2026 output target in 2026-08"), so evaluating the rules again never duplicates.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Level(models.TextChoices):
    RED = "red", "红色"
    ORANGE = "orange", "橙色"
    YELLOW = "yellow", "黄色"
    BLUE = "blue", "蓝色"


# Most severe first: a value at or below a level's threshold raises that level.
LEVELS = (Level.RED, Level.ORANGE, Level.YELLOW, Level.BLUE)


class Rule(models.Model):
    class Kind(models.TextChoices):
        BEHIND_TARGET = "behind_target", "地区未完成目标进度"
        GROWTH_DROP = "growth_drop", "累计增速回落"
        KEY_ENTERPRISE = "key_enterprise", "重点企业下滑或停产"
        THRESHOLD_RISK = "threshold_risk", "企业有退库风险"
        APPEAL_OVERDUE = "appeal_overdue", "企业诉求超期"
        PROJECT_BEHIND = "project_behind", "项目投资滞后"

    kind = models.CharField("规则", max_length=20, choices=Kind.choices, unique=True)
    active = models.BooleanField("启用", default=True)
    # level → threshold; the measured value at or below it raises the level.
    thresholds = models.JSONField("阈值")
    # Rule-specific settings: groups watched, top N, the directory threshold…
    params = models.JSONField("参数", default=dict, blank=True)
    description = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "预警规则"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.get_kind_display()


class Warning(models.Model):
    class State(models.TextChoices):
        NEW = "new", "新预警"
        SENT = "sent", "已发送"
        ACKNOWLEDGED = "acknowledged", "已反馈"
        CLOSED = "closed", "已关闭"

    rule = models.ForeignKey(Rule, on_delete=models.PROTECT, related_name="warnings")
    key = models.CharField(max_length=120, unique=True)
    level = models.CharField("等级", max_length=8, choices=Level.choices)
    title = models.CharField("预警内容", max_length=200)
    subject_type = models.CharField(
        "对象类型", max_length=16
    )  # region, enterprise, appeal, project
    subject_id = models.CharField("对象", max_length=64)
    subject_name = models.CharField("对象名称", max_length=200)
    # The region the warning belongs to: who may see it.
    region = models.ForeignKey("regions.Region", verbose_name="地区", on_delete=models.PROTECT)
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name="责任单位", null=True, blank=True, on_delete=models.PROTECT
    )
    responsible = models.CharField("责任方", max_length=100, blank=True)
    period = models.PositiveIntegerField("报告期", null=True, blank=True)
    evidence = models.JSONField("依据", default=dict)
    state = models.CharField("状态", max_length=14, choices=State.choices, default=State.NEW)
    reply = models.TextField("反馈", blank=True)
    raised_on = models.DateField("预警日期")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "预警"
        ordering = ["-raised_on", "-id"]
        indexes = [models.Index(fields=["region", "state"])]

    def __str__(self) -> str:
        return f"[{self.get_level_display()}] {self.title}"


class WarningEvent(models.Model):
    class Kind(models.TextChoices):
        RAISE = "raise", "发出"
        RELEVEL = "relevel", "等级变化"
        SEND = "send", "发送"
        ACKNOWLEDGE = "acknowledge", "反馈"
        CLOSE = "close", "关闭"

    warning = models.ForeignKey(Warning, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "预警记录"
        ordering = ["at", "id"]
