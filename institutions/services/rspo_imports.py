"""RSPO exports: stored for preview, applied once in one transaction."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .. import rspo
from ..models import Institution, RspoImport, User
from . import InstitutionError

RSPO_CHANGE_REASON = "RSPO import"


@transaction.atomic
def rspo_import_create(*, filename: str, content: str, by: User) -> RspoImport:
    """Store an uploaded export (already read by the form) for preview; nothing is imported yet."""
    return RspoImport.objects.create(uploaded_by=by, filename=filename[:255], content=content)


@transaction.atomic
def rspo_import_apply(*, rspo_import: RspoImport, by: User) -> RspoImport:
    """Apply a stored import once: claim it, plan it against the current data, write, record counts."""
    # Compare-and-set: a second submission (double click, another tab) finds applied_at set.
    claimed = RspoImport.objects.filter(pk=rspo_import.pk, applied_at__isnull=True).update(applied_at=timezone.now())
    if not claimed:
        raise InstitutionError(_("This import has already been applied."))
    try:
        with transaction.atomic():
            results = rspo_plan_apply(records=rspo.parse(rspo_import.content), by=by)
    except IntegrityError:
        # Another import created one of these RSPO numbers in the meantime; the claim is rolled back too.
        raise InstitutionError(
            _("Some of these institutions were added by someone else meanwhile. Open the preview again.")
        ) from None
    counts = rspo.counts(results)
    RspoImport.objects.filter(pk=rspo_import.pk).update(
        created_count=counts["create"], updated_count=counts["update"],
        unchanged_count=counts["unchanged"], rejected_count=counts["reject"],
    )
    rspo_import.refresh_from_db()
    return rspo_import


@transaction.atomic
def rspo_plan_apply(*, records: list[rspo.RspoRecord], by: User | None) -> list[rspo.RowResult]:
    """Create and update institutions as planned; the matched rows are locked while planning."""
    results = rspo.plan(records, for_update=True)
    new = [
        Institution(**result.values, police_unit=result.values["county"].police_unit)
        for result in results if result.action == rspo.Action.CREATE
    ]
    changed, fields = [], {"updated_at"}
    now = timezone.now()
    for result in results:
        if result.action == rspo.Action.UPDATE and result.institution is not None:
            for change in result.changes:
                setattr(result.institution, change.field, result.values[change.field])
                fields.add(change.field)
            result.institution.updated_at = now  # bulk_update skips auto_now
            changed.append(result.institution)
    if new:
        bulk_create_with_history(new, Institution, default_user=by, default_change_reason=RSPO_CHANGE_REASON)
    if changed:
        bulk_update_with_history(
            changed, Institution, sorted(fields), default_user=by, default_change_reason=RSPO_CHANGE_REASON
        )
    return results
