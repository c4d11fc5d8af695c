"""Read-mostly admin for superusers; KWP staff work through the app's own pages (rules live in services)."""

from django.contrib import admin

from .models import (
    CeremonyFile,
    Certificate,
    CertificateBatch,
    CertificateEvent,
    Commission,
    CommissionMember,
    CommissionRecommendation,
    Decision,
    ExpiryReminder,
    NumberCounter,
    Proposal,
    ProposalApproval,
)


class CertificateEventInline(admin.TabularInline):
    model = CertificateEvent
    extra = 0
    readonly_fields = ["at", "by", "action", "note", "pdf_sha256"]
    can_delete = False


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "holder_name", "kind", "granted_on", "valid_until", "pdf_status", "revoked_at"]
    list_filter = ["programme", "kind", "pdf_status"]
    search_fields = ["number", "holder_name", "verification_code"]
    readonly_fields = [f.name for f in Certificate._meta.fields]
    inlines = [CertificateEventInline]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["audit", "outcome", "decided_on", "reference"]
    list_filter = ["outcome"]
    readonly_fields = [f.name for f in Decision._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(CertificateBatch)
class CertificateBatchAdmin(admin.ModelAdmin):
    list_display = ["edition", "created_at", "status", "total", "done", "failed"]
    readonly_fields = [f.name for f in CertificateBatch._meta.fields]


@admin.register(NumberCounter)
class NumberCounterAdmin(admin.ModelAdmin):
    list_display = ["programme", "year", "last"]
    readonly_fields = [f.name for f in NumberCounter._meta.fields]


@admin.register(CertificateEvent)
class CertificateEventAdmin(admin.ModelAdmin):
    list_display = ["certificate", "at", "by", "action"]
    list_filter = ["action"]
    readonly_fields = [f.name for f in CertificateEvent._meta.fields]


@admin.register(ExpiryReminder)
class ExpiryReminderAdmin(admin.ModelAdmin):
    list_display = ["certificate", "days_before", "sent_at"]
    readonly_fields = [f.name for f in ExpiryReminder._meta.fields]


class CommissionMemberInline(admin.TabularInline):
    model = CommissionMember
    extra = 0
    readonly_fields = ["user", "is_chair"]
    can_delete = False


@admin.register(Commission)
class CommissionAdmin(admin.ModelAdmin):
    """Read only: members are set on the app's page (commission_setup checks roles and the chair)."""

    list_display = ["edition", "created_at", "created_by"]
    readonly_fields = ["edition", "created_at", "created_by"]
    inlines = [CommissionMemberInline]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["commission", "number", "status", "closed_at", "list_status", "approved_on", "approval_reference"]
    list_filter = ["status", "list_status"]
    readonly_fields = [f.name for f in Proposal._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(CeremonyFile)
class CeremonyFileAdmin(admin.ModelAdmin):
    list_display = ["edition", "kind", "status", "count", "created_at"]
    readonly_fields = [f.name for f in CeremonyFile._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(CommissionMember, CommissionRecommendation, ProposalApproval)
class CommissionRecordAdmin(admin.ModelAdmin):
    """Read only: members, proposals and approvals are recorded on the commission's pages (services check them)."""

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
