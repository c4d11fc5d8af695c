from django.urls import path

from ..views import audits as views

urlpatterns = [
    path("audits/", views.audit_index, name="audit-index"),
    path("audits/mine/", views.audit_mine, name="audit-mine"),
    path("audits/edition/<int:edition_pk>/", views.audit_overview, name="audit-overview"),
    path("audits/edition/<int:edition_pk>/ranking/", views.audit_ranking, name="audit-ranking"),
    path("audits/edition/<int:edition_pk>/calendar/", views.audit_calendar, name="audit-calendar"),
    path("audits/edition/<int:edition_pk>/calendar/<str:day>/", views.audit_calendar_day,
         name="audit-calendar-day"),
    path("audits/edition/<int:edition_pk>/plan/", views.audit_plan, name="audit-plan"),
    path("audits/auditors/search/", views.auditor_search, name="auditor-search"),
    path("audits/<int:pk>/", views.audit_detail, name="audit-detail"),
    path("audits/<int:pk>/move/", views.audit_move, name="audit-move"),
    path("audits/<int:pk>/team/", views.audit_team, name="audit-team"),
    path("audits/<int:pk>/cancel/", views.audit_cancel, name="audit-cancel"),
    path("audits/<int:pk>/reopen/", views.audit_reopen, name="audit-reopen"),
    path("audits/<int:pk>/criteria/<int:criterion_pk>/score/", views.audit_score, name="audit-score"),
    path("audits/<int:pk>/sign/", views.audit_sign, name="audit-sign"),
    path("audits/<int:pk>/recommendations/", views.audit_recommendation_add, name="audit-recommendation-add"),
    path("recommendations/<int:pk>/delete/", views.audit_recommendation_delete, name="audit-recommendation-delete"),
    path("protocols/<int:pk>/pdf/", views.audit_protocol_pdf, name="audit-protocol-pdf"),
]
