"""Enterprise appeals (企业诉求): intake, 交办, 督办, 处理回复, 销号 — section A of seed-claims."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

CATEGORIES = [
    # Seed 001's eleven categories, in the order the bulletin lists them (A01).
    "资金保障",
    "市场拓展",
    "要素保障",
    "政策支持与兑现",
    "人才技术",
    "招工用工",
    "手续办理",
    "用地建设",
    "生态环保",
    "经营管理",
    "证照变更",
]


class Category(models.Model):
    """问题类别; the eleven of seed 001 are shipped, administrators may add more."""

    name = models.CharField("类别", max_length=32, unique=True)
    order = models.PositiveSmallIntegerField("排序", default=100)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "诉求类别"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Difficulty(models.TextChoices):
    GENERAL = "general", "一般"
    DIFFICULT = "difficult", "疑难"


class TimeLimit(models.Model):
    """办理时限 by difficulty, optionally for one category (a category's own rule wins)."""

    class Unit(models.TextChoices):
        WORKING_DAYS = "working_days", "工作日"
        MONTHS = "months", "个月"

    difficulty = models.CharField("难易程度", max_length=10, choices=Difficulty.choices)
    category = models.ForeignKey(
        Category, verbose_name="类别", null=True, blank=True, on_delete=models.CASCADE
    )
    amount = models.PositiveSmallIntegerField("时限")
    unit = models.CharField("单位", max_length=12, choices=Unit.choices)

    class Meta:
        verbose_name = verbose_name_plural = "办理时限"
        constraints = [
            models.UniqueConstraint(
                fields=["difficulty", "category"], name="one_time_limit_per_category"
            ),
            models.UniqueConstraint(
                fields=["difficulty"],
                condition=models.Q(category__isnull=True),
                name="one_default_time_limit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_difficulty_display()} {self.amount}{self.get_unit_display()}"


class RoutingLimit(models.Model):
    """交办时限: within how many working days of being raised an appeal must be handed to a
    responsible unit ("2 个工作日内交办" in many cities). One row; without it appeals
    have no routing deadline (the seeds' cities set only the 办理时限)."""

    workdays = models.PositiveSmallIntegerField("交办时限（工作日）")

    class Meta:
        verbose_name = verbose_name_plural = "交办时限"

    def __str__(self) -> str:
        return f"提出后{self.workdays}个工作日内交办"


class Source(models.TextChoices):
    FORUM = "forum", "座谈会"
    LEADER_VISIT = "leader_visit", "领导调研"
    LIAISON = "liaison", "包联走访"
    HOTLINE = "hotline", "直通车"
    OTHER = "other", "其他"


class Meeting(models.Model):
    """A forum (民营企业座谈会) or research visit (调研) where appeals were raised."""

    kind = models.CharField("类型", max_length=16, choices=Source.choices)
    title = models.CharField("名称", max_length=200)
    held_on = models.DateField("日期")
    region = models.ForeignKey("regions.Region", verbose_name="地区", on_delete=models.PROTECT)
    leader = models.CharField("主持/带队领导", max_length=64, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "座谈会与调研"
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class Appeal(models.Model):
    class Stage(models.TextChoices):
        REGISTERED = "registered", "待交办"
        ASSIGNED = "assigned", "办理中"
        SUPERVISED = "supervised", "督办中"
        REPLIED = "replied", "已答复"
        CLOSED = "closed", "已销号"

    class Outcome(models.TextChoices):
        OPEN = "open", "未解决"
        RESOLVED = "resolved", "已解决"
        EXPLAINED = "explained", "解释到位"

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", "满意"
        BASIC = "basic", "基本满意"
        UNSATISFIED = "unsatisfied", "不满意"

    number = models.CharField("编号", max_length=16, unique=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    enterprise_name = models.CharField("企业名称", max_length=200)
    county = models.ForeignKey(
        "regions.Region", verbose_name="县区", on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField("来源", max_length=16, choices=Source.choices)
    meeting = models.ForeignKey(
        Meeting, verbose_name="座谈会/调研", null=True, blank=True, on_delete=models.PROTECT
    )
    title = models.CharField("问题", max_length=200)
    content = models.TextField("问题描述", blank=True)
    category = models.ForeignKey(Category, verbose_name="类别", on_delete=models.PROTECT)
    difficulty = models.CharField(
        "难易程度", max_length=10, choices=Difficulty.choices, default=Difficulty.GENERAL
    )
    received_on = models.DateField("提出日期")
    stage = models.CharField("环节", max_length=12, choices=Stage.choices, default=Stage.REGISTERED)
    outcome = models.CharField("办理结果", max_length=12, choices=Outcome.choices, default="open")

    lead_unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="牵头单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_appeals",
    )
    co_units = models.ManyToManyField(
        "accounts.Unit", verbose_name="协办单位", blank=True, related_name="co_appeals"
    )
    # 交办时限 (RoutingLimit), counted from the day the appeal was raised, and the day of
    # the first 交办 (assigned_on moves with a 改派; this one stays).
    route_due_on = models.DateField("交办期限", null=True, blank=True)
    route_due_provisional = models.BooleanField("交办期限待定", default=False)
    routed_on = models.DateField("首次交办日期", null=True, blank=True)
    assigned_on = models.DateField("交办日期", null=True, blank=True)
    due_on = models.DateField("办理期限", null=True, blank=True)
    # The deadline ran through a year whose holidays nobody has entered yet.
    due_provisional = models.BooleanField("期限待定", default=False)
    supervised_on = models.DateField("督办日期", null=True, blank=True)
    supervised_due_on = models.DateField("督办期限", null=True, blank=True)
    explanation = models.TextField("书面说明", blank=True)
    # The deadline the written explanation answers: a missed 督办 deadline needs another.
    explained_due_on = models.DateField(null=True, blank=True)
    reply = models.TextField("处理回复", blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    # Whether the reply came by the first deadline (督办 extends the time, not the record).
    replied_in_time = models.BooleanField(null=True, blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    satisfaction = models.CharField(
        "企业满意度", max_length=12, choices=Satisfaction.choices, blank=True
    )
    reopen_count = models.PositiveSmallIntegerField("重新办理次数", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "企业诉求"
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["county", "stage"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.stage not in (self.Stage.REPLIED, self.Stage.CLOSED)

    @property
    def current_due(self) -> dt.date | None:
        """The deadline in force: the 督办 deadline once supervised."""
        return self.supervised_due_on or self.due_on

    @property
    def routed_in_time(self) -> bool | None:
        """Whether the first 交办 came by the routing deadline; None: no deadline, or not
        routed yet."""
        if self.route_due_on is None or self.routed_on is None:
            return None
        return self.routed_on <= self.route_due_on

    def is_route_overdue(self, today: dt.date) -> bool:
        """Still waiting for its 交办 after the routing deadline."""
        return (
            self.stage == self.Stage.REGISTERED
            and self.route_due_on is not None
            and today > self.route_due_on
        )

    def is_overdue(self, today: dt.date) -> bool:
        due = self.current_due
        return self.is_open and due is not None and today > due

    def needs_explanation(self, today: dt.date) -> bool:
        """A3: past its deadline, the unit must explain in writing before anything else."""
        return self.is_overdue(today) and self.explained_due_on != self.current_due


class AppealEvent(models.Model):
    """One step of an appeal's history, in order."""

    class Kind(models.TextChoices):
        REGISTER = "register", "登记"
        ASSIGN = "assign", "交办"
        REASSIGN = "reassign", "改派"
        NOTE = "note", "进展"
        EXPLAIN = "explain", "书面说明"
        SUPERVISE = "supervise", "督办"
        REPLY = "reply", "处理回复"
        CLOSE = "close", "销号"
        REOPEN = "reopen", "重新办理"

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("环节", max_length=12, choices=Kind.choices)
    on = models.DateField("日期")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey("accounts.Unit", null=True, blank=True, on_delete=models.PROTECT)
    text = models.TextField("内容", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "诉求办理记录"
        ordering = ["on", "id"]
