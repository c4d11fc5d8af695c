from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("unit/", views.unit, name="unit"),
    path("exports/institutions/", views.export_institutions, name="export-institutions"),
    path("exports/certificates/", views.export_certificates, name="export-certificates"),
    path("exports/self-assessments/", views.export_self_assessments, name="export-self-assessments"),
    path("exports/audits/<int:edition_pk>/", views.export_audits, name="export-audits"),
    path("history/<slug:kind>/<int:pk>/", views.history, name="history"),
]
