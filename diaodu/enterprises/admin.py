from django.contrib import admin

from diaodu.enterprises.models import (
    DirectoryEntry,
    Enterprise,
    EnterpriseGroup,
    GroupMembership,
    Industry,
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
