"""Writes for institutions, coordinators and users."""

from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from zpb.emails import email_queue

from . import rspo
from .models import Institution, RspoImport, User

RSPO_CHANGE_REASON = "RSPO import"


class InstitutionError(Exception):
    """A rule was broken; the message is shown to the user."""


@transaction.atomic
def institution_save(*, institution: Institution) -> Institution:
    """Create or update; the serving police unit defaults from the county."""
    if institution.police_unit_id is None:
        institution.police_unit = institution.county.police_unit
    institution.save()
    return institution


@transaction.atomic
def institution_set_active(*, institution: Institution, active: bool) -> Institution:
    # Institutions are never deleted: their history (self-assessments, audits, certificates) must stay.
    institution.is_active = active
    institution.save(update_fields=["is_active", "updated_at"])
    return institution


@transaction.atomic
def coordinator_add(*, institution: Institution, user: User) -> None:
    if not user.is_coordinator:
        raise InstitutionError(_("Only users with the coordinator role can coordinate an institution."))
    institution.coordinators.add(user)


@transaction.atomic
def coordinator_remove(*, institution: Institution, user: User) -> None:
    institution.coordinators.remove(user)


@transaction.atomic
def user_save(*, user: User) -> User:
    """Create or update an account. A new account gets no usable password but an e-mail to set one."""
    is_new = user.pk is None
    if is_new:
        user.set_unusable_password()
    if user.role != User.Role.AUDITOR and user.role != User.Role.KWP_STAFF:
        user.police_unit = None
    user.save()
    if is_new and user.email:
        user_send_invitation(user=user)
    return user


def user_send_invitation(*, user: User) -> None:
    """An e-mail with a link to set the first password (Django's reset token, valid for 3 days).

    Only the user's id is stored in the outbox; the token is made when the e-mail is rendered.
    """
    email_queue(template="invitation", to=[user.email], context={"user_id": user.pk, "username": user.username})


def invitation_context(context: dict) -> dict:
    user = User.objects.get(pk=context["user_id"])
    return {"uid": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)}


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
