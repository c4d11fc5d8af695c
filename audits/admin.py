from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ActionPlanItem,
    Audit,
    AuditAreaSummary,
    AuditEvent,
    AuditProtocol,
    AuditRecommendation,
    AuditScore,
    AuditTeamMember,
    Criterion,
    CriterionAnswer,
    CriterionArea,
    DangerousPlace,
    Edition,
    Enrolment,
    Evidence,
    PartnerConfirmation,
    ProtocolCounter,
    RecommendationAnswer,
    RulebookVersion,
    SelfAssessment,
    SelfAssessmentEvent,
    SelfAssessmentReminder,
)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class CriterionAreaInline(admin.TabularInline):
    model = CriterionArea
    extra = 0
    show_change_link = True


@admin.register(RulebookVersion)
class RulebookVersionAdmin(admin.ModelAdmin):
    """Prefer the KWP pages (audits:rulebook-*): they enforce the lock of versions used by an edition."""

    list_display = ["name", "programme", "effective_from", "max_points", "pass_threshold_percent"]
    list_filter = ["programme"]
    inlines = [CriterionAreaInline]


@admin.register(CriterionArea)
class CriterionAreaAdmin(admin.ModelAdmin):
    list_display = ["__str__", "rulebook"]
    list_filter = ["rulebook"]
    inlines = [CriterionInline]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "self_assessment_deadline", "audit_window_start", "audit_window_end"]


@admin.register(Enrolment)
class EnrolmentAdmin(SimpleHistoryAdmin):  # shows who enrolled, extended the deadline or withdrew
    list_display = ["institution", "edition", "stage", "deadline_extended_until"]
    list_filter = ["edition", "stage"]
    search_fields = ["institution__name"]


class SelfAssessmentEventInline(admin.TabularInline):
    model = SelfAssessmentEvent
    extra = 0
    readonly_fields = ["at", "by", "from_status", "to_status", "note"]


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "submitted_at"]
    list_filter = ["status", "enrolment__edition"]
    inlines = [SelfAssessmentEventInline]


class AuditTeamInline(admin.TabularInline):
    model = AuditTeamMember
    extra = 0


@admin.register(Audit)
class AuditAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "status", "total_points", "passed"]
    list_filter = ["status", "kind", "enrolment__edition"]
    inlines = [AuditTeamInline]


for model in (
    Criterion,
    ActionPlanItem,
    CriterionAnswer,
    Evidence,
    SelfAssessmentEvent,
    SelfAssessmentReminder,
    AuditScore,
    AuditEvent,
    AuditTeamMember,
    AuditRecommendation,
    RecommendationAnswer,
    ProtocolCounter,
    AuditAreaSummary,
    DangerousPlace,
):
    admin.site.register(model)


@admin.register(AuditProtocol)
class AuditProtocolAdmin(admin.ModelAdmin):
    list_display = ["number", "version", "audit", "signed_at", "superseded_at", "pdf_status"]
    list_filter = ["year", "pdf_status"]
    readonly_fields = ["snapshot", "pdf_sha256"]


@admin.register(PartnerConfirmation)
class PartnerConfirmationAdmin(admin.ModelAdmin):
    """Read only: links are sent and revoked by the coordinator, confirmed by the partner (services check both)."""

    list_display = ["item", "partnership", "requested_at", "confirmed_at", "revoked_at"]
    readonly_fields = [f.name for f in PartnerConfirmation._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
