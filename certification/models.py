"""Certification decisions, certificates with their numbering and PDFs, batches and reminders.

What is printed on a certificate (number, holder, town, edition, dates) is frozen on the row
when it is issued, so a re-render months later produces the same document.
"""

import datetime
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from audits.models import Audit, Edition, Stage
from institutions.models import Institution, Programme

# No 0/O, 1/I/L: a code read off paper and typed in by hand must not be ambiguous.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(value: str) -> str:
    """What a person types ("k7m2-px9q 4trd") → the stored form ("K7M2PX9Q4TRD")."""
    return "".join(char for char in value.upper() if char.isalnum())


class Decision(models.Model):
    """The Komendant's grant (or refusal) on a signed audit (one per audit).

    Made when KWP records the Komendant's approval of the commission's list, from the commission's
    recommendation (`recommendation`); decisions recorded before the commission existed have none.
    """

    class Outcome(models.TextChoices):
        CERTIFICATE = Stage.CERTIFICATE.value, _("Grant the certificate (stage I)")
        EXTENSION = Stage.EXTENSION.value, _("Extend the certificate (stage II)")
        LIDER = Stage.LIDER.value, _("Grant the Lider title (stage III)")
        REFUSED = "refused", _("Refuse")

    audit = models.OneToOneField(Audit, verbose_name=_("audit"), on_delete=models.PROTECT, related_name="decision")
    # The audit's edition (which never changes), kept on the row like Certificate.edition: the dashboard counts an
    # edition's decisions from index decision_edition_outcome, not by joining every decision to the audits.
    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="+",
                                editable=False, db_index=False)
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    decided_on = models.DateField(_("decision date"))
    reference = models.CharField(
        _("reference"), max_length=100, help_text=_("E.g. the number of the Regional Police Commander's decision.")
    )
    note = models.TextField(_("justification"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recommendation = models.OneToOneField(
        "CommissionRecommendation", verbose_name=_("recommendation of the commission"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="decision",
    )
    # Whether its certificate has been issued: kept when a certificate is created (or deleted, certification/
    # waiting.py), so the granting decisions awaiting their certificate are a partial index's few rows.
    certificate_issued = models.BooleanField(_("certificate issued"), default=False, editable=False)

    class Meta:
        verbose_name = _("certification decision")
        verbose_name_plural = _("certification decisions")
        ordering = ["-decided_on", "-pk"]
        indexes = [
            models.Index(fields=["-decided_on", "-id"], name="decision_list_order"),
            models.Index(fields=["edition", "outcome"], name="decision_edition_outcome"),
            # Granting decisions awaiting their certificate (certification.selectors.issuable_decisions).
            models.Index(fields=["audit"], name="decision_awaiting_certificate",
                         condition=~Q(outcome="refused") & Q(certificate_issued=False)),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} – {self.audit.enrolment.institution}"

    def save(self, *args, **kwargs) -> None:
        if self.edition_id is None and self.audit_id is not None:  # made outside the services (admin, a data fix)
            self.edition_id = self.audit.edition_id
        super().save(*args, **kwargs)

    @property
    def grants(self) -> bool:
        return self.outcome != self.Outcome.REFUSED


class NumberCounter(models.Model):
    """The last certificate number used per programme and year; locked while a number is taken."""

    programme = models.CharField(max_length=4, choices=Programme.choices)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "year"], name="one_counter_per_programme_year")]

    def __str__(self) -> str:
        return f"{self.programme}/{self.year}: {self.last}"


def certificate_pdf_path(instance: "Certificate", filename: str) -> str:
    # Random, so a stored file's name reveals nothing and cannot be guessed.
    return f"certificates/{instance.granted_on:%Y}/{uuid.uuid4().hex}.pdf"


