from django.urls import path

from ..views import confirmations as views

urlpatterns = [
    path("self-assessments/<int:pk>/plan/<int:item_pk>/confirmations/", views.confirmation_send,
         name="confirmation-send"),
    path("confirmations/<int:pk>/revoke/", views.confirmation_revoke, name="confirmation-revoke"),
    path("confirmations/<int:pk>/file/", views.confirmation_file, name="confirmation-file"),
    # Public: the partner's link (no account).
    path("confirm/<str:token>/", views.partner_confirm, name="partner-confirm"),
]
