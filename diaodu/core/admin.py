from django.contrib import admin

from diaodu.core.models import CalendarDay, CalendarYear


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """Years are entered with `diaodu holidays` (checked, audited); shown here."""

    list_display = ("year", "source", "entered_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "is_workday", "name")
    list_filter = ("is_workday",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
