from django.core.management.base import BaseCommand

from audits.services.area_summaries import area_summary_rebuild


class Command(BaseCommand):
    help = ("Rebuild the KWP dashboard's criteria-area sums (one row per signed audit and area) from the live "
            "audit scores and self-scores, e.g. after audits were signed outside audit_sign.")

    def handle(self, *args, **options):
        self.stdout.write(f"Dashboard area summaries rebuilt: {area_summary_rebuild()} rows.")
