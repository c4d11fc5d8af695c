from django.contrib import admin

from .models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["template", "created_at", "status", "attempts", "sent_at"]
    list_filter = ["status", "template"]
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields]
