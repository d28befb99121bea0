"""The region tree (GB/T 2260 plus users' zones), peer groups and official figures."""

from __future__ import annotations

from django.db import models


class Region(models.Model):
    """A node of the tree: the nation, a province, a city, a county, or a zone.

    `code` is the current code. Codes change (县 → 市/区, mergers); the codes a
    region has had are kept in RegionCode so that an enterprise filed under a
    retired code still lands in the right place."""

    class Level(models.TextChoices):
        NATION = "nation", "全国"
        PROVINCE = "province", "省级"
        CITY = "city", "地级"
        COUNTY = "county", "县级"
        ZONE = "zone", "功能区"

    code = models.CharField("代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=64)
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Official GB/T 2260 codes are shipped; zones (高新区, 经开区, 园区) are added by users.
    is_official = models.BooleanField("国标代码", default=True)
    # A code no longer in the latest list: kept, never deleted, because facts point to it.
    retired = models.BooleanField("已撤销", default=False)
    source = models.CharField("来源", max_length=64, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class RegionCode(models.Model):
    """Every code a region has had, with the list it came from (e.g. 2024)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(max_length=12, unique=True)
    name = models.CharField(max_length=64)
    first_list = models.CharField("首次出现的代码表", max_length=16)
    last_list = models.CharField("最后出现的代码表", max_length=16)

    class Meta:
        verbose_name = verbose_name_plural = "区划代码沿革"


class PeerGroup(models.Model):
    """Regions ranked together ("全省地级市", "全市县区") with the first-tier size K."""

    name = models.CharField("名称", max_length=64)
    parent = models.ForeignKey(
        Region,
        verbose_name="上级地区",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="peer_groups",
        help_text="设置后，该上级的直接下级构成此比较组",
    )
    members = models.ManyToManyField(Region, verbose_name="成员", blank=True, related_name="+")
    first_tier_size = models.PositiveSmallIntegerField("第一方阵名次", default=3)

    class Meta:
        verbose_name = verbose_name_plural = "比较组"

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """An official indicator of the catalogue (规上工业增加值, 工业投资…)."""

    name = models.CharField("指标", max_length=64, unique=True)
    unit = models.CharField("单位", max_length=16)
    seeded = models.BooleanField(default=False)
    # A main industrial product (水泥, 钢材, 发电量…) the bureau tracks: M16 counts how many
    # of them grow. Added by administrators with the product's unit (万吨, 亿千瓦时…).
    is_product = models.BooleanField("主要产品", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "指标目录"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class IndicatorAlias(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = verbose_name_plural = "指标别名"


class RegionFigure(models.Model):
    """One official figure: region × indicator × period × scope (累计/当月)."""

    class PeriodKind(models.TextChoices):
        MONTH = "month", "月"
        QUARTER = "quarter", "季"
        YEAR = "year", "年"

    class Scope(models.TextChoices):
        YTD = "ytd", "累计"
        MONTH = "month", "当月"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="figures")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="figures")
    period_kind = models.CharField(max_length=8, choices=PeriodKind.choices)
    # yyyymm for months, yyyyq (e.g. 20222) for quarters, yyyy for years.
    period = models.PositiveIntegerField()
    scope = models.CharField(max_length=8, choices=Scope.choices, default=Scope.YTD)
    value = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    growth = models.DecimalField(max_digits=12, decimal_places=6, null=True, blank=True)
    batch = models.ForeignKey("ingest.ImportBatch", null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        verbose_name = verbose_name_plural = "地区主要指标"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "indicator", "period_kind", "period", "scope"],
                name="one_figure_per_region_indicator_period_scope",
            )
        ]
        indexes = [models.Index(fields=["indicator", "period_kind", "period"])]


class RegionFigureHistory(models.Model):
    """A figure as it was before an import replaced it."""

    figure = models.ForeignKey(RegionFigure, on_delete=models.CASCADE, related_name="history")
    value = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    growth = models.DecimalField(max_digits=12, decimal_places=6, null=True, blank=True)
    batch = models.ForeignKey(
        "ingest.ImportBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replaced_by = models.ForeignKey(
        "ingest.ImportBatch", null=True, on_delete=models.PROTECT, related_name="+"
    )
    replaced_at = models.DateTimeField(auto_now_add=True)


class RegionsRevision(models.Model):
    """A number raised by every change of a region (one row): caches of the region tree
    compare it with the number they were built at, so any rename is seen at once, in
    every process."""

    number = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "区划版本"
