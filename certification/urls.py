from django.urls import path

from . import views

app_name = "certification"

urlpatterns = [
    path("", views.certificate_list, name="certificate-list"),
    path("<int:pk>/", views.certificate_detail, name="certificate-detail"),
    path("<int:pk>/pdf/", views.certificate_pdf, name="certificate-pdf"),
    path("<int:pk>/rerender/", views.certificate_rerender, name="certificate-rerender"),
    path("<int:pk>/revoke/", views.certificate_revoke, name="certificate-revoke"),
    path("decisions/", views.decision_list, name="decision-list"),
    path("decisions/audit/<int:audit_pk>/", views.decision_create, name="decision-create"),
    path("decisions/<int:pk>/issue/", views.decision_issue, name="decision-issue"),
    path("batches/new/", views.batch_create, name="batch-create"),
    path("batches/<int:pk>/", views.batch_detail, name="batch-detail"),
    path("batches/<int:pk>/status/", views.batch_status, name="batch-status"),
    path("batches/<int:pk>/retry/", views.batch_retry, name="batch-retry"),
    path("batches/<int:pk>/zip/", views.batch_zip, name="batch-zip"),
    # Public, no login: the QR code on the printed certificate points at verify-code.
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify, name="verify-code"),
    path("register/", views.register, name="register"),
]
