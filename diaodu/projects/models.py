"""Investment projects (项目台账): the ledger from lead to full production (section P).

Money is in 万元 as exact decimals: the ledger bureaus keep is in 万元 with at most two
decimals, and nothing here is summed over millions of rows as the enterprise facts are."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Stage(models.TextChoices):
    LEAD = "lead", "线索"
    SIGNED = "signed", "签约"
    RESERVE = "reserve", "储备"
    STARTED = "started", "开工"
    BUILDING = "building", "在建"
    COMPLETED = "completed", "竣工"
    PRODUCING = "producing", "投产"
    FULL_PRODUCTION = "full_production", "达产"
    SUSPENDED = "suspended", "停建"
    TERMINATED = "terminated", "终止"


# The pipeline in order; 停建 and 终止 stand outside it (see services.check_move).
PIPELINE: tuple[str, ...] = (
    Stage.LEAD,
    Stage.SIGNED,
    Stage.RESERVE,
    Stage.STARTED,
    Stage.BUILDING,
    Stage.COMPLETED,
    Stage.PRODUCING,
    Stage.FULL_PRODUCTION,
)


class Nature(models.TextChoices):
    NEW = "new", "新建"
    CONTINUED = "continued", "续建"
    EXPANSION = "expansion", "扩建"
    REBUILD = "rebuild", "改建"
    TECH_UPGRADE = "tech_upgrade", "技改"


class Source(models.TextChoices):
    ROADSHOW = "roadshow", "推介会"
    BY_BUSINESS = "by_business", "以商招商"
    CHAIN_LEADER = "chain_leader", "链主招商"
    OTHER = "other", "其他"


def _wan(label: str, **options) -> models.DecimalField:
    return models.DecimalField(label, max_digits=14, decimal_places=2, **options)


class Project(models.Model):
    name = models.CharField("项目名称", max_length=200)
    code = models.CharField("项目代码", max_length=64, unique=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name="县区或功能区", on_delete=models.PROTECT, related_name="+"
    )
    park = models.CharField("园区", max_length=100, blank=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    # A project often comes before its company is registered or enters the directory:
    # the name (and the code once known) are kept as text until it can be linked.
    enterprise_name = models.CharField("企业名称", max_length=200, blank=True)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    industry = models.ForeignKey(
        "enterprises.Industry",
        verbose_name="行业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Free text until the chains app exists.
    chain = models.CharField("产业链", max_length=64, blank=True)
    nature = models.CharField("建设性质", max_length=16, choices=Nature.choices)
    total_investment_wan = _wan("总投资（万元）")
    annual_plan_wan = _wan("年度计划投资（万元）", default=0)
    planned_start = models.DateField("计划开工日期", null=True, blank=True)
    planned_completion = models.DateField("计划竣工日期", null=True, blank=True)
    expected_output_wan = _wan("预计新增产值（万元）", null=True, blank=True)
    leader = models.CharField("包抓领导", max_length=64, blank=True)
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="责任单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    land_mu = models.DecimalField(
        "用地（亩）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    stage = models.CharField("项目阶段", max_length=16, choices=Stage.choices, default=Stage.LEAD)
    # The date of the last stage move: a later move may not be dated before it.
    stage_date = models.DateField("阶段日期", null=True, blank=True)
    # For 停建 and 终止: the pipeline stage the project was at, where a resume returns to.
    previous_stage = models.CharField(
        "停建/终止前阶段", max_length=16, choices=Stage.choices, blank=True
    )
    source = models.CharField("招引来源", max_length=16, choices=Source.choices, blank=True)
    year = models.PositiveSmallIntegerField("台账年度")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "投资项目"
        ordering = ["code"]
        indexes = [models.Index(fields=["region", "year"]), models.Index(fields=["stage"])]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def effective_stage(self) -> str:
        """The pipeline stage reached, also for a suspended or terminated project."""
        if self.stage in (Stage.SUSPENDED, Stage.TERMINATED):
            return self.previous_stage or Stage.LEAD
        return self.stage


class StageChange(models.Model):
    """One move of a project along its stages; the history is never edited."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField("原阶段", max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField("新阶段", max_length=16, choices=Stage.choices)
    on = models.DateField("日期")
    evidence = models.TextField("佐证材料", blank=True)
    reason = models.TextField("原因", blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "项目阶段变更"
        ordering = ["on", "id"]


class MonthlyInvestment(models.Model):
    """Investment completed in one month (万元); re-recording a month replaces it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="investments")
    period = models.PositiveIntegerField("月份（yyyymm）")
    amount_wan = _wan("完成投资（万元）")

    class Meta:
        verbose_name = verbose_name_plural = "项目月度投资"
        ordering = ["period"]
        constraints = [
            models.UniqueConstraint(fields=["project", "period"], name="project_investment_month")
        ]


class ContractIndicator(models.Model):
    """One agreed "X+X" control indicator (投资强度, 亩均产值, 亩均税收) and its check.

    All of them are floors: a breach is an actual below the agreed figure."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField("指标", max_length=64)
    unit = models.CharField("单位", max_length=32)
    agreed = models.DecimalField("约定值", max_digits=14, decimal_places=2)
    due = models.DateField("约定期限", null=True, blank=True)
    actual = models.DecimalField("实际值", max_digits=14, decimal_places=2, null=True, blank=True)
    checked_on = models.DateField("核查日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "项目合同指标"
        ordering = ["project", "id"]
