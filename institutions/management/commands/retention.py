from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from institutions.services.retention import retention_apply


class Command(BaseCommand):
    help = "Delete or anonymise applications and invitations past their retention period (RODO)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be removed.")

    def handle(self, *args, dry_run=False, **options):
        report = retention_apply(dry_run=dry_run)
        heading = _("Would remove (dry run):") if dry_run else _("Removed:")
        self.stdout.write(heading)
        self.stdout.write(_("  unconfirmed applications deleted: %(n)d") % {"n": report.unconfirmed_deleted})
        self.stdout.write(_("  rejected applications anonymised: %(n)d") % {"n": report.rejected_anonymised})
        self.stdout.write(_("  unused invitations deleted: %(n)d") % {"n": report.invitations_deleted})
