"""Demo data for `make run`: each app contributes through its `demo.seed(stdout)`, in dependency order."""

from django.core.management.base import BaseCommand
from django.db import transaction

from zpb.local_apps import app_modules

DEMO_PASSWORD = "zpb-demo-2026"


class Command(BaseCommand):
    help = "Creates a believable demo data set (idempotent: does nothing if it exists)."

    def handle(self, *args, **options):
        from institutions.models import User

        if User.objects.filter(username="kwp").exists():
            self.stdout.write("Demo data already present.")
        else:
            with transaction.atomic():
                for module in app_modules("demo"):
                    module.seed(self.stdout, password=DEMO_PASSWORD)
        self.print_logins()

    def print_logins(self):
        from institutions.models import User

        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password for all: {DEMO_PASSWORD}):"))
        for user in User.objects.filter(
            username__in=["kwp", "koordynator", "koordynator2", "audytor", "audytor2"]
        ).order_by("role"):
            self.stdout.write(f"  {user.username:<14} {user.get_role_display()}")
        self.stdout.write("Open the address the server prints below (http://127.0.0.1:8000/ by default) and log in.\n")
