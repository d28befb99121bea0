from django.contrib import admin
from django.http import HttpRequest

from diaodu.regions.models import Indicator, IndicatorAlias, PeerGroup, Region, RegionFigure

# The admin shows every county's data: only superusers (the platform's operators) may
# use it; bureau users work through the pages and the API, which enforce region scope.
admin.site.site_header = admin.site.site_title = "工业经济运行监测调度平台 后台管理"


def _superuser_only(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


admin.site.has_permission = _superuser_only  # type: ignore[method-assign]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent", "is_official", "retired")
    list_filter = ("level", "is_official", "retired")
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


@admin.register(PeerGroup)
class PeerGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "parent", "first_tier_size")
    raw_id_fields = ("parent",)
    filter_horizontal = ("members",)


class IndicatorAliasInline(admin.TabularInline):
    model = IndicatorAlias
    extra = 1


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "seeded", "is_product")
    list_filter = ("is_product",)
    inlines = [IndicatorAliasInline]


@admin.register(RegionFigure)
class RegionFigureAdmin(admin.ModelAdmin):
    list_display = ("region", "indicator", "period", "scope", "value", "growth")
    list_filter = ("indicator", "scope", "period_kind")
    raw_id_fields = ("region", "batch")
