from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from reports import views as reports_views

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", reports_views.dashboard, name="dashboard"),
    path("deklaracja-dostepnosci/", views.accessibility, name="accessibility"),
    # The statement's earlier address, kept for links and bookmarks.
    path("accessibility/", RedirectView.as_view(pattern_name="accessibility", permanent=True),
         name="accessibility-old"),
    path("privacy/", views.privacy, name="privacy"),
    path("accounts/", include("institutions.urls_accounts")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("join/", include("institutions.urls_public")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("institutions/", include("institutions.urls")),
    path("partners/", include("partners.urls")),
    path("audits/", include("audits.urls")),
    path("certificates/", include("certification.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
