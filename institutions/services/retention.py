"""Retention (RODO art. 5(1)(e)): personal data that no longer serve the programme are removed.

- applications whose e-mail was never confirmed: deleted after RETENTION_UNCONFIRMED_APPLICATION_DAYS;
- rejected applications: anonymised RETENTION_REJECTED_APPLICATION_DAYS after the decision (the institution's
  own data, the decision and its reason stay for the programme's records; the people's data go);
- invitations never used: deleted RETENTION_UNUSED_INVITATION_DAYS after they expired.
Accepted applications are the coordinators' data and follow the institution's participation.
"""

import logging
from dataclasses import asdict, dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import Application, ApplicationCoordinator, Invitation

logger = logging.getLogger(__name__)


@dataclass
class RetentionReport:
    unconfirmed_deleted: int = 0
    rejected_anonymised: int = 0
    invitations_deleted: int = 0
    dry_run: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def _due(now):
    unconfirmed = Application.objects.filter(
        status=Application.Status.UNCONFIRMED,
        created_at__lt=now - timedelta(days=settings.RETENTION_UNCONFIRMED_APPLICATION_DAYS),
    )
    # An emptied applicant's e-mail marks an application already anonymised.
    rejected = Application.objects.filter(
        status=Application.Status.REJECTED,
        decided_at__lt=now - timedelta(days=settings.RETENTION_REJECTED_APPLICATION_DAYS),
    ).exclude(applicant_email="")
    invitations = Invitation.objects.filter(
        used_at__isnull=True, expires_at__lt=now - timedelta(days=settings.RETENTION_UNUSED_INVITATION_DAYS)
    )
    return unconfirmed, rejected, invitations


@transaction.atomic
def retention_apply(*, dry_run: bool = False, now=None) -> RetentionReport:
    """Deletes or anonymises what is past its period; with dry_run only counts it. Returns the counts."""
    now = now or timezone.now()
    unconfirmed, rejected, invitations = _due(now)
    report = RetentionReport(
        unconfirmed_deleted=unconfirmed.count(), rejected_anonymised=rejected.count(),
        invitations_deleted=invitations.count(), dry_run=dry_run,
    )
    if dry_run:
        return report
    unconfirmed.delete()  # coordinators and events go with them (CASCADE)
    rejected_ids = list(rejected.values_list("pk", flat=True))
    ApplicationCoordinator.objects.filter(application_id__in=rejected_ids).delete()
    Application.objects.filter(pk__in=rejected_ids).update(applicant_email="", director_name="")
    invitations.delete()
    logger.info("retention: %s", report.as_dict())
    return report
