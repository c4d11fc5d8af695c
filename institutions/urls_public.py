"""Public pages for schools joining the programme (mounted at /join/)."""

from django.urls import path

from . import views_public

app_name = "join"

urlpatterns = [
    path("", views_public.apply, name="apply"),
    path("institutions/", views_public.institution_search, name="institution-search"),
    path("sent/", views_public.sent, name="sent"),
    path("confirm/<str:token>/", views_public.confirm, name="confirm"),
    path("confirm-again/", views_public.confirm_request, name="confirm-request"),
]
