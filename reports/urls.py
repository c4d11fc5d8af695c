from django.urls import path

from . import views, views_exports

app_name = "reports"

urlpatterns = [
    path("unit/", views.unit, name="unit"),
    path("exports/institutions/", views_exports.export_institutions, name="export-institutions"),
    path("exports/certificates/", views_exports.export_certificates, name="export-certificates"),
    path("exports/self-assessments/", views_exports.export_self_assessments, name="export-self-assessments"),
    path("exports/audits/<int:edition_pk>/", views_exports.export_audits, name="export-audits"),
    path("exports/survey-results/", views_exports.export_survey_results, name="export-survey-results"),
    path("exports/mine/", views_exports.export_job_list, name="export-job-list"),
    path("exports/mine/<int:pk>/", views_exports.export_job_detail, name="export-job"),
    path("exports/mine/<int:pk>/status/", views_exports.export_job_status, name="export-job-status"),
    path("exports/mine/<int:pk>/download/", views_exports.export_job_download, name="export-job-download"),
    path("history/<slug:kind>/<int:pk>/", views.history, name="history"),
]
