"""Partners confirm their part of the action plan without an account, through a link sent by e-mail.

The link signs (confirmation id, nonce) with the secret key; the row keeps only the token's SHA-256, and the
token is made again when the e-mail is rendered (core.emails context builder), so the outbox never stores it.
A link confirms one item once, expires after CONFIRMATION_LIFETIME and can be revoked by the coordinator;
sending a new link for the same item and partner revokes the earlier one.
"""

import datetime
import hmac
from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.emails import email_queue
from core.lib.dates import short_date
from core.services import ServiceError
from institutions.models import User
from institutions.tokens import LinkError, LinkProblem, new_nonce, token_hash
from partners.models import Partnership

from ..models import ActionPlanItem, PartnerConfirmation
from ..uploads import CONTENT_TYPES, PDF, CheckedUpload

SALT = "audits.partner-confirmation"
CONFIRMATION_LIFETIME = timedelta(days=30)
EMAIL_TEMPLATE = "partner_confirmation_request"


class ConfirmationError(ServiceError):
    pass


def confirmation_token(confirmation: PartnerConfirmation) -> str:
    # A plain Signer (no timestamp): the token must be the same when the e-mail is rendered as when hashed.
    return signing.Signer(salt=SALT).sign_object([confirmation.pk, confirmation.nonce])


def confirmation_email_context(context: dict) -> dict:
    """Made when the e-mail is rendered: the link with its token."""
    confirmation = PartnerConfirmation.objects.get(pk=context["confirmation_id"])
    token = confirmation_token(confirmation)
    if token_hash(token) != confirmation.token_hash:  # the row was edited: never send a dead link
        raise RuntimeError(f"Partner confirmation {confirmation.pk}: token does not match the stored hash")
    return {"path": reverse("audits:partner-confirm", args=[token])}


@transaction.atomic
def confirmation_request(*, item: ActionPlanItem, partnership: Partnership, by: User) -> PartnerConfirmation:
    """Send the partner's contact a link to confirm this item; an earlier pending link to them is revoked."""
    if not item.partnerships.filter(pk=partnership.pk).exists():
        raise ConfirmationError(_("Choose one of the partners responsible for this action."))
    email = partnership.partner.email
    if not email:
        raise ConfirmationError(_("%(partner)s has no e-mail address. Add it on the partner's page first.")
                                % {"partner": partnership.partner.name})
    now = timezone.now()
    PartnerConfirmation.objects.filter(
        item=item, partnership=partnership, confirmed_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now,
    ).update(revoked_at=now, revoked_by=by)
    confirmation = PartnerConfirmation.objects.create(
        item=item, partnership=partnership, email=email, nonce=new_nonce(), requested_by=by,
        expires_at=now + CONFIRMATION_LIFETIME,
    )
    confirmation.token_hash = token_hash(confirmation_token(confirmation))
    confirmation.save(update_fields=["token_hash"])
    institution = item.self_assessment.enrolment.institution
    email_queue(template=EMAIL_TEMPLATE, to=[email], context={
        "confirmation_id": confirmation.pk, "institution": institution.name, "partner": partnership.partner.name,
        "goal": item.goal, "action": item.action, "deadline": short_date(item.deadline),
        "expires": short_date(timezone.localdate(confirmation.expires_at)), "by": str(by),
    })
    return confirmation


@transaction.atomic
def confirmation_revoke(*, confirmation: PartnerConfirmation, by: User) -> PartnerConfirmation:
    revoked = PartnerConfirmation.objects.filter(
        pk=confirmation.pk, confirmed_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now(), revoked_by=by)
    if not revoked:
        raise ConfirmationError(_("This link was already confirmed or revoked."))
    confirmation.refresh_from_db()
    return confirmation


def _check(confirmation: PartnerConfirmation | None, token: str) -> PartnerConfirmation:
    if confirmation is None or not hmac.compare_digest(confirmation.token_hash, token_hash(token)):
        raise LinkError(LinkProblem.INVALID)
    if confirmation.confirmed_at:
        raise LinkError(LinkProblem.USED)
    if confirmation.revoked_at:
        raise LinkError(LinkProblem.REVOKED)
    if confirmation.expires_at <= timezone.now():
        raise LinkError(LinkProblem.EXPIRED)
    return confirmation


def confirmation_for_token(token: str, *, lock: bool = False) -> PartnerConfirmation:
    """The confirmation a link names, if it may still be used; LinkError says why not."""
    try:
        pk, _nonce = signing.Signer(salt=SALT).unsign_object(token)
        pk = int(pk)
    except (signing.BadSignature, TypeError, ValueError):
        raise LinkError(LinkProblem.INVALID) from None
    qs = PartnerConfirmation.objects.select_related(
        "item__self_assessment__enrolment__institution", "item__self_assessment__enrolment__edition",
        "partnership__partner")
    if lock:
        qs = qs.select_for_update(of=("self",))
    return _check(qs.filter(pk=pk).first(), token)


@transaction.atomic
def confirmation_submit(
    *, token: str, done_on: datetime.date, note: str, upload=None, checked: CheckedUpload | None = None
) -> PartnerConfirmation:
    """Store what the partner confirms. The row is locked, so of two submissions one wins; a file that is
    not a PDF (by its content) is refused."""
    confirmation = confirmation_for_token(token, lock=True)
    if done_on > timezone.localdate():
        raise ConfirmationError(_("The date cannot be in the future."), field="done_on")
    note = note.strip()
    if not note:
        raise ConfirmationError(_("Describe briefly what was done."), field="note")
    if upload is not None:
        if checked is None or checked.content_type != CONTENT_TYPES[PDF]:
            raise ConfirmationError(_("Attach a PDF file."), field="file")
        upload.seek(0)
        confirmation.file.save(checked.display_name, upload, save=False)
        confirmation.file_name, confirmation.file_size, confirmation.file_sha256 = (
            checked.display_name, checked.size, checked.sha256)
    confirmation.done_on, confirmation.note, confirmation.confirmed_at = done_on, note, timezone.now()
    confirmation.save(update_fields=["done_on", "note", "confirmed_at", "file", "file_name", "file_size",
                                     "file_sha256"])
    return confirmation
