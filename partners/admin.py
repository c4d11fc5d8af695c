from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Partner, Partnership


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "county", "contact_person"]
    list_filter = ["kind", "county"]
    search_fields = ["name", "contact_person"]


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["institution", "partner", "started_on", "ended_on"]
    search_fields = ["institution__name", "partner__name"]
    autocomplete_fields = ["institution", "partner"]
