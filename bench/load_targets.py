"""What the load benchmark requests: a session per role and the pages to measure, as JSON on stdout.

Run by bench/load.py with the app's settings and the benchmark database (DATABASE_URL), after seed_scale.
The sessions are made here (no password round trip: the seed's hashes are for any hasher).
"""

import json
import os
import sys
from importlib import import_module
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zpb.settings")


def session_for(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def targets() -> dict:
    import django

    django.setup()
    from django.db.models import Count
    from django.urls import reverse

    from audits.models import Audit, Edition
    from certification.models import Certificate
    from institutions.models import Institution, User

    users = {role: User.objects.get(username=name) for role, name in
             (("kwp", "kwp"), ("auditor", "audytor"), ("coordinator", "koordynator"))}
    editions = list(Edition.objects.order_by("-start_year"))
    current, past = editions[0], editions[1] if len(editions) > 1 else editions[0]
    # The institution with the longest history: the heaviest institution page.
    institution = Institution.objects.annotate(n=Count("enrolments")).order_by("-n", "pk").first()
    audit = Audit.objects.filter(team__user=users["auditor"], status=Audit.Status.SIGNED).order_by("-date").first()
    certificate = Certificate.objects.filter(revoked_at__isnull=True).order_by("-granted_on").first()
    if institution is None or certificate is None:
        raise SystemExit("The benchmark database holds no institutions or certificates: run seed_scale first.")
    pages = [
        ("KWP start page", "kwp", reverse("dashboard")),
        ("KWP dashboard, last full edition", "kwp", f"{reverse('dashboard')}?edition={past.pk}"),
        ("audit overview", "kwp", reverse("audits:audit-overview", args=[past.pk])),
        ("audit planning", "kwp", reverse("audits:audit-plan", args=[current.pk])),
        ("audit calendar", "kwp", reverse("audits:audit-calendar", args=[past.pk])),
        ("audit ranking", "kwp", reverse("audits:audit-ranking", args=[past.pk])),
        ("decisions list", "kwp", f"{reverse('certification:decision-list')}?edition={past.pk}"),
        ("institution page (KWP)", "kwp", reverse("institutions:detail", args=[institution.pk])),
        ("self-assessment review list", "kwp", reverse("audits:self-assessment-review-list")),
        ("certificates list", "kwp", reverse("certification:certificate-list")),
        ("institutions list", "kwp", reverse("institutions:list")),
        ("auditor start page", "auditor", reverse("dashboard")),
        ("coordinator start page", "coordinator", reverse("dashboard")),
        ("public register", None, reverse("certification:register")),
        ("public home page", None, reverse("home")),
        ("verification by code", None, reverse("certification:verify-code", args=[certificate.verification_code])),
    ]
    if audit is not None:
        pages.append(("audit page (auditor, scoring)", "auditor", reverse("audits:audit-detail", args=[audit.pk])))
    return {
        "sessions": {role: session_for(user) for role, user in users.items()},
        "floor": reverse("bench-floor"),
        "pages": [{"name": name, "role": role, "url": url} for name, role, url in pages],
    }


if __name__ == "__main__":
    json.dump(targets(), sys.stdout)
