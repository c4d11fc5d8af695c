"""What each endpoint returns. Read-only: the API changes nothing."""

import datetime

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from audits.models import Audit, Edition, Enrolment, SelfAssessment, Stage
from certification.models import Certificate
from certification.rules import CERTIFICATE_KINDS
from institutions.models import County, Institution, InstitutionType, PoliceUnit, Programme

# --- Reference data ---------------------------------------------------------------------------


class PoliceUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = PoliceUnit
        fields = ["id", "kind", "name", "short_name", "town"]


class CountySerializer(serializers.ModelSerializer):
    police_unit = serializers.PrimaryKeyRelatedField(read_only=True, help_text="The serving police unit's id.")

    class Meta:
        model = County
        fields = ["teryt", "name", "is_city", "police_unit"]


class CountyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = County
        fields = ["teryt", "name"]


# --- Certificates -----------------------------------------------------------------------------


class CertificateStatusMixin(serializers.Serializer):
    status = serializers.SerializerMethodField(
        help_text="On today's date (Europe/Warsaw): valid, not_yet_valid, expired or revoked."
    )
    verification_url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=Certificate.Status.choices))
    def get_status(self, certificate: Certificate) -> str:
        return certificate.status_on(timezone.localdate())

    def get_verification_url(self, certificate: Certificate) -> str:
        return certificate.get_verification_url()


class PublicCertificateSerializer(CertificateStatusMixin, serializers.ModelSerializer):
    """What the public verification page shows."""

    revoked_on = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = ["number", "kind", "programme", "holder_name", "holder_town", "edition_name", "granted_on",
                  "valid_from", "valid_until", "status", "revoked_on", "verification_url"]

    def get_revoked_on(self, certificate: Certificate) -> datetime.date | None:
        return timezone.localdate(certificate.revoked_at) if certificate.revoked_at else None


class RegisterEntrySerializer(serializers.ModelSerializer):
    """One row of the public register."""

    institution = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = ["number", "kind", "programme", "holder_name", "holder_town", "granted_on", "valid_from",
                  "valid_until", "institution"]

    @extend_schema_field({"type": "object", "properties": {
        "id": {"type": "integer"}, "type": {"type": "string"},
        "county": {"type": "object", "properties": {"teryt": {"type": "string"}, "name": {"type": "string"}}},
    }})
    def get_institution(self, certificate: Certificate) -> dict:
        institution = certificate.institution
        return {"id": institution.pk, "type": institution.type,
                "county": {"teryt": institution.county.teryt, "name": institution.county.name}}


class RegisterQuerySerializer(serializers.Serializer):
    county = serializers.SlugRelatedField(slug_field="teryt", queryset=County.objects.all(), required=False,
                                          help_text="The county's TERYT code, e.g. 1201.")
    programme = serializers.ChoiceField(choices=Programme.choices, required=False)
    kind = serializers.ChoiceField(choices=[(k, Stage(k).label) for k in sorted(CERTIFICATE_KINDS)], required=False)
    type = serializers.ChoiceField(choices=InstitutionType.choices, required=False,
                                   help_text="The institution's type.")
    valid_on = serializers.DateField(required=False, help_text="Valid on this day (default: today).")


class LiderQuerySerializer(serializers.Serializer):
    county = serializers.SlugRelatedField(slug_field="teryt", queryset=County.objects.all(), required=False,
                                          help_text="The county's TERYT code, e.g. 1201.")
    programme = serializers.ChoiceField(choices=Programme.choices, required=False)
    type = serializers.ChoiceField(choices=InstitutionType.choices, required=False)


class CertificateSerializer(CertificateStatusMixin, serializers.ModelSerializer):
    institution = serializers.PrimaryKeyRelatedField(read_only=True)
    revoked_on = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = ["id", "number", "kind", "programme", "institution", "holder_name", "holder_town", "edition_name",
                  "granted_on", "valid_from", "valid_until", "status", "revoked_on", "verification_code",
                  "verification_url"]

    def get_revoked_on(self, certificate: Certificate) -> datetime.date | None:
        return timezone.localdate(certificate.revoked_at) if certificate.revoked_at else None


# --- Institutions, editions, enrolments, audits -------------------------------------------------


class InstitutionSerializer(serializers.ModelSerializer):
    programme = serializers.ChoiceField(choices=Programme.choices, read_only=True)
    county = CountyRefSerializer(read_only=True)
    police_unit = serializers.PrimaryKeyRelatedField(read_only=True, help_text="The serving police unit's id.")

    class Meta:
        model = Institution
        fields = ["id", "name", "short_name", "type", "programme", "rspo", "regon", "street", "building",
                  "postal_code", "town", "gmina", "county", "police_unit", "is_active"]


class EditionSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="The school year, e.g. 2025/2026.")

    class Meta:
        model = Edition
        fields = ["id", "start_year", "name", "enrolment_opens", "enrolment_closes", "self_assessment_deadline",
                  "audit_window_start", "audit_window_end", "ceremony_date"]


class EditionRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Edition
        fields = ["id", "start_year", "name"]


class EnrolmentSerializer(serializers.ModelSerializer):
    edition = EditionRefSerializer(read_only=True)
    institution = serializers.PrimaryKeyRelatedField(read_only=True)
    self_assessment_deadline = serializers.DateField(read_only=True)
    self_assessment_status = serializers.SerializerMethodField(
        help_text="Empty until the self-assessment is started."
    )

    class Meta:
        model = Enrolment
        fields = ["id", "edition", "institution", "stage", "self_assessment_deadline", "self_assessment_status"]

    @extend_schema_field(serializers.ChoiceField(choices=SelfAssessment.Status.choices, allow_null=True))
    def get_self_assessment_status(self, enrolment: Enrolment) -> str | None:
        assessment = getattr(enrolment, "self_assessment", None)  # a missing reverse one-to-one raises AttributeError
        return assessment.status if assessment else None


class AuditSerializer(serializers.ModelSerializer):
    enrolment = serializers.PrimaryKeyRelatedField(read_only=True)
    institution = serializers.SerializerMethodField()
    edition = serializers.SerializerMethodField()

    class Meta:
        model = Audit
        fields = ["id", "enrolment", "institution", "edition", "kind", "date", "status", "total_points",
                  "max_points", "percent", "passed", "signed_at"]

    def get_institution(self, audit: Audit) -> int:
        return audit.enrolment.institution_id

    def get_edition(self, audit: Audit) -> int:
        return audit.enrolment.edition.start_year
