from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from institutions.views_accounts import PasswordResetView
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
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("institutions.urls_accounts")),
    # Before Django's own: the reset e-mail goes through the outbox, and the page is rate-limited.
    path("accounts/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("join/", include("institutions.urls_public")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("institutions/", include("institutions.urls")),
    path("partners/", include("partners.urls")),
    path("audits/", include("audits.urls")),
    path("certificates/", include("certification.urls")),
    path("surveys/", include("surveys.urls")),
    path("ankieta/", include("surveys.urls_public")),
    path("reports/", include("reports.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]
if settings.BENCH:  # not classified in the access matrix: the tests run without it
    urlpatterns.append(path("bench/floor/", views.bench_floor, name="bench-floor"))
