from django.contrib import admin

from diaodu.appeals.models import Appeal, Category, Meeting, RoutingLimit, TimeLimit


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "order", "active")
    list_editable = ("order", "active")


@admin.register(TimeLimit)
class TimeLimitAdmin(admin.ModelAdmin):
    list_display = ("difficulty", "category", "amount", "unit")


@admin.register(RoutingLimit)
class RoutingLimitAdmin(admin.ModelAdmin):
    """One row: appeals registered after it is set get a routing deadline."""

    list_display = ("__str__", "workdays")

    def has_add_permission(self, request):
        return not RoutingLimit.objects.exists()


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("held_on", "kind", "title", "region", "leader")
    list_filter = ("kind",)
    raw_id_fields = ("region",)


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    """Read only: every step goes through the services, which keep the history."""

    list_display = ("number", "enterprise_name", "category", "stage", "outcome", "lead_unit")
    list_filter = ("stage", "outcome", "category", "source")
    search_fields = ("number", "enterprise_name", "title")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
