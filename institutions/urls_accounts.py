"""The user's own account (mounted at /accounts/, next to Django's sign-in and password pages)."""

from django.urls import path

from . import views_accounts, views_public

app_name = "accounts"

urlpatterns = [
    path("profile/", views_accounts.profile, name="profile"),
    path("profile/email/", views_accounts.email_change, name="email-change"),
    path("email/<str:token>/", views_public.email_confirm, name="email-confirm"),
    path("invitation/<str:token>/", views_public.invitation, name="invitation"),
    path("invitation-again/", views_public.invitation_request, name="invitation-request"),
]
