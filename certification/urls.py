from django.urls import path

from . import views
from . import views_commission as vc
from . import views_public as vp

app_name = "certification"

urlpatterns = [
    path("", views.certificate_list, name="certificate-list"),
    path("<int:pk>/", views.certificate_detail, name="certificate-detail"),
    path("<int:pk>/pdf/", views.certificate_pdf, name="certificate-pdf"),
    path("<int:pk>/rerender/", views.certificate_rerender, name="certificate-rerender"),
    path("<int:pk>/revoke/", views.certificate_revoke, name="certificate-revoke"),
    path("institutions/<int:pk>/timeline/", views.institution_timeline, name="institution-timeline"),
    path("decisions/", views.decision_list, name="decision-list"),
    path("decisions/<int:pk>/issue/", views.decision_issue, name="decision-issue"),
    path("batches/new/", views.batch_create, name="batch-create"),
    path("batches/<int:pk>/", views.batch_detail, name="batch-detail"),
    path("batches/<int:pk>/status/", views.batch_status, name="batch-status"),
    path("batches/<int:pk>/retry/", views.batch_retry, name="batch-retry"),
    path("batches/<int:pk>/zip/", views.batch_zip, name="batch-zip"),
    # The commission → the Komendant's list → grants (docs/commission.md); the gala's files.
    path("commissions/", vc.commission_list, name="commission-list"),
    path("commissions/edition/<int:edition_pk>/", vc.commission_setup, name="commission-setup"),
    path("commissions/<int:pk>/", vc.commission_detail, name="commission-detail"),
    path("commissions/<int:pk>/audits/<int:audit_pk>/", vc.recommendation_edit, name="recommendation-edit"),
    path("commissions/<int:pk>/proposals/new/", vc.proposal_open, name="proposal-open"),
    path("proposals/<int:pk>/", vc.proposal_detail, name="proposal-detail"),
    path("proposals/<int:pk>/approve/", vc.proposal_approve, name="proposal-approve"),
    path("proposals/<int:pk>/close/", vc.proposal_close, name="proposal-close"),
    path("proposals/<int:pk>/list.pdf", vc.proposal_list_pdf, name="proposal-list-pdf"),
    path("proposals/<int:pk>/rerender/", vc.proposal_list_rerender, name="proposal-list-rerender"),
    path("proposals/<int:pk>/komendant/", vc.proposal_komendant, name="proposal-komendant"),
    path("ceremony/", vc.ceremony_page, name="ceremony"),
    path("ceremony/<int:edition_pk>/new/", vc.ceremony_file_create, name="ceremony-file-create"),
    path("ceremony/files/<int:pk>/", vc.ceremony_file_download, name="ceremony-file-download"),
    # Public, no login: the QR code on the printed certificate points at verify-code.
    path("verify/", views.verify, name="verify"),
    path("verify/file/", views.verify_file, name="verify-file"),  # before verify-code: "file" is not a code
    path("verify/<str:code>/", views.verify, name="verify-code"),
    path("register/", views.register, name="register"),
    # The register as open data (docs/open-data.md) and the badge schools embed (docs/badge-and-map.md).
    path("register/data/", vp.open_data_page, name="open-data"),
    path("register/data.csv", vp.open_data_csv, name="open-data-csv"),
    path("register/data.json", vp.open_data_json, name="open-data-json"),
    path("badge/<str:public_id>.svg", vp.badge, name="badge"),
    path("badge/<str:public_id>/", vp.badge_link, name="badge-link"),
]
