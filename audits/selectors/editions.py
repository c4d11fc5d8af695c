"""Reads for rulebooks, editions and enrolments: what a user may see, scoped in one place."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from institutions.models import Institution, User
from institutions.selectors import served_by_unit_q

from ..models import Audit, AuditTeamMember, Criterion, CriterionArea, Edition, Enrolment, RulebookVersion, Stage


def school_year_start(day: datetime.date) -> int:
    """The start year of the school year (1 September – 31 August) that contains `day`."""
    return day.year if day.month >= 9 else day.year - 1


def edition_current(*, today: datetime.date | None = None) -> Edition | None:
    """The edition whose school year contains today, if KWP staff have created it."""
    start_year = school_year_start(today or timezone.localdate())
    return Edition.objects.select_related("spb_rulebook", "uwpb_rulebook").filter(start_year=start_year).first()


# --- Rulebooks ---------------------------------------------------------------------------


def _used_by_edition(rulebook_ref) -> Exists:
    return Exists(Edition.objects.filter(Q(spb_rulebook=rulebook_ref) | Q(uwpb_rulebook=rulebook_ref)))


def rulebook_list_for_user(user: User) -> QuerySet[RulebookVersion]:
    """KWP staff only; annotated with the catalogue's sum, its size and whether an edition uses it."""
    if not user.is_kwp:
        return RulebookVersion.objects.none()
    points = Criterion.objects.filter(area__rulebook=OuterRef("pk")).values("area__rulebook")
    return RulebookVersion.objects.annotate(
        catalogue_points=Coalesce(
            Subquery(points.annotate(s=Sum("max_points")).values("s"), output_field=IntegerField()), 0
        ),
        criteria_count=Coalesce(
            Subquery(points.annotate(c=Count("pk")).values("c"), output_field=IntegerField()), 0
        ),
        is_locked=_used_by_edition(OuterRef("pk")),
    ).select_related("copied_from")


def get_rulebook_for_user(user: User, pk: int) -> RulebookVersion:
    if not user.is_kwp:
        raise PermissionDenied
    return get_object_or_404(rulebook_list_for_user(user), pk=pk)


def get_area_for_user(user: User, pk: int) -> CriterionArea:
    if not user.is_kwp:
        raise PermissionDenied
    return get_object_or_404(CriterionArea.objects.select_related("rulebook"), pk=pk)


def get_criterion_for_user(user: User, pk: int) -> Criterion:
    if not user.is_kwp:
        raise PermissionDenied
    return get_object_or_404(Criterion.objects.select_related("area__rulebook"), pk=pk)


def rulebook_is_locked(rulebook: RulebookVersion) -> bool:
    """Locked once an edition uses it: scores must keep referring to the criteria they were given against."""
    return Edition.objects.filter(Q(spb_rulebook=rulebook) | Q(uwpb_rulebook=rulebook)).exists()


@dataclass(frozen=True)
class CatalogueCheck:
    total: int
    maximum: int

    @property
    def difference(self) -> int:
        """Points still to distribute (negative: too many)."""
        return self.maximum - self.total

    @property
    def missing(self) -> int:
        return max(0, self.maximum - self.total)

    @property
    def excess(self) -> int:
        return max(0, self.total - self.maximum)

    @property
    def ok(self) -> bool:
        return self.total == self.maximum


def catalogue_check(rulebook: RulebookVersion) -> CatalogueCheck:
    total = Criterion.objects.filter(area__rulebook=rulebook).aggregate(s=Sum("max_points"))["s"] or 0
    return CatalogueCheck(total=total, maximum=rulebook.max_points)


def rulebook_catalogue(rulebook: RulebookVersion) -> QuerySet[CriterionArea]:
    """Areas in order, each with its criteria prefetched (2 queries)."""
    return rulebook.areas.prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("position", "code"))
    ).annotate(points=Coalesce(Sum("criteria__max_points"), 0))


def rulebook_default_for(programme: str, *, on: datetime.date) -> RulebookVersion | None:
    """The latest version of the programme in force on `on`."""
    return (
        RulebookVersion.objects.filter(programme=programme, effective_from__lte=on).order_by("-effective_from").first()
    )


def rulebook_editions(rulebook: RulebookVersion) -> QuerySet[Edition]:
    return Edition.objects.filter(Q(spb_rulebook=rulebook) | Q(uwpb_rulebook=rulebook)).order_by("-start_year")


# --- Editions ----------------------------------------------------------------------------


