from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def celery_broker_check(app_configs, **kwargs) -> list[Warning]:
    """In production, PDFs and e-mails must go to workers, not run inside web requests."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return [Warning(
            "Celery tasks run inline in the web process.",
            hint="Set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0) and run a worker and beat.",
            id="zpb.W001",
        )]
    return []


@register(Tags.security, deploy=True)
def pdf_signing_check(app_configs, **kwargs) -> list[CheckMessage]:
    """Certificates and protocols should leave signed (docs/signing.md); a configured key must load."""
    from core.lib.signing import SigningKeyError, signer, trusted_certificates

    if not settings.PDF_SIGNING_P12:
        return [Warning(
            "No PDF signing key is configured: certificates and audit protocols are issued unsigned.",
            hint="Set PDF_SIGNING_P12 and PDF_SIGNING_P12_PASSWORD_FILE (see docs/signing.md).",
            id="zpb.W002",
        )]
    try:
        signer()
        trusted_certificates()
    except SigningKeyError as exc:
        return [Error(str(exc), hint="See docs/signing.md.", id="zpb.E002")]
    return []
