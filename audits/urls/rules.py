from django.urls import path

from ..views import rules as views

urlpatterns = [
    path("rules/", views.rules_public, name="rules-public"),
    path("rules/<slug:programme>.pdf", views.rules_public_pdf, name="rules-public-pdf"),
]
