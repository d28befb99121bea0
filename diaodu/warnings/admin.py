from django.contrib import admin

from diaodu.warnings.models import Rule, Warning


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ("kind", "active", "thresholds")


@admin.register(Warning)
class WarningAdmin(admin.ModelAdmin):
    """Read only: warnings move through the services, which keep the history."""

    list_display = ("raised_on", "level", "title", "region", "state")
    list_filter = ("level", "state", "rule")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
