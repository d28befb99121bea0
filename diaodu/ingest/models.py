"""Import batches: who imported which file when, and what it changed."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportBatch(models.Model):
    class Kind(models.TextChoices):
        MONTHLY = "monthly", "企业月度报表"
        INDICATORS = "indicators", "地区主要指标"

    class Status(models.TextChoices):
        ACCEPTED = "accepted", "已导入"
        REJECTED = "rejected", "已拒绝"
        ROLLED_BACK = "rolled_back", "已撤销"

    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    file_name = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("文件SHA-256", max_length=64)
    period = models.PositiveIntegerField("报告期", null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("导入时间", auto_now_add=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices)
    row_count = models.PositiveIntegerField("行数", default=0)
    # The import report: unknown columns, errors, removed and changed enterprises,
    # the regions' growth before and after (JSON, for the page and the CLI).
    report = models.JSONField("导入报告", default=dict)
    counties = models.ManyToManyField("regions.Region", verbose_name="涉及县区", blank=True)
    rolled_back_at = models.DateTimeField("撤销时间", null=True, blank=True)
    rolled_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "导入批次"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name}（{self.created_at:%Y-%m-%d %H:%M}）"
