from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from core.lib.signing_keys import write_signing_key

DEMO_CA = "DEMO CA — nie do użytku — ZPB Certyfikacja"
DEMO_SIGNER = "DEMO — nie do użytku — KWP Kraków ZPB"
STEM = "demo-signing"


class Command(BaseCommand):
    help = ("Make a throw-away demo CA and PDF signing certificate (PKCS#12 with a random password file) for "
            "`make run` and CI; does nothing when they exist. Never use it in production (docs/signing.md).")

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(settings.VAR_DIR / "demo-signing"),
                            help="where to write demo-signing.p12 and .password (default: var/demo-signing)")
        parser.add_argument("--force", action="store_true", help="replace an existing demo key")

    def handle(self, *args, dir: str, force: bool = False, **options):
        directory = Path(dir)
        p12, password = directory / f"{STEM}.p12", directory / f"{STEM}.password"
        if p12.exists() and password.exists() and not force:
            self.stdout.write(f"Demo signing key already in {directory}")
            return
        files = write_signing_key(directory, ca_name=DEMO_CA, signer_name=DEMO_SIGNER,
                                  organisation="DEMO — nie do użytku", stem=STEM)
        self.stdout.write(f"Demo signing key: PDF_SIGNING_P12={files.p12} "
                          f"PDF_SIGNING_P12_PASSWORD_FILE={files.password_file}")
