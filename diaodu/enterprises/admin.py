from django.contrib import admin

from diaodu.enterprises.models import (
    DirectoryEntry,
    Enterprise,
    EnterpriseGroup,
    GroupMembership,
    Industry,
    LiaisonNote,
)


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level")
    list_filter = ("level",)
    search_fields = ("code", "name")


class DirectoryInline(admin.TabularInline):
    model = DirectoryEntry
    extra = 0


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ("uscc", "name", "county", "industry", "ownership", "size_class")
    list_filter = ("ownership", "size_class")
    search_fields = ("uscc", "name")
    raw_id_fields = ("county", "industry")
    inlines = [DirectoryInline]


class MembershipInline(admin.TabularInline):
    model = GroupMembership
    extra = 0
    raw_id_fields = ("enterprise",)


@admin.register(EnterpriseGroup)
class EnterpriseGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")
    inlines = [MembershipInline]


@admin.register(LiaisonNote)
class LiaisonNoteAdmin(admin.ModelAdmin):
    """Read only: a record of what an enterprise was told is evidence; notes are added
    on the enterprise's page or through the API, where scope and audit apply."""

    list_display = ("date", "enterprise", "kind", "user", "follow_up")
    list_filter = ("kind", "follow_up")
    search_fields = ("enterprise__name", "enterprise__uscc", "content")
    date_hierarchy = "date"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
