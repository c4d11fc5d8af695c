from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from institutions import rspo
from institutions.services.rspo_imports import rspo_plan_apply


class Command(BaseCommand):
    help = "Shows what importing an RSPO CSV export would change; with --apply, imports it."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="RSPO export: CSV separated by semicolons, UTF-8")
        parser.add_argument("--apply", action="store_true", help="save the changes (default: preview only)")

    def handle(self, *args, file: Path, apply: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        # No size limit here, unlike the upload: the national export is far larger and still fine.
        try:
            records = rspo.read(data)
        except rspo.RspoFileError as exc:
            raise CommandError(str(exc)) from exc
        results = rspo_plan_apply(records=records, by=None) if apply else rspo.plan(records)
        for line in rspo.summary_lines(results):
            self.stdout.write(line)
        if apply:
            self.stdout.write(self.style.SUCCESS(_("The import was applied.")))
        else:
            self.stdout.write(_("Preview only: nothing was saved. Run again with --apply to import."))
