from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from . import views, views_v1

app_name = "api"

router = SimpleRouter(use_regex_path=False)  # path converters: <int:pk>, so a non-number is 404
router.register("institutions", views_v1.InstitutionViewSet, basename="institution")
router.register("editions", views_v1.EditionViewSet, basename="edition")
router.register("enrolments", views_v1.EnrolmentViewSet, basename="enrolment")
router.register("audits", views_v1.AuditViewSet, basename="audit")
router.register("certificates", views_v1.CertificateViewSet, basename="certificate")

v1 = [
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="schema"),
    path("docs/", views_v1.DocsView.as_view(), name="docs"),
    path("register/", views_v1.RegisterView.as_view(), name="register"),
    path("register/lider/", views_v1.LiderTitlesView.as_view(), name="register-lider"),
    path("verify/<str:code>/", views_v1.VerifyView.as_view(), name="verify"),
    path("counties/", views_v1.CountyListView.as_view(), name="county-list"),
    path("police-units/", views_v1.PoliceUnitListView.as_view(), name="police-unit-list"),
    *router.urls,
]

urlpatterns = [
    path("v1/", include(v1)),
    path("tokens/", views.token_list, name="token-list"),
    path("tokens/new/", views.token_create, name="token-create"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
]
