"""Read-only admin views of the routine: every change goes through the services, which
write the audit log (the web and the API are the places to change things)."""

from django.contrib import admin

from diaodu.dispatch.models import Cadence, Meeting, TickRun, WorkItem


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Cadence)
class CadenceAdmin(ReadOnlyAdmin):
    list_display = ("title", "region", "kind", "item_kind", "offset_workdays", "active")
    list_filter = ("kind", "item_kind", "active")


@admin.register(WorkItem)
class WorkItemAdmin(ReadOnlyAdmin):
    list_display = ("title", "region", "period_key", "due_on", "state", "done_on")
    list_filter = ("state", "cadence__kind")
    search_fields = ("title", "period_key")


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("held_on", "kind", "title", "region", "chair")
    list_filter = ("kind",)
    search_fields = ("title", "decisions")


@admin.register(TickRun)
class TickRunAdmin(ReadOnlyAdmin):
    list_display = ("started_at", "today", "opened", "finished_at")
