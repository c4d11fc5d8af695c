"""A large, realistic data set for load tests: each app contributes through its `scale.seed(plan)`, in
dependency order, by bulk inserts (see docs/benchmarks.md for the sizes and times)."""

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.lib.scale import ScalePlan
from zpb.local_apps import app_modules

SCALE_PASSWORD = "zpb-scale-2026"


class Command(BaseCommand):
    help = "Fills an empty database with N institutions × E editions of realistic data (bulk inserts)."

    def add_arguments(self, parser):
        parser.add_argument("--institutions", type=int, default=500)
        parser.add_argument("--editions", type=int, default=3)
        parser.add_argument("--force", action="store_true", help="Add the data even if the database is not empty.")

    def handle(self, *args, institutions: int, editions: int, force: bool, **options):
        from audits.models import Edition
        from institutions.models import Institution, User

        if institutions < 1 or editions < 1:
            raise CommandError("--institutions and --editions must be at least 1.")
        if not force and (User.objects.exists() or Institution.objects.exists() or Edition.objects.exists()):
            raise CommandError("The database already holds data: seed_scale fills an empty one "
                               "(pass --force to add to it anyway).")
        plan = ScalePlan(institutions=institutions, editions=editions, stdout=self.stdout,
                         password_hash=make_password(SCALE_PASSWORD))
        with transaction.atomic():
            for module in app_modules("scale"):
                module.seed(plan)
        plan.report(self.style.SUCCESS(f"Done. Logins (password {SCALE_PASSWORD}): kwp, audytor, koordynator."))
