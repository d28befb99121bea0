"""Annual targets (T01), handed down (T02) and split over time, and the assessment (T05)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

# Indicators computed from the enterprises' monthly facts (name → the analysis figure);
# any other indicator is read from the official figures (RegionFigure) by its name.
COMPUTED = {"规上工业总产值": "output", "营业收入": "revenue"}


class Target(models.Model):
    class Kind(models.TextChoices):
        GROWTH = "growth", "增速目标（%）"
        ABSOLUTE = "absolute", "总量目标"

    class Tier(models.TextChoices):
        FLOOR = "floor", "保底"
        EXPECTED = "expected", "预期"
        STRETCH = "stretch", "争取"

    class Method(models.TextChoices):
        SET = "set", "自定"
        HANDED_DOWN = "handed_down", "上级下达"
        SHARE = "share", "按基数占比分解"
        UNIFORM = "uniform", "按同一增速分解"
        MANUAL = "manual", "逐一填报"

    region = models.ForeignKey("regions.Region", verbose_name="地区", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField("年度")
    indicator = models.CharField("指标", max_length=64)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    tier = models.CharField("档次", max_length=10, choices=Tier.choices, default=Tier.EXPECTED)
    # % for growth targets; the unit's amount for absolute ones (亿元, 户, 个, 万平方米).
    value = models.DecimalField("目标值", max_digits=18, decimal_places=4)
    unit = models.CharField("单位", max_length=16, default="%")
    parent = models.ForeignKey(
        "self",
        verbose_name="上级目标",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
    )
    method = models.CharField("来源", max_length=12, choices=Method.choices, default=Method.SET)
    handed_down_by = models.CharField("下达单位", max_length=64, blank=True)  # 省上, 市工信局
    handed_down_on = models.DateField("下达日期", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "年度目标"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "indicator", "tier"], name="one_target_per_tier"
            )
        ]
        ordering = ["year", "region__code", "indicator", "tier"]

    def __str__(self) -> str:
        return f"{self.year}年{self.region.name}{self.indicator}{self.get_tier_display()}目标"

    @property
    def is_computed(self) -> bool:
        return self.indicator in COMPUTED


class TargetPart(models.Model):
    """A target split over time: a quarter, a month or a 旬 of the year (T02).

    For a growth target the part is the cumulative growth to reach by then; for an
    absolute one the amount of that period."""

    class Span(models.TextChoices):
        QUARTER = "quarter", "季度"
        MONTH = "month", "月"
        DEKAD = "dekad", "旬"

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="time_parts")
    span = models.CharField(max_length=8, choices=Span.choices)
    # quarter 1–4, month 1–12, 旬 as month × 10 + 1..3 (81 = 8月上旬).
    index = models.PositiveSmallIntegerField()
    value = models.DecimalField(max_digits=18, decimal_places=4)

    class Meta:
        verbose_name = verbose_name_plural = "目标分解（时间）"
        constraints = [
            models.UniqueConstraint(fields=["target", "span", "index"], name="one_part_per_span")
        ]
        ordering = ["span", "index"]


class AssessmentScheme(models.Model):
    """T05: points per indicator and the deductions for each month or quarter behind."""

    region = models.ForeignKey(
        "regions.Region", verbose_name="考核地区（其下属县区参加）", on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField("年度")
    indicator = models.CharField("指标", max_length=64)
    points = models.DecimalField("分值", max_digits=6, decimal_places=2)
    monthly_deduction = models.DecimalField(
        "每月欠账扣分", max_digits=6, decimal_places=2, default=0
    )
    quarterly_deduction = models.DecimalField(
        "每季度欠账扣分", max_digits=6, decimal_places=2, default=0
    )

    class Meta:
        verbose_name = verbose_name_plural = "考核方案"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "indicator"], name="one_scheme_per_indicator"
            )
        ]
