"""Roles, region scope, responsible units, and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Unit(models.Model):
    """A responsible unit (责任单位): 发改委, 自然资源局, 人社局, 金融办…"""

    name = models.CharField("单位名称", max_length=64)
    region = models.ForeignKey("regions.Region", verbose_name="所属地区", on_delete=models.PROTECT)

    class Meta:
        verbose_name = verbose_name_plural = "责任单位"
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unit_name_in_region")
        ]

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    class Role(models.TextChoices):
        CITY_ADMIN = "city_admin", "市级管理员"
        CITY_ANALYST = "city_analyst", "市级分析员"
        COUNTY_USER = "county_user", "县区用户"
        UNIT = "unit", "责任单位"
        LEADER = "leader", "领导（只读）"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField("角色", max_length=16, choices=Role.choices)
    # The region the user answers for: the city for city roles, the county for county users.
    region = models.ForeignKey("regions.Region", verbose_name="所属地区", on_delete=models.PROTECT)
    unit = models.ForeignKey(
        Unit, verbose_name="责任单位", null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = verbose_name_plural = "用户角色"

    @property
    def can_write(self) -> bool:
        return self.role != self.Role.LEADER


class AuditEntry(models.Model):
    """Who changed what, when, from what to what. Written by every service."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField("操作", max_length=64)
    target_type = models.CharField("对象类型", max_length=64)
    target_id = models.CharField("对象", max_length=64)
    summary = models.CharField("摘要", max_length=255, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "操作记录"
        ordering = ["-at"]
        indexes = [models.Index(fields=["target_type", "target_id"])]


class LoginFailure(models.Model):
    """A failed login, kept to throttle password guessing (per user name and per address)."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "登录失败记录"
