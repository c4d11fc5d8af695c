"""The KWP dashboard's criteria-area sums, maintained on write: frozen per audit and area when the audit is
signed, deleted when it is reopened, rebuilt for every signed audit by `manage.py rebuild_dashboard_summary`.

The sums are those of the live definition: over the criteria with both an audit score and a self-score of
the same enrolment, audit points, self points and the criteria's maximum. They cannot drift while the audit
stays signed: its scores are locked, and an accepted self-assessment is final.
"""

from django.db import transaction
from django.db.models import F, FilteredRelation, Q, QuerySet, Sum

from ..models import Audit, AuditAreaSummary, AuditScore

BATCH = 2000
_AREA = "criterion__area__"
_KEYS = ("audit", "audit__enrolment__edition", f"{_AREA}id", f"{_AREA}rulebook__programme", f"{_AREA}number",
         f"{_AREA}title")


def _live_rows(audits: QuerySet[Audit]) -> list[AuditAreaSummary]:
    """Summary rows computed from the scores of `audits`: each audit score joined to the self-assessment
    answer of the same enrolment and criterion (along unique indexes), grouped by audit and area."""
    sums = (
        AuditScore.objects.annotate(own=FilteredRelation(
            "audit__enrolment__self_assessment__answers",
            condition=Q(audit__enrolment__self_assessment__answers__criterion=F("criterion")),
        ))
        .filter(audit__in=audits, score__isnull=False, own__score__isnull=False)
        .values_list(*_KEYS)
        .annotate(points=Sum("score"), self_points=Sum("own__score"), maximum=Sum("criterion__max_points"))
        .order_by()
    )
    return [AuditAreaSummary(audit_id=audit, edition_id=edition, area_id=area, programme=programme, number=number,
                             title=title, audit_points=points, audit_max=maximum, self_points=own, self_max=maximum)
            for audit, edition, area, programme, number, title, points, own, maximum in sums]


def area_summary_freeze(*, audit: Audit) -> int:
    """Called by audit_sign inside its transaction, after the audit is marked signed."""
    AuditAreaSummary.objects.filter(audit=audit).delete()
    return len(AuditAreaSummary.objects.bulk_create(_live_rows(Audit.objects.filter(pk=audit.pk))))


def area_summary_clear(*, audit: Audit) -> None:
    """Called by audit_reopen: a reopened audit counts on the dashboard again only when signed again."""
    AuditAreaSummary.objects.filter(audit=audit).delete()


@transaction.atomic
def area_summary_rebuild() -> int:
    """Every summary row again from the live scores of every signed audit; returns the number of rows.
    One transaction: an audit signed while it runs either keeps its own rows or makes the rebuild fail on the
    unique constraint and roll back whole (run it again); no partial state is left."""
    AuditAreaSummary.objects.all().delete()
    signed = list(Audit.objects.filter(status=Audit.Status.SIGNED).order_by("pk").values_list("pk", flat=True))
    written = 0
    for start in range(0, len(signed), BATCH):
        rows = _live_rows(Audit.objects.filter(pk__in=signed[start:start + BATCH]))
        written += len(AuditAreaSummary.objects.bulk_create(rows, batch_size=BATCH))
    return written
