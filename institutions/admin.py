from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Application,
    ApplicationCoordinator,
    ApplicationEvent,
    County,
    Institution,
    Invitation,
    Lock,
    PoliceUnit,
    RspoImport,
    User,
)


class NoDeleteMixin:
    """Records with history are deactivated, never deleted."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(NoDeleteMixin, BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "first_name", "last_name", "email", "role", "police_unit", "is_active"]
    list_filter = ["role", "police_unit", "is_unit_officer", "is_active", "is_superuser"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("ZPB", {"fields": ["role", "police_unit", "is_unit_officer", "department", "phone"]}),
    )


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["teryt", "name", "is_city", "police_unit"]


@admin.register(PoliceUnit)
class PoliceUnitAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "kind", "town"]
    list_filter = ["kind"]


@admin.register(Institution)
class InstitutionAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["name", "type", "rspo", "town", "county", "is_active"]
    list_filter = ["type", "county", "is_active"]
    search_fields = ["name", "short_name", "rspo", "town"]
    filter_horizontal = ["coordinators"]


@admin.register(RspoImport)
class RspoImportAdmin(admin.ModelAdmin):
    list_display = [
        "filename",
        "uploaded_by",
        "created_at",
        "applied_at",
        "created_count",
        "updated_count",
        "rejected_count",
    ]
    readonly_fields = ["uploaded_by", "created_at", "applied_at"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "created_by", "created_at", "expires_at", "used_at", "revoked_at"]
    readonly_fields = ["user", "created_by", "created_at", "used_at", "nonce", "token_hash"]


class ApplicationCoordinatorInline(admin.TabularInline):
    model = ApplicationCoordinator
    extra = 0


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    readonly_fields = ["kind", "by", "at", "note"]


@admin.register(Application)
class ApplicationAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "county", "status", "created_at", "decided_at"]
    list_filter = ["status", "county"]
    search_fields = ["name", "rspo", "applicant_email"]
    inlines = [ApplicationCoordinatorInline, ApplicationEventInline]


@admin.register(ApplicationCoordinator)
class ApplicationCoordinatorAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "application"]


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(admin.ModelAdmin):
    list_display = ["application", "kind", "by", "at"]
    list_filter = ["kind"]


@admin.register(Lock)
class LockAdmin(admin.ModelAdmin):
    """The rows work done one at a time locks; nothing to edit."""

    list_display = ["name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
