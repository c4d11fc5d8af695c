import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.lib.validators import validate_postal_code, validate_regon, validate_rspo


class Programme(models.TextChoices):
    SPB = "SPB", _("Safety Promoting School")
    UWPB = "UWPB", _("Safety Promoting University")


class County(models.Model):
    """A powiat of Małopolska (reference data, loaded by a migration)."""

    teryt = models.CharField(_("TERYT code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=60)
    is_city = models.BooleanField(_("city with county rights"), default=False)
    police_unit = models.ForeignKey(
        "PoliceUnit",
        verbose_name=_("serving police unit"),
        on_delete=models.PROTECT,
        related_name="counties",
    )

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PoliceUnit(models.Model):
    class Kind(models.TextChoices):
        KWP = "KWP", _("Regional Police Headquarters")
        KMP = "KMP", _("City Police Headquarters")
        KPP = "KPP", _("County Police Headquarters")

    kind = models.CharField(_("kind"), max_length=3, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, unique=True)
    town = models.CharField(_("town"), max_length=60)

    class Meta:
        verbose_name = _("police unit")
        verbose_name_plural = _("police units")
        ordering = ["kind", "town"]

    def __str__(self) -> str:
        return self.short_name


class User(AbstractUser):
    """A person who signs in. What they may see follows from `role` (see selectors)."""

    suggested: bool  # set by audits' auditor_candidates for the team picker, not a field

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        AUDITOR = "auditor", _("Police auditor")
        KWP_STAFF = "kwp", _("KWP staff")

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.COORDINATOR)
    police_unit = models.ForeignKey(
        PoliceUnit,
        verbose_name=_("police unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
        help_text=_("Required for police auditors."),
    )
    # Audit teams mix KWP's departments (e.g. Wydział Prewencji) with officers of the county unit.
    department = models.CharField(_("department"), max_length=120, blank=True)
    # Granted by KWP staff to a police auditor: sees every institution the unit serves (the county view).
    is_unit_officer = models.BooleanField(
        _("prevention officer of the unit"), default=False,
        help_text=_("Police auditors only: sees the institutions, audits and certificates of the counties the "
                    "unit serves."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")  # type: ignore[assignment]  # AbstractUser.Meta is typed str
        verbose_name_plural = _("users")  # type: ignore[assignment]
        ordering = ["last_name", "first_name", "username"]
        indexes = [models.Index(fields=["role", "last_name", "first_name"], name="user_role_name")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="auditor") | Q(police_unit__isnull=False),
                name="auditor_has_police_unit",
            ),
            models.CheckConstraint(
                condition=Q(is_unit_officer=False) | Q(role="auditor"), name="unit_officer_is_auditor",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_kwp(self) -> bool:
        return self.is_active and (self.role == self.Role.KWP_STAFF or self.is_superuser)

    @property
    def is_coordinator(self) -> bool:
        return self.role == self.Role.COORDINATOR

    @property
    def is_auditor(self) -> bool:
        return self.role == self.Role.AUDITOR

    @property
    def served_unit_id(self) -> int | None:
        """The police unit whose institutions this user sees as its officer (the county view), or None."""
        if self.is_active and self.is_auditor and self.is_unit_officer:
            return self.police_unit_id
        return None

    @property
    def is_administrator(self) -> bool:
        """Has the admin site or every permission: out of KWP staff's reach (an address change plus a password
        reset would hand them powers KWP staff lack), and never a coordinator (createsuperuser keeps the
        default role)."""
        return self.is_superuser or self.is_staff


# The same as User.is_administrator, for querysets.
ADMINISTRATORS = Q(is_superuser=True) | Q(is_staff=True)


class InstitutionType(models.TextChoices):
    """RSPO type names (closed ones kept for history) plus universities, which RSPO does not list."""

    PRIMARY = "primary", _("Primary school")
    GIMNAZJUM = "gimnazjum", _("Lower secondary school (gimnazjum)")
    GENERAL_SECONDARY = "general_secondary", _("General secondary school")
    TECHNICAL = "technical", _("Technical secondary school")
    VOCATIONAL_1 = "vocational_1", _("Stage I sectoral vocational school")
    VOCATIONAL_2 = "vocational_2", _("Stage II sectoral vocational school")
    POST_SECONDARY = "post_secondary", _("Post-secondary school")
    SCHOOL_COMPLEX = "school_complex", _("Complex of schools and educational institutions")
    UNIVERSITY = "university", _("University")


# RSPO's own type names (as in its CSV exports, lower-cased) mapped to our types.
RSPO_TYPE_NAMES = {
    "szkoła podstawowa": InstitutionType.PRIMARY,
    "gimnazjum": InstitutionType.GIMNAZJUM,
    "liceum ogólnokształcące": InstitutionType.GENERAL_SECONDARY,
    "technikum": InstitutionType.TECHNICAL,
    "branżowa szkoła i stopnia": InstitutionType.VOCATIONAL_1,
    "branżowa szkoła ii stopnia": InstitutionType.VOCATIONAL_2,
    "szkoła policealna": InstitutionType.POST_SECONDARY,
    "zespół szkół i placówek oświatowych": InstitutionType.SCHOOL_COMPLEX,
}


def programme_for_type(institution_type: str) -> str:
    return Programme.UWPB if institution_type == InstitutionType.UNIVERSITY else Programme.SPB


def in_programme_q(programme: str, *, path: str = "") -> Q:
    """A filter for rows whose institution (reached through `path`, e.g. "enrolment__institution__")
    belongs to `programme`: universities to UWPB, every school to SPB."""
    universities = Q(**{f"{path}type": InstitutionType.UNIVERSITY})
    return universities if programme == Programme.UWPB else ~universities


# Lower case letters and digits without the look-alikes (0/o, 1/l/i): read off a web page's source and typed.
PUBLIC_ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
PUBLIC_ID_LENGTH = 12


def new_public_id() -> str:
    """A random, stable public identifier (the badge's address): never the sequential primary key."""
    return "".join(secrets.choice(PUBLIC_ID_ALPHABET) for _ in range(PUBLIC_ID_LENGTH))


class InstitutionQuerySet(models.QuerySet["Institution"]):
    def in_programme(self, programme: str) -> "InstitutionQuerySet":
        return self.filter(in_programme_q(programme))


class Institution(models.Model):
    type = models.CharField(_("type"), max_length=30, choices=InstitutionType.choices)
    # The institution's address in public URLs (its certificate badge), so the sequential pk never shows.
    public_id = models.CharField(
        _("public identifier"), max_length=PUBLIC_ID_LENGTH, unique=True, default=new_public_id, editable=False
    )
    name = models.CharField(_("full name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    rspo = models.CharField(
        _("RSPO number"), max_length=10, blank=True, validators=[validate_rspo],
        help_text=_("Schools only: the number in the Register of Schools and Educational Institutions."),
    )
    regon = models.CharField(_("REGON"), max_length=14, blank=True, validators=[validate_regon])
    street = models.CharField(_("street"), max_length=120, blank=True)
    building = models.CharField(_("building number"), max_length=20, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, validators=[validate_postal_code])
    town = models.CharField(_("town"), max_length=80)
    gmina = models.CharField(_("commune (gmina)"), max_length=80, blank=True)
    county = models.ForeignKey(County, verbose_name=_("county"), on_delete=models.PROTECT, related_name="institutions")
    police_unit = models.ForeignKey(
        PoliceUnit, verbose_name=_("serving police unit"), on_delete=models.PROTECT, related_name="institutions"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    joined_on = models.DateField(_("joined the programme"), null=True, blank=True)
    is_active = models.BooleanField(pgettext_lazy("institution", "active"), default=True)
    coordinators = models.ManyToManyField(
        User, verbose_name=_("coordinators"), related_name="coordinated_institutions", blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[coordinators])
    objects = InstitutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]
        indexes = [models.Index(fields=["name"], name="institution_name"),
                   models.Index(fields=["county", "name"], name="institution_county_name")]
        constraints = [
            models.UniqueConstraint(fields=["rspo"], condition=~Q(rspo=""), name="unique_rspo_when_present"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("institutions:detail", args=[self.pk])

    @property
    def programme(self) -> str:
        return programme_for_type(self.type)

    def get_programme_display(self) -> str:
        return str(Programme(self.programme).label)

    @property
    def takes_part(self) -> bool:
        """Already in the programme: it cannot apply to join again (its coordinators or KWP act for it)."""
        return self.is_active and self.joined_on is not None

    def coordinator_emails(self) -> list[str]:
        """Where notices to the institution go: its active coordinators' addresses."""
        return list(self.coordinators.filter(is_active=True).exclude(email="").values_list("email", flat=True))

    @property
    def address(self) -> str:
        street = " ".join(part for part in (self.street, self.building) if part)
        return ", ".join(part for part in (street, f"{self.postal_code} {self.town}") if part.strip())


class RspoImport(models.Model):
    """An uploaded RSPO export: previewed first, applied on confirmation."""

    uploaded_by = models.ForeignKey(User, verbose_name=_("uploaded by"), on_delete=models.PROTECT)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    filename = models.CharField(_("file name"), max_length=255)
    content = models.TextField(_("content"))
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected"), default=0)

    class Meta:
        verbose_name = _("RSPO import")
        verbose_name_plural = _("RSPO imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename


class Invitation(models.Model):
    """A link to set the first password: single use, expires, superseded by a newer one.

    Only a hash of the token is stored; the raw token is signed from (id, nonce) with the secret key
    and put into the e-mail when it is rendered (see institutions/tokens.py).
    """

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="invitations")
    created_by = models.ForeignKey(
        User, verbose_name=_("invited by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    nonce = models.CharField(max_length=32, editable=False)
    token_hash = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"


class Application(models.Model):
    """A school's or university's application (zgłoszenie) to join the programme."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("E-mail not confirmed")
        NEW = "new", pgettext_lazy("application", "New")
        ACCEPTED = "accepted", pgettext_lazy("application", "Accepted")
        REJECTED = "rejected", pgettext_lazy("application", "Rejected")

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UNCONFIRMED)
    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="applications", help_text=_("The known institution the application was matched to."),
    )
    # The institution as the applicant describes it (copied from the known one when matched).
    type = models.CharField(_("type"), max_length=30, choices=InstitutionType.choices)
    name = models.CharField(_("full name"), max_length=300)
    rspo = models.CharField(_("RSPO number"), max_length=10, blank=True, validators=[validate_rspo])
    regon = models.CharField(_("REGON"), max_length=14, blank=True, validators=[validate_regon])
    street = models.CharField(_("street"), max_length=120, blank=True)
    building = models.CharField(_("building number"), max_length=20, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, validators=[validate_postal_code])
    town = models.CharField(_("town"), max_length=80)
    county = models.ForeignKey(County, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+")
    email = models.EmailField(_("institution's e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    director_name = models.CharField(_("director's name"), max_length=120)
    director_consent = models.BooleanField(_("director's consent"), default=False)
    rodo_acknowledged = models.BooleanField(_("information notice acknowledged"), default=False)
    applicant_email = models.EmailField(_("applicant's e-mail"))
    # [{"name": ..., "description": ...}]: institutions cannot import partners; partners reads this on acceptance.
    partners = models.JSONField(_("partners"), default=list, blank=True)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, verbose_name=_("decided by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"], name="application_status_created")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("institutions:application-detail", args=[self.pk])

    @property
    def address(self) -> str:
        street = " ".join(part for part in (self.street, self.building) if part)
        return ", ".join(part for part in (street, f"{self.postal_code} {self.town}") if part.strip())


class ApplicationCoordinator(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="coordinators"
    )
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    position = models.CharField(_("position"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("application coordinator")
        verbose_name_plural = _("application coordinators")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Lock(models.Model):
    """A row that work done one at a time locks (`select_for_update()`), in every supported database.

    PostgreSQL locks the row until the transaction ends; SQLite (the embedded mode) locks the whole
    database on the first write, which serialises as well.
    """

    APPLICATIONS = "applications"

    name = models.CharField(max_length=40, primary_key=True)

    def __str__(self) -> str:
        return self.name


class ApplicationEvent(models.Model):
    """Who did what to an application, and when."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        CONFIRMED = "confirmed", _("E-mail confirmed")
        ACCEPTED = "accepted", pgettext_lazy("application", "Accepted")
        REJECTED = "rejected", pgettext_lazy("application", "Rejected")
        COORDINATOR_INVITED = "invited", _("Coordinator invited")
        COORDINATOR_LINKED = "linked", _("Existing coordinator linked")

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    by = models.ForeignKey(
        User, verbose_name=_("by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
