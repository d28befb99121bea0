"""Issued bulletins (签发): the document and the figures it printed, frozen."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class IssuedBulletin(models.Model):
    """A bulletin as issued. A later import never changes it; `figures` keeps the numbers
    it was written from, so the platform can show which have since been revised."""

    region = models.ForeignKey("regions.Region", verbose_name="地区", on_delete=models.PROTECT)
    period = models.PositiveIntegerField("报告期")
    version = models.PositiveSmallIntegerField("版次", default=1)  # a corrected re-issue: 2, 3…
    title = models.CharField("标题", max_length=200)
    document = models.BinaryField("文档")
    figures = models.JSONField("签发时的数据")
    issued_at = models.DateTimeField("签发时间", auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "已签发通报"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "period", "version"], name="one_issue_per_version"
            )
        ]
        ordering = ["-period", "-version"]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"
