"""Industries, enterprises, the yearly directory, groups, and the monthly facts."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Industry(models.Model):
    """GB/T 4754-2017 门类 B, C, D down to 小类. `code` is the letter or 2–4 digits."""

    class Level(models.TextChoices):
        SECTION = "section", "门类"
        DIVISION = "division", "大类"
        GROUP = "group", "中类"
        CLASS = "class", "小类"

    code = models.CharField("代码", max_length=4, primary_key=True)
    name = models.CharField("名称", max_length=128)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = verbose_name_plural = "国民经济行业"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Enterprise(models.Model):
    class Ownership(models.TextChoices):
        STATE = "state", "国有"
        COLLECTIVE = "collective", "集体"
        PRIVATE = "private", "民营"
        HMT = "hmt", "港澳台投资"
        FOREIGN = "foreign", "外商投资"
        OTHER = "other", "其他"

    class SizeClass(models.TextChoices):
        LARGE = "large", "大型"
        MEDIUM = "medium", "中型"
        SMALL = "small", "小型"
        MICRO = "micro", "微型"

    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    name = models.CharField("单位详细名称", max_length=200)
    county = models.ForeignKey(
        "regions.Region",
        verbose_name="所在县区",
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    industry = models.ForeignKey(
        Industry, verbose_name="行业", on_delete=models.PROTECT, related_name="enterprises"
    )
    ownership = models.CharField("经济类型", max_length=12, choices=Ownership.choices, blank=True)
    size_class = models.CharField("企业规模", max_length=8, choices=SizeClass.choices, blank=True)
    land_area_mu = models.DecimalField(
        "用地面积（亩）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    is_demo = models.BooleanField("演示数据", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "企业"
        ordering = ["uscc"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_non_public(self) -> bool:
        """非公经济: everything but state and collective ownership."""
        return self.ownership not in (self.Ownership.STATE, self.Ownership.COLLECTIVE, "")


class EnterpriseName(models.Model):
    """The names an enterprise has been reported under, from the period first seen."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)
    first_period = models.PositiveIntegerField("首次出现报告期")

    class Meta:
        verbose_name = verbose_name_plural = "企业名称沿革"
        ordering = ["first_period"]


class DirectoryEntry(models.Model):
    """Membership of the yearly directory of above-scale enterprises (规上名录)."""

    class Status(models.TextChoices):
        IN = "in", "在库"
        NEW = "new", "新入库"
        EXITED = "exited", "退库"
        RETAINED_EXIT = "retained_exit", "退库留基"

    class EntryKind(models.TextChoices):
        NEW_PLANT = "new_plant", "新开业投产"
        UPGRADED = "upgraded", "规下升规上"

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="directory")
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("库状态", max_length=16, choices=Status.choices)
    entry_kind = models.CharField("入库类型", max_length=12, choices=EntryKind.choices, blank=True)
    first_period = models.PositiveIntegerField("首次报告期", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "规上名录"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="one_directory_row_a_year")
        ]
        indexes = [models.Index(fields=["year", "status"])]


class EnterpriseGroup(models.Model):
    """A named set of enterprises: 白名单, 高新技术企业, 专精特新, 链主, or the users' own."""

    class Kind(models.TextChoices):
        WHITELIST = "whitelist", "白名单"
        HIGH_TECH = "high_tech", "高新技术企业"
        SPECIALIZED = "specialized", "专精特新"
        CHAIN_LEADER = "chain_leader", "链主企业"
        CUSTOM = "custom", "自定义"

    name = models.CharField("名称", max_length=64, unique=True)
    kind = models.CharField("类别", max_length=16, choices=Kind.choices, default=Kind.CUSTOM)
    description = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "企业分组"

    def __str__(self) -> str:
        return self.name