def edition_list_for_user(user: User) -> QuerySet[Edition]:
    """KWP staff only; with the number of enrolments, by programme; newest first (an aggregate query does
    not use Meta.ordering, so it is stated here)."""
    if not user.is_kwp:
        return Edition.objects.none()
    universities = Q(enrolments__institution__type="university")
    return Edition.objects.select_related("spb_rulebook", "uwpb_rulebook").annotate(
        enrolment_count=Count("enrolments"),
        university_count=Count("enrolments", filter=universities),
    ).order_by("-start_year")


def get_edition_for_user(user: User, pk: int) -> Edition:
    if not user.is_kwp:
        raise PermissionDenied
    return get_object_or_404(edition_list_for_user(user), pk=pk)


def edition_stage_counts(edition: Edition) -> dict[str, int]:
    """Enrolments of the edition per stage sought (every stage present, zeros included)."""
    from ..models import Stage

    counts = dict(edition.enrolments.values_list("stage").annotate(n=Count("pk")).order_by())
    return {stage: counts.get(stage, 0) for stage in Stage.values}


# --- Enrolments --------------------------------------------------------------------------


def enrolment_list_for_user(user: User) -> QuerySet[Enrolment]:
    """KWP staff: all; coordinators: their institutions'; auditors: those of audits they are on, and a unit's
    prevention officer also those of the institutions the unit serves (as with their audits)."""
    qs = Enrolment.objects.select_related("edition", "institution__county", "enrolled_by")
    if user.is_kwp:
        return qs
    if user.is_coordinator:
        return qs.filter(institution__coordinators=user)
    if user.is_auditor:
        live_audits = AuditTeamMember.objects.filter(audit__enrolment=OuterRef("pk"), user=user).exclude(
            audit__status=Audit.Status.CANCELLED
        )
        return qs.filter(Exists(live_audits) | served_by_unit_q(user, path="institution__"))
    return qs.none()


def get_enrolment_for_user(user: User, pk: int, *, write: bool = False) -> Enrolment:
    """404 for enrolments the user may not see; 403 when `write` (KWP actions) and the user is not KWP."""
    enrolment = get_object_or_404(enrolment_list_for_user(user), pk=pk)
    if write and not user.is_kwp:
        raise PermissionDenied
    return enrolment


def edition_enrolments(edition: Edition, *, q: str = "", stage: str = "", programme: str = "") -> QuerySet[Enrolment]:
    """The edition's enrolments for its KWP page, with the self-assessment (if started) joined."""
    qs = edition.enrolments.select_related("institution__county", "self_assessment").order_by("institution__name")
    if q:
        qs = qs.filter(Q(institution__name__icontains=q) | Q(institution__town__icontains=q)
                       | Q(institution__short_name__icontains=q))
    if stage:
        qs = qs.filter(stage=stage)
    if programme:
        qs = qs.filter(institution__in=Institution.objects.in_programme(programme))
    return qs


def institutions_enrolable(edition: Edition, institutions: QuerySet[Institution]) -> QuerySet[Institution]:
    """Active institutions of `institutions` not yet enrolled in the edition."""
    return institutions.filter(is_active=True).exclude(enrolments__edition=edition)


def get_edition_for_enrolment(user: User, pk: int) -> Edition:
    """Any edition, for the users who may enrol an institution in it (KWP staff and coordinators)."""
    if not (user.is_kwp or user.is_coordinator):
        raise PermissionDenied
    return get_object_or_404(Edition.objects.select_related("spb_rulebook", "uwpb_rulebook"), pk=pk)


def withdrawn_enrolments(edition: Edition) -> QuerySet:
    """The trail of enrolments withdrawn from the edition: who and when."""
    return Enrolment.history.filter(edition_id=edition.pk, history_type="-").select_related(
        "institution", "history_user").order_by("-history_date")


def enrolment_rows(institutions: list[Institution], edition: Edition, *, user: User) -> list[dict]:
    """Per institution: its enrolment in the edition, or whether it can be enrolled now and at which stage."""
    from ..services.editions import enrolment_refusal, stage_offered  # the services import this module

    enrolments = {e.institution_id: e for e in edition.enrolments.filter(institution__in=institutions)}
    refusal = enrolment_refusal(edition, by=user)
    rows = []
    for institution in institutions:
        can_enrol = institution.pk not in enrolments and refusal is None and institution.is_active
        offered = stage_offered(institution, edition) if can_enrol else None
        rows.append({"institution": institution, "enrolment": enrolments.get(institution.pk), "can_enrol": can_enrol,
                     "offered": Stage(offered).label if offered else ""})
    return rows