class CertificateBatch(models.Model):
    """Certificates issued together; progress is kept here so the page survives restarts."""

    class Status(models.TextChoices):
        RUNNING = "running", _("In progress")
        FINISHED = "finished", _("Finished")
        FAILED = "failed", _("Interrupted")

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RUNNING)
    total = models.PositiveIntegerField(_("certificates"), default=0)
    done = models.PositiveIntegerField(_("ready"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate batch")
        verbose_name_plural = _("certificate batches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.edition} – {timezone.localtime(self.created_at):%d.%m.%Y %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("certification:batch-detail", args=[self.pk])

    @property
    def percent(self) -> int:
        return 100 * (self.done + self.failed) // self.total if self.total else 100

    @property
    def is_running(self) -> bool:
        return self.status == self.Status.RUNNING


class CertificateQuerySet(models.QuerySet["Certificate"]):
    def valid_on(self, day: datetime.date) -> "CertificateQuerySet":
        return self.filter(revoked_at__isnull=True, valid_from__lte=day, valid_until__gte=day)


class Certificate(models.Model):
    """A certificate, its extension or a Lider title, issued on a granting decision."""

    class PdfStatus(models.TextChoices):
        PENDING = "pending", _("being prepared")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    class Status(models.TextChoices):
        VALID = "valid", _("valid")
        NOT_YET_VALID = "not_yet_valid", _("not yet valid")
        EXPIRED = "expired", _("expired")
        REVOKED = "revoked", _("revoked")

    programme = models.CharField(_("programme"), max_length=4, choices=Programme.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Stage.choices)
    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="certificates"
    )
    audit = models.ForeignKey(Audit, verbose_name=_("audit"), on_delete=models.PROTECT, related_name="certificates")
    # The edition of the audit it rests on (audit.enrolment.edition, which never changes), kept on the row so the
    # KWP dashboard counts certified institutions per edition and county from this table's index alone.
    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="+")
    decision = models.OneToOneField(
        Decision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="certificate"
    )
    number = models.CharField(_("number"), max_length=30, unique=True)
    year = models.PositiveSmallIntegerField(_("numbering year"))
    sequence = models.PositiveIntegerField(_("sequence number"))
    verification_code = models.CharField(
        _("verification code"), max_length=CODE_LENGTH, unique=True, default=new_verification_code, editable=False
    )
    granted_on = models.DateField(_("granted on"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    # Frozen at issue: what the PDF prints.
    holder_name = models.CharField(_("holder"), max_length=300)
    holder_town = models.CharField(_("town"), max_length=80)
    edition_name = models.CharField(_("edition"), max_length=20)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("revoked by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    pdf = models.FileField(_("PDF"), upload_to=certificate_pdf_path, max_length=200, blank=True)
    pdf_status = models.CharField(_("PDF"), max_length=10, choices=PdfStatus.choices, default=PdfStatus.PENDING)
    pdf_error = models.TextField(_("PDF error"), blank=True)
    pdf_requested_at = models.DateTimeField(_("PDF requested"), default=timezone.now)
    # When its render was last handed to the broker; empty when that failed (the sweep then queues it at once).
    pdf_queued_at = models.DateTimeField(_("PDF queued"), null=True, blank=True)
    pdf_rendered_at = models.DateTimeField(_("PDF rendered"), null=True, blank=True)
    # The SHA-256 of the stored (signed) PDF: an uploaded file is matched to its certificate by it.
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True, db_index=True)
    batch = models.ForeignKey(
        CertificateBatch, verbose_name=_("batch"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="certificates",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-granted_on", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year", "sequence"], name="gapless_number_per_programme_year"),
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")), name="certificate_dates_order"
            ),
        ]
        indexes = [
            models.Index(fields=["pdf_status", "pdf_requested_at"]),
            # The list's order, and the register's Lider titles (newest first).
            models.Index(fields=["-granted_on", "-number"], name="certificate_list_order"),
            models.Index(fields=["kind", "-valid_from", "holder_name"], name="certificate_kind_valid_from"),
            models.Index(fields=["valid_until", "valid_from"], name="certificate_validity"),
            # The dashboard's certified institutions and Lider titles per edition (and per county of one edition):
            # an index-only scan of the live rows, no join through audits and enrolments.
            models.Index(fields=["edition", "kind", "institution"], name="certificate_edition_live",
                         condition=Q(revoked_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("certification:certificate-detail", args=[self.pk])

    @property
    def pdf_filename(self) -> str:
        return f"certyfikat-{self.number.replace('/', '-')}.pdf"

    def get_verification_url(self) -> str:
        return settings.SITE_URL + reverse("certification:verify-code", args=[self.verification_code])

    def status_on(self, day: datetime.date) -> str:
        if self.revoked_at:
            return self.Status.REVOKED
        if day < self.valid_from:  # e.g. a Lider title granted in June for the next school year
            return self.Status.NOT_YET_VALID
        return self.Status.EXPIRED if day > self.valid_until else self.Status.VALID

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)

    @property
    def code_display(self) -> str:
        """The code in groups of four, as printed: K7M2-PX9Q-4TRD."""
        code = self.verification_code
        return "-".join(code[i : i + 4] for i in range(0, len(code), 4))

    @property
    def school_year(self) -> str:
        """For a Lider title: the school year it is held for."""
        return f"{self.valid_from.year}/{self.valid_from.year + 1}"


class CertificateEvent(models.Model):
    """The trail of a certificate: issued, rendered, re-rendered, revoked; with who and when."""

    class Action(models.TextChoices):
        ISSUED = "issued", _("issued")
        RENDERED = "rendered", _("PDF rendered")
        RENDER_FAILED = "render_failed", _("PDF rendering failed")
        RERENDER = "rerender", _("PDF re-rendering requested")
        REVOKED = "revoked", _("revoked")

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    note = models.TextField(_("note"), blank=True)
    # A render's file (its SHA-256): a copy downloaded before a re-render still matches its certificate.
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.certificate} · {self.get_action_display()}"

class ExpiryReminder(models.Model):
    """A reminder sent before a certificate expires; unique, so none is ever sent twice."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField(_("days before expiry"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("expiry reminder")
        verbose_name_plural = _("expiry reminders")
        constraints = [
            models.UniqueConstraint(fields=["certificate", "days_before"], name="one_reminder_per_threshold")
        ]

    def __str__(self) -> str:
        return f"{self.certificate} − {self.days_before}"


# --- The certification commission and the Komendant's list ------------------------------------------------


class FileStatus(models.TextChoices):
    """A document rendered by a worker: pending until the task stores it."""

    PENDING = "pending", _("being prepared")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


def generated_file_path(instance: models.Model, filename: str) -> str:
    # Random, like certificates: a stored file's name reveals nothing.
    return f"certification/{timezone.localdate():%Y}/{uuid.uuid4().hex}-{filename}"


class Commission(models.Model):
    """The certification commission (zespół certyfikujący) of an edition, set up by KWP staff."""

    edition = models.OneToOneField(Edition, verbose_name=_("edition"), on_delete=models.PROTECT,
                                   related_name="commission")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("set up by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("set up"), auto_now_add=True)

    class Meta:
        verbose_name = _("certification commission")
        verbose_name_plural = _("certification commissions")
        ordering = ["-edition__start_year"]

    def __str__(self) -> str:
        return str(_("Certification commission %(edition)s") % {"edition": self.edition.name})

    def get_absolute_url(self) -> str:
        return reverse("certification:commission-detail", args=[self.pk])

    @property
    def quorum(self) -> int:
        """A majority of the members."""
        count = getattr(self, "member_count", None)  # annotated by selectors.commission_list_for_user
        return (self.members.count() if count is None else count) // 2 + 1


class CommissionMember(models.Model):
    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT,
                             related_name="commission_memberships")
    is_chair = models.BooleanField(_("chair"), default=False)

    class Meta:
        verbose_name = _("commission member")
        verbose_name_plural = _("commission members")
        ordering = ["-is_chair", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["commission", "user"], name="one_membership_per_commission"),
            models.UniqueConstraint(fields=["commission"], condition=Q(is_chair=True), name="one_chair_per_commission"),
        ]

    def __str__(self) -> str:
        return f"{self.commission} · {self.user}"


class Proposal(models.Model):
    """One list of proposed outcomes: open while members propose, closed by the chair, then approved by
    the Komendant. An edition's late audits go to the commission's next proposal."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("proposal status", "open")
        CLOSED = "closed", _("closed, awaiting the Komendant's approval")
        APPROVED = "approved", _("approved by the Komendant")

    commission = models.ForeignKey(Commission, on_delete=models.PROTECT, related_name="proposals")
    number = models.PositiveSmallIntegerField(_("number"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("closed by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    # The list for the Komendant (wykaz), rendered by a worker once the proposal is closed.
    list_pdf = models.FileField(_("list PDF"), upload_to=generated_file_path, max_length=200, blank=True)
    list_status = models.CharField(_("list PDF"), max_length=10, choices=FileStatus.choices, blank=True)
    list_error = models.TextField(_("list PDF error"), blank=True)
    list_queued_at = models.DateTimeField(_("list PDF queued"), null=True, blank=True)  # core.lib.dispatch
    approved_on = models.DateField(_("approved by the Komendant on"), null=True, blank=True)
    approval_reference = models.CharField(_("reference of the approval"), max_length=100, blank=True)
    approval_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approval recorded by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    approval_recorded_at = models.DateTimeField(_("approval recorded"), null=True, blank=True)

    class Meta:
        verbose_name = _("commission proposal")
        verbose_name_plural = _("commission proposals")
        ordering = ["commission", "number"]
        constraints = [
            models.UniqueConstraint(fields=["commission", "number"], name="proposal_number_per_commission"),
            models.UniqueConstraint(fields=["commission"], condition=Q(status="open"),
                                    name="one_open_proposal_per_commission"),
        ]

    def __str__(self) -> str:
        return str(_("Proposal no. %(number)s") % {"number": self.number})

    def get_absolute_url(self) -> str:
        return reverse("certification:proposal-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def list_filename(self) -> str:
        return f"wykaz-{self.commission.edition.start_year}-{self.number}.pdf"


class CommissionRecommendation(models.Model):
    """The commission's proposed outcome for one signed audit (the recommendation; the grant is a Decision)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="recommendations")
    audit = models.OneToOneField(Audit, verbose_name=_("audit"), on_delete=models.PROTECT,
                                 related_name="commission_recommendation")
    outcome = models.CharField(_("proposed outcome"), max_length=20, choices=Decision.Outcome.choices)
    reason = models.TextField(_("reason"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.SET_NULL, null=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("proposed"), auto_now=True)

    class Meta:
        verbose_name = _("recommendation of the commission")
        verbose_name_plural = _("recommendations of the commission")

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} – {self.audit.enrolment.institution}"


class ProposalApproval(models.Model):
    """A member's approval of the proposal list as it stood; any change to the list clears them."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="approvals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT,
                             related_name="+")
    at = models.DateTimeField(_("approved"), auto_now_add=True)

    class Meta:
        verbose_name = _("approval of a proposal")
        verbose_name_plural = _("approvals of proposals")
        ordering = ["at"]
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="one_approval_per_member")]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.user}"


class CeremonyFile(models.Model):
    """A file for the edition's gala, rendered by a worker: every certificate in one PDF, or the recipients."""

    class Kind(models.TextChoices):
        PRINT = "print", _("print file of all certificates (PDF)")
        RECIPIENTS = "recipients", _("list of recipients (XLSX)")

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=FileStatus.choices, default=FileStatus.PENDING)
    file = models.FileField(_("file"), upload_to=generated_file_path, max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    count = models.PositiveIntegerField(_("certificates"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.SET_NULL, null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)  # core.lib.dispatch: lost or in flight
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("ceremony file")
        verbose_name_plural = _("ceremony files")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.edition}"

    @property
    def filename(self) -> str:
        extension = "pdf" if self.kind == self.Kind.PRINT else "xlsx"
        stem = "certyfikaty-gala" if self.kind == self.Kind.PRINT else "wyroznieni-gala"
        return f"{stem}-{self.edition.start_year}.{extension}"