class GroupMembership(models.Model):
    group = models.ForeignKey(EnterpriseGroup, on_delete=models.CASCADE, related_name="memberships")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="memberships")
    # 专精特新 tiers: 创新型中小企业, 省级专精特新, 国家级专精特新"小巨人"…
    tier = models.CharField("层级", max_length=32, blank=True)
    start_date = models.DateField("认定日期")
    end_date = models.DateField("终止日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "分组成员"
        indexes = [models.Index(fields=["group", "start_date"])]


class LiaisonNote(models.Model):
    """走访/联系记录: a visit, call or meeting with an enterprise by city or county staff (or
    its liaison cadre, 包联干部), what was said, and whether it needs following up."""

    class Kind(models.TextChoices):
        VISIT = "visit", "走访"
        CALL = "call", "电话"
        FORUM = "forum", "座谈"
        OTHER = "other", "其他"

    # PROTECT: a record of what an enterprise was told is evidence, never lost with it.
    enterprise = models.ForeignKey(
        Enterprise, verbose_name="企业", on_delete=models.PROTECT, related_name="liaison_notes"
    )
    date = models.DateField("日期")
    kind = models.CharField("方式", max_length=8, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField("内容")
    follow_up = models.BooleanField("需要跟进", default=False)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "走访联系记录"
        ordering = ["-date", "-created_at", "-pk"]
        indexes = [models.Index(fields=["enterprise", "date"], name="liaison_enterprise_date")]

    def __str__(self) -> str:
        return f"{self.enterprise.name}{self.get_kind_display()}记录（{self.date:%Y-%m-%d}）"


class FactFigures(models.Model):
    """The figures of one enterprise for one month, money in whole 分 (see core.money)."""

    class DirectoryStatus(models.TextChoices):
        IN = "in", "在库"
        NEW = "new", "新入库"
        RETAINED_EXIT = "retained_exit", "退库留基"

    # No single-column indexes on enterprise and county: (enterprise, period) and
    # (period, county) serve every query, and each index costs time on a 100k-row import.
    # Enterprise, county and batch carry no database constraint (db_constraint=False):
    # PostgreSQL checked them row by row at commit, 300,000 trigger calls for a
    # 100,000-row file (seconds), and their values are never in doubt — the enterprise
    # and the county are ones the import looked up or created, the batch the one it
    # created. Deletes are guarded instead: PROTECT through Django, and on PostgreSQL
    # triggers on the enterprise, region and batch tables refuse to delete a row facts
    # still name, from any path, after waiting for an import in flight (migration 0008;
    # the import locks this table first: ingest.services._lock_facts; SQLite has one
    # writer at a time). The import
    # checks the counties it looked up before its transaction once more
    # (ingest.services._check_counties): anyone writing facts by another path must
    # check what it did not read in its own transaction.
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    period = models.PositiveIntegerField("报告期")  # yyyymm, core.periods.Period.key
    # Copied from the enterprise at import: every summary groups by them.
    county = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    industry_division = models.CharField("行业大类", max_length=2)
    industry_code = models.CharField("行业代码", max_length=4)
    directory_status = models.CharField(
        "库状态", max_length=16, choices=DirectoryStatus.choices, default=DirectoryStatus.IN
    )
    output_month = models.BigIntegerField("工业总产值本月")
    output_ytd = models.BigIntegerField("工业总产值本年累计")
    output_month_prior = models.BigIntegerField("工业总产值上年同期本月")
    output_ytd_prior = models.BigIntegerField("工业总产值上年同期累计")
    revenue_ytd = models.BigIntegerField("营业收入本年累计", null=True)
    revenue_ytd_prior = models.BigIntegerField("营业收入上年同期累计", null=True)
    profit_ytd = models.BigIntegerField("利润总额本年累计", null=True)
    profit_ytd_prior = models.BigIntegerField("利润总额上年同期累计", null=True)
    sales_month = models.BigIntegerField("工业销售产值本月", null=True)
    sales_ytd = models.BigIntegerField("工业销售产值本年累计", null=True)
    sales_ytd_prior = models.BigIntegerField("工业销售产值上年同期累计", null=True)
    export_ytd = models.BigIntegerField("出口交货值本年累计", null=True)
    export_ytd_prior = models.BigIntegerField("出口交货值上年同期累计", null=True)
    power_month = models.BigIntegerField("用电量本月（千瓦时）", null=True)
    power_month_prior = models.BigIntegerField("用电量上年同期本月（千瓦时）", null=True)
    employees = models.IntegerField("从业人员平均人数", null=True)
    batch = models.ForeignKey(
        "ingest.ImportBatch", on_delete=models.PROTECT, related_name="+", db_constraint=False
    )

    class Meta:
        abstract = True


FACT_FIGURE_FIELDS = (
    "county_id", "industry_division", "industry_code", "directory_status",
    "output_month", "output_ytd", "output_month_prior", "output_ytd_prior",
    "revenue_ytd", "revenue_ytd_prior", "profit_ytd", "profit_ytd_prior",
    "sales_month", "sales_ytd", "sales_ytd_prior", "export_ytd", "export_ytd_prior",
    "power_month", "power_month_prior", "employees",
)  # fmt: skip


class MonthlyFact(FactFigures):
    """The current figures: one row per enterprise × month. Summaries read only this."""

    class Meta:
        verbose_name = verbose_name_plural = "企业月度数据"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "period"], name="one_fact_a_month")
        ]
        indexes = [models.Index(fields=["period", "county"], name="fact_period_county")]


class MonthlyFactHistory(FactFigures):
    """A fact as it was before a re-import replaced or removed it. Nothing is lost."""

    replaced_by = models.ForeignKey(
        "ingest.ImportBatch", on_delete=models.PROTECT, related_name="replaced_facts"
    )
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "企业月度数据历史"
        indexes = [
            models.Index(fields=["replaced_by"]),
            models.Index(fields=["enterprise", "period"]),
        ]
