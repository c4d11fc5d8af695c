"""/api/v1/: read-only endpoints. Public ones for anyone (rate-limited); the others show a token's holder exactly
what the application shows them, through the same selectors as its pages. Rows come in a stable order (by id,
or the register's own order ending in the id)."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import generics, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from audits.models import Audit, Edition, Enrolment
from audits.selectors.audits import audit_list_for_user
from audits.selectors.editions import edition_list_for_user, enrolment_list_for_user
from certification.models import Certificate
from certification.selectors import certificate_by_code, certificate_list_for_user, lider_titles, register_list
from institutions.models import County, Institution, PoliceUnit
from institutions.selectors import institution_list_for_user

from . import serializers
from .throttling import ApiThrottle, CertificateLookupThrottle

PUBLIC = "public"


# --- Public -------------------------------------------------------------------------------------


class PublicMixin:
    permission_classes = [AllowAny]


def _query(serializer_class, request: Request) -> dict:
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)  # 400 with a message per parameter
    return query.validated_data


@extend_schema(tags=[PUBLIC], parameters=[serializers.RegisterQuerySerializer])
class RegisterView(PublicMixin, generics.ListAPIView):
    """The public register: certificates and extensions valid on a day (default today), as on the register
    page, in its order (county, institution, longest valid first)."""

    serializer_class = serializers.RegisterEntrySerializer

    def get_queryset(self) -> QuerySet:
        filters = _query(serializers.RegisterQuerySerializer, self.request)
        kind = filters.pop("kind", "")
        valid_on = filters.pop("valid_on", None) or timezone.localdate()
        qs = register_list(today=valid_on, **filters)
        if kind:
            qs = qs.filter(kind=kind)
        return qs.order_by(*qs.query.order_by, "pk")


@extend_schema(tags=[PUBLIC], parameters=[serializers.LiderQuerySerializer])
class LiderTitlesView(PublicMixin, generics.ListAPIView):
    """Lider titles (stage III) not revoked, newest first, as on the register page."""

    serializer_class = serializers.RegisterEntrySerializer

    def get_queryset(self) -> QuerySet:
        qs = lider_titles(**_query(serializers.LiderQuerySerializer, self.request))
        return qs.order_by(*qs.query.order_by, "pk")


@extend_schema(tags=[PUBLIC], responses=serializers.PublicCertificateSerializer)
class VerifyView(PublicMixin, generics.GenericAPIView):
    """A certificate by its verification code (printed on it and in its QR code), as the verification page
    shows it. The page's per-address limit on look-ups applies here too."""

    serializer_class = serializers.PublicCertificateSerializer
    throttle_classes = [ApiThrottle, CertificateLookupThrottle]

    def get(self, request: Request, code: str) -> Response:
        certificate = certificate_by_code(code)
        if certificate is None:
            raise Http404
        return Response(self.get_serializer(certificate).data)


@extend_schema(tags=[PUBLIC])
class CountyListView(PublicMixin, generics.ListAPIView):
    """Małopolska's 22 counties (powiaty) and the police unit serving each."""

    serializer_class = serializers.CountySerializer
    queryset = County.objects.order_by("teryt")


@extend_schema(tags=[PUBLIC])
class PoliceUnitListView(PublicMixin, generics.ListAPIView):
    """KWP, the city (KMP) and county (KPP) police headquarters."""

    serializer_class = serializers.PoliceUnitSerializer
    queryset = PoliceUnit.objects.order_by("pk")


# --- With a token: what the holder sees in the application ------------------------------------------


class ScopedViewSet(viewsets.ReadOnlyModelViewSet):
    """A list and a detail; another person's row is 404, as on the pages."""

    lookup_value_converter = "int"

    def get_queryset(self) -> QuerySet:
        return self.scoped(self.request.user).order_by("pk")

    def scoped(self, user) -> QuerySet:
        raise NotImplementedError


@extend_schema(tags=["institutions"])
class InstitutionViewSet(ScopedViewSet):
    """KWP staff: every institution; coordinators: theirs; a unit's prevention officers: those it serves."""

    queryset = Institution.objects.none()  # the model, for the schema; rows come from scoped()
    serializer_class = serializers.InstitutionSerializer

    def scoped(self, user):
        return institution_list_for_user(user=user)


@extend_schema(tags=["editions"])
class EditionViewSet(ScopedViewSet):
    """Editions (KWP staff; other people see the editions of their enrolments there)."""

    queryset = Edition.objects.none()  # the model, for the schema; rows come from scoped()
    serializer_class = serializers.EditionSerializer

    def scoped(self, user):
        return edition_list_for_user(user)


@extend_schema(tags=["editions"])
class EnrolmentViewSet(ScopedViewSet):
    """Enrolments with the stage sought and the self-assessment's status."""

    queryset = Enrolment.objects.none()  # the model, for the schema; rows come from scoped()
    serializer_class = serializers.EnrolmentSerializer

    def scoped(self, user):
        return enrolment_list_for_user(user).select_related("self_assessment")


@extend_schema(tags=["audits"])
class AuditViewSet(ScopedViewSet):
    """Audits and their results (points, share, passed; set when the audit is signed). Coordinators see the
    signed audits of their institutions; auditors those they are on and, as a unit's officers, those of the
    institutions it serves."""

    queryset = Audit.objects.none()  # the model, for the schema; rows come from scoped()
    serializer_class = serializers.AuditSerializer

    def scoped(self, user):
        return audit_list_for_user(user=user)


@extend_schema(tags=["certificates"])
class CertificateViewSet(ScopedViewSet):
    """Certificates, extensions and Lider titles, with their status today."""

    queryset = Certificate.objects.none()  # the model, for the schema; rows come from scoped()
    serializer_class = serializers.CertificateSerializer

    def scoped(self, user):
        return certificate_list_for_user(user=user)


# --- Documentation ---------------------------------------------------------------------------------


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI in the site's layout; its start-up script is served as a file (the CSP allows no inline
    script) and its assets come from drf-spectacular-sidecar (no CDN)."""

    template_name = "api/docs.html"
    permission_classes = [AllowAny]
    url_name = "api:schema"
