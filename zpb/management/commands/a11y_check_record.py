import datetime

from django.core.management.base import BaseCommand, CommandError

from zpb.a11y import record_check


class Command(BaseCommand):
    help = ("Record the date of the last automated accessibility check (shown in the accessibility statement), "
            "e.g. after a CI run of zpb/tests/test_browser_axe.py against this release.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--pages", type=int, default=0, help="how many pages and roles were checked")
        parser.add_argument("--forms", type=int, default=0, help="how many forms were checked in their error state")

    def handle(self, *args, date=None, pages=0, forms=0, **options):
        try:
            on = datetime.date.fromisoformat(date) if date else None
        except ValueError as exc:
            raise CommandError(f"--date must be YYYY-MM-DD, not {date!r}") from exc
        data = record_check(pages=pages, forms=forms, on=on)
        self.stdout.write(f"{data['date']}: {data['pages']} pages, {data['forms']} forms")
