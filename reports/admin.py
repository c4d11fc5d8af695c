from django.contrib import admin

from .models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """Read-only: for following failed or stuck exports. The file itself is downloaded only by its owner."""

    list_display = ["pk", "created_by", "kind", "format", "status", "done", "total", "created_at", "expires_at"]
    list_filter = ["status", "kind"]
    readonly_fields = [f.name for f in ExportJob._meta.fields if f.name != "file"]
    exclude = ["file"]

    def has_add_permission(self, request) -> bool:
        return False
