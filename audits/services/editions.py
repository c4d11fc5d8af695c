"""Writes for rulebooks, editions and enrolments, and the rules behind them.

Locking: a rulebook version is frozen once an edition uses it. Every change to a rulebook or its
catalogue locks the rulebook's row first, and saving an edition locks the rows of the rulebooks it
uses, so a change and a first use never interleave.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.lib.dates import full_years, short_date
from core.lib.history import history_author
from core.services import ServiceError
from institutions.models import Institution, Programme, User

from ..certification_hooks import CertificateRecord, certificate_history
from ..models import Audit, Criterion, CriterionArea, Edition, Enrolment, RulebookVersion, Stage
from ..selectors.editions import catalogue_check, rulebook_default_for, rulebook_is_locked, school_year_start

# An extension may be sought while the certificate is valid and up to a year after it expired;
# later the institution starts again at stage I.
EXTENSION_GRACE = datetime.timedelta(days=365)
CODE_RE = re.compile(r"^\d+(\.\d+)+$")


class EditionsError(ServiceError):
    """A rule refused the change; the message is translated and meant for the user."""


def _delete_files(storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


def _d(day: datetime.date) -> str:
    return short_date(day)


# --- Rulebooks ---------------------------------------------------------------------------


def locked_message() -> str:
    return _("This rulebook version is used by an edition and can no longer be changed. "
             "Make a new version of it instead.")


def _lock_unlocked(rulebook_id: int) -> RulebookVersion:
    rulebook = RulebookVersion.objects.select_for_update().get(pk=rulebook_id)
    if rulebook_is_locked(rulebook):
        raise EditionsError(locked_message())
    return rulebook


def _check_unique_date(rulebook: RulebookVersion) -> None:
    clash = RulebookVersion.objects.filter(programme=rulebook.programme, effective_from=rulebook.effective_from)
    if clash.exclude(pk=rulebook.pk).exists():
        raise EditionsError(_("This programme already has a rulebook version in force from %(date)s.")
                            % {"date": _d(rulebook.effective_from)})


@transaction.atomic
def rulebook_save(*, rulebook: RulebookVersion) -> RulebookVersion:
    """Create a rulebook version, or change one that no edition uses yet."""
    if rulebook.pk:
        _lock_unlocked(rulebook.pk)
    _check_unique_date(rulebook)
    rulebook.save()
    return rulebook


@transaction.atomic
def rulebook_copy(*, rulebook: RulebookVersion, name: str, effective_from: datetime.date) -> RulebookVersion:
    """A new, unlocked version with the same rules and a copy of every area and criterion."""
    copy = RulebookVersion(
        programme=rulebook.programme, name=name, effective_from=effective_from, copied_from=rulebook,
        certificate_validity_years=rulebook.certificate_validity_years,
        extension_validity_years=rulebook.extension_validity_years, max_points=rulebook.max_points,
        pass_threshold_percent=rulebook.pass_threshold_percent, lider_min_years=rulebook.lider_min_years,
        lider_requires_valid_certificate=rulebook.lider_requires_valid_certificate,
    )
    _check_unique_date(copy)
    copy.save()
    for area in rulebook.areas.prefetch_related("criteria"):
        new_area = CriterionArea.objects.create(rulebook=copy, number=area.number, title=area.title)
        Criterion.objects.bulk_create(
            Criterion(area=new_area, code=c.code, position=c.position, title=c.title,
                      guidance_coordinator=c.guidance_coordinator, guidance_auditor=c.guidance_auditor,
                      max_points=c.max_points, evidence_required=c.evidence_required)
            for c in area.criteria.all()
        )
    return copy


@transaction.atomic
def rulebook_delete(*, rulebook: RulebookVersion) -> None:
    _lock_unlocked(rulebook.pk).delete()


@transaction.atomic
def area_save(*, area: CriterionArea) -> CriterionArea:
    _lock_unlocked(area.rulebook_id)
    if CriterionArea.objects.filter(rulebook_id=area.rulebook_id, number=area.number).exclude(pk=area.pk).exists():
        raise EditionsError(_("Area %(number)s already exists in this rulebook version.") % {"number": area.number})
    area.save()
    return area


@transaction.atomic
def area_delete(*, area: CriterionArea) -> None:
    _lock_unlocked(area.rulebook_id)
    area.delete()


@transaction.atomic
def criterion_save(*, criterion: Criterion) -> Criterion:
    """Codes look like "2.3": they start with the area's number and are unique in the rulebook."""
    area = CriterionArea.objects.get(pk=criterion.area_id)
    _lock_unlocked(area.rulebook_id)
    if not CODE_RE.match(criterion.code) or criterion.code.split(".")[0] != str(area.number):
        raise EditionsError(_("The code must start with the area's number, e.g. %(example)s.")
                            % {"example": f"{area.number}.1"})
    same_code = Criterion.objects.filter(area__rulebook_id=area.rulebook_id, code=criterion.code)
    if same_code.exclude(pk=criterion.pk).exists():
        raise EditionsError(_("Criterion %(code)s already exists in this rulebook version.") % {"code": criterion.code})
    criterion.save()
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: Criterion) -> None:
    _lock_unlocked(criterion.area.rulebook_id)
    criterion.delete()


def catalogue_error(rulebook: RulebookVersion) -> str | None:
    """Why the rulebook cannot be used by an edition yet (with the sum and the difference), or None."""
    check = catalogue_check(rulebook)
    if check.ok:
        return None
    values = {"name": rulebook.name, "total": check.total, "maximum": check.maximum}
    if check.missing:
        message = _("The criteria of „%(name)s” add up to %(total)s points, but the maximum is %(maximum)s: "
                    "%(difference)s points are missing. Correct the catalogue before an edition uses it.")
        return message % {**values, "difference": check.missing}
    message = _("The criteria of „%(name)s” add up to %(total)s points, but the maximum is %(maximum)s: "
                "%(difference)s points too many. Correct the catalogue before an edition uses it.")
    return message % {**values, "difference": check.excess}


# --- Editions ----------------------------------------------------------------------------


def edition_defaults(start_year: int) -> dict:
    """Initial values for a new edition of the school year starting in `start_year`."""
    end = start_year + 1
    start = datetime.date(start_year, 9, 1)
    return {
        "start_year": start_year,
        "spb_rulebook": rulebook_default_for(Programme.SPB, on=start),
        "uwpb_rulebook": rulebook_default_for(Programme.UWPB, on=start),
        "enrolment_opens": start,
        "enrolment_closes": datetime.date(start_year, 10, 31),
        "self_assessment_deadline": datetime.date(end, 3, 31),
        "audit_window_start": datetime.date(end, 5, 1),
        "audit_window_end": datetime.date(end, 6, 30),
    }


def edition_next_start_year(*, today: datetime.date | None = None) -> int:
    """The first school year from the current one on that has no edition yet."""
    year = school_year_start(today or timezone.localdate())
    taken = set(Edition.objects.filter(start_year__gte=year).values_list("start_year", flat=True))
    while year in taken:
        year += 1
    return year


def edition_errors(edition: Edition) -> dict[str, list[str]]:
    """Every broken date or rulebook rule of the edition, by field."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    e, end = edition, edition.start_year + 1
    may_1, june_30 = datetime.date(end, 5, 1), datetime.date(end, 6, 30)
    for name in ("audit_window_start", "audit_window_end"):
        if not may_1 <= getattr(e, name) <= june_30:
            add(name, _("Audits take place in May and June: the window must lie between %(start)s and %(end)s.")
                % {"start": _d(may_1), "end": _d(june_30)})
    if e.audit_window_end < e.audit_window_start:
        add("audit_window_end", _("The audit window cannot end before it starts."))
    if e.self_assessment_deadline >= e.audit_window_start:
        add("self_assessment_deadline", _("The self-assessment deadline must fall before the audit window."))
    if e.self_assessment_deadline < e.starts_on:
        add("self_assessment_deadline", _("The self-assessment deadline must fall within the school year."))
    if e.enrolment_opens < e.starts_on or e.enrolment_closes > e.ends_on:
        add("enrolment_opens", _("Enrolment must take place within the school year (%(start)s – %(end)s).")
            % {"start": _d(e.starts_on), "end": _d(e.ends_on)})
    if e.enrolment_closes < e.enrolment_opens:
        add("enrolment_closes", _("Enrolment cannot close before it opens."))
    if e.enrolment_closes >= e.self_assessment_deadline:
        add("enrolment_closes", _("Enrolment must close before the self-assessment deadline."))
    if e.pk:
        outside = Audit.objects.filter(enrolment__edition=e).exclude(status=Audit.Status.CANCELLED).exclude(
            date__range=(e.audit_window_start, e.audit_window_end)
        ).count()
        if outside:
            add("audit_window_start", ngettext(
                "%(count)d planned or signed audit would fall outside this window; move it first.",
                "%(count)d planned or signed audits would fall outside this window; move them first.", outside,
            ) % {"count": outside})
    if e.ceremony_date and e.ceremony_date <= e.audit_window_end:
        add("ceremony_date", _("The ceremony takes place after the audit window."))
    for name, programme in (("spb_rulebook", Programme.SPB), ("uwpb_rulebook", Programme.UWPB)):
        rulebook = getattr(e, name)
        if rulebook.programme != programme:
            add(name, _("Choose a rulebook of the %(programme)s programme.") % {"programme": programme})
        elif rulebook.effective_from > e.starts_on:
            add(name, _("This version takes effect on %(date)s, after the edition starts.")
                % {"date": _d(rulebook.effective_from)})
        elif message := catalogue_error(rulebook):
            add(name, message)
    return errors


@transaction.atomic
def edition_save(*, edition: Edition) -> Edition:
    """Create or change an edition; raises ValidationError (by field) when a rule is broken.

    1. Lock the chosen rulebooks, so that nobody edits their catalogue while it becomes used.
    2. Check the dates and rulebooks.
    3. Refuse to swap a programme's rulebook once institutions of that programme are enrolled.
    """
    list(RulebookVersion.objects.select_for_update().filter(pk__in=[edition.spb_rulebook_id, edition.uwpb_rulebook_id]))
    if errors := edition_errors(edition):
        raise ValidationError(errors)
    if edition.pk:
        before = Edition.objects.select_for_update().get(pk=edition.pk)
        for name, programme in (("spb_rulebook_id", Programme.SPB), ("uwpb_rulebook_id", Programme.UWPB)):
            enrolled = Institution.objects.in_programme(programme).filter(enrolments__edition=before)
            if getattr(before, name) != getattr(edition, name) and enrolled.exists():
                raise ValidationError({name.removesuffix("_id"): _(
                    "Institutions of this programme are already enrolled: the rulebook can no longer be changed."
                )})
    edition.save()
    return edition


# --- Stages and enrolment ----------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """Where an institution stands in the stage chain on a day, from its certificate history.

    `available` maps each stage to None when it may be sought, else the reason why not; `offered` is
    the next stage of the chain (stage I → extension → Lider title); `years` counts the full years
    that certificates without a break cover, up to the end of the last one (the Lider condition:
    2 + 5 for stage I and an extension), 0 when the chain is broken.
    """

    held: str | None
    valid_until: datetime.date | None
    years: int
    stage_two: bool  # an extension counts for the Lider title (valid, or within the grace if the rulebook allows)
    available: dict[str, str | None]
    offered: str | None


def stage_standing(history: list[CertificateRecord], rulebook: RulebookVersion, on: datetime.date) -> Standing:
    """The one rule for the stage offered (enrolment, the audit's Lider conditions, the decision form, dashboards).

    Revoked certificates, Lider titles and grants after `on` do not count. Stage I while no certificate
    or extension is valid; an extension while one is valid or expired less than EXTENSION_GRACE ago;
    the Lider title with an extension (stage II) valid on `on` (or, if the rulebook does not ask for
    validity, still within the grace) and `lider_min_years` full years of certificates without a gap.
    """
    records = sorted((r for r in history if not r.revoked and r.kind in (Stage.CERTIFICATE, Stage.EXTENSION)
                      and r.granted_on <= on), key=lambda r: r.granted_on)
    valid = [r for r in records if on <= r.valid_until]
    recent = [r for r in records if on <= r.valid_until + EXTENSION_GRACE]
    chain_start, chain_end = None, None
    for record in records:
        if chain_end is None or record.granted_on > chain_end + EXTENSION_GRACE:
            chain_start = record.granted_on  # a gap: the count starts again
        chain_end = max(chain_end or record.valid_until, record.valid_until)
    # The years the unbroken chain covers to the end of the certificate held: stage I + stage II = 2 + 5.
    years = (
        full_years(chain_start, chain_end + datetime.timedelta(days=1)) if recent and chain_start and chain_end else 0
    )
    held = valid[-1] if valid else None
    until = max((r.valid_until for r in valid), default=None)
    available: dict[str, str | None] = {}
    available[Stage.CERTIFICATE] = _(
        "The institution holds a certificate valid until %(date)s: seek an extension.") % {"date": _d(until)} \
        if until else None
    available[Stage.EXTENSION] = None if recent else _(
        "An extension needs a certificate that is valid or expired less than a year ago.")
    stage_two = [r for r in (valid if rulebook.lider_requires_valid_certificate else recent)
                 if r.kind == Stage.EXTENSION]
    if not stage_two:
        available[Stage.LIDER] = _("The Lider title needs a valid extension of the certificate (stage II).")
    elif years < rulebook.lider_min_years:
        available[Stage.LIDER] = _(
            "The Lider title needs %(required)s full years of certificates without a break; the certificates "
            "cover %(years)s."
        ) % {"required": rulebook.lider_min_years, "years": years}
    else:
        available[Stage.LIDER] = None
    available = {str(stage): reason for stage, reason in available.items()}
    return Standing(held=str(held.kind) if held else None, valid_until=until, years=years, stage_two=bool(stage_two),
                    available=available,
                    offered=first_offered(available))


def stages_available(
    institution: Institution, edition: Edition, *, on: datetime.date | None = None
) -> dict[str, str | None]:
    """Each stage → None when the institution may seek it in the edition, else the reason why not."""
    return institution_standing(institution, edition, on=on).available


def institution_standing(institution: Institution, edition: Edition, *, on: datetime.date | None = None) -> Standing:
    """`stage_standing` for an institution under the rulebook its programme uses in the edition."""
    return stage_standing(certificate_history(institution.id), edition.rulebook_for(institution.programme),
                          on or timezone.localdate())


def first_offered(stages: dict[str, str | None]) -> str | None:
    """The next stage of the chain: the Lider title when possible, else an extension, else stage I."""
    return next((s.value for s in (Stage.LIDER, Stage.EXTENSION, Stage.CERTIFICATE) if stages[s.value] is None), None)


def stage_offered(institution: Institution, edition: Edition, *, on: datetime.date | None = None) -> str | None:
    return institution_standing(institution, edition, on=on).offered


def enrolment_open(edition: Edition, *, today: datetime.date | None = None) -> bool:
    return edition.enrolment_opens <= (today or timezone.localdate()) <= edition.enrolment_closes


def enrolment_refusal(edition: Edition, *, by: User, today: datetime.date | None = None) -> str | None:
    """Why `by` cannot enrol anyone in the edition today, or None.

    Coordinators enrol only while enrolment is open; KWP staff also later, until the audits end.
    """
    today = today or timezone.localdate()
    if by.is_kwp:
        if today > edition.audit_window_end:
            return _("The audits of edition %(edition)s are over: enrolment is no longer possible.") % {
                "edition": edition.name}
        return None
    if not enrolment_open(edition, today=today):
        return _("Enrolment in edition %(edition)s is open from %(start)s to %(end)s. Contact the programme office "
                 "at KWP if you need help.") % {
            "edition": edition.name, "start": _d(edition.enrolment_opens), "end": _d(edition.enrolment_closes)}
    return None


@transaction.atomic
def enrolment_create(*, edition: Edition, institution: Institution, stage: str | None, by: User,
                     today: datetime.date | None = None) -> Enrolment:
    """Enrol an institution in an edition, seeking `stage` (None: the stage offered)."""
    today = today or timezone.localdate()
    if not by.is_kwp and not institution.coordinators.filter(pk=by.pk).exists():
        raise EditionsError(_("You can enrol only the institutions you coordinate."))
    if refusal := enrolment_refusal(edition, by=by, today=today):
        raise EditionsError(refusal)
    if not institution.is_active:
        raise EditionsError(_("%(institution)s is not active in the programme.") % {"institution": institution})
    already = _("%(institution)s is already enrolled in edition %(edition)s.") % {
        "institution": institution, "edition": edition.name}
    if Enrolment.objects.filter(edition=edition, institution=institution).exists():
        raise EditionsError(already)
    stage = stage or stage_offered(institution, edition, on=today)
    reason = stages_available(institution, edition, on=today).get(stage or "", _("No stage is available."))
    if reason or not stage:
        raise EditionsError(reason or _("No stage is available."))
    enrolment = Enrolment(edition=edition, institution=institution, stage=stage, enrolled_by=by)
    history_author(enrolment, by)
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError:  # enrolled by someone else a moment ago
        raise EditionsError(already) from None
    return enrolment


@dataclass
class BulkResult:
    enrolled: list[Enrolment] = field(default_factory=list)
    refused: list[tuple[Institution, str]] = field(default_factory=list)


@transaction.atomic
def enrolment_create_many(
    *, edition: Edition, institutions: list[Institution], stage: str | None, by: User
) -> BulkResult:
    """KWP staff enrol several institutions at once; each refusal is reported and the rest go ahead."""
    result = BulkResult()
    for institution in institutions:
        try:
            result.enrolled.append(enrolment_create(edition=edition, institution=institution, stage=stage, by=by))
        except EditionsError as exc:
            result.refused.append((institution, str(exc)))
    return result


@transaction.atomic
def enrolment_extend_deadline(*, enrolment: Enrolment, until: datetime.date | None, by: User) -> Enrolment:
    """Give one institution more time for its self-assessment (None removes the extension)."""
    edition = enrolment.edition
    if until is not None and until <= edition.self_assessment_deadline:
        raise EditionsError(_("The extended deadline must fall after the edition's deadline (%(date)s).")
                            % {"date": _d(edition.self_assessment_deadline)})
    if until is not None and until >= edition.audit_window_start:
        raise EditionsError(_("The extended deadline must fall before the audits start (%(date)s).")
                            % {"date": _d(edition.audit_window_start)})
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    enrolment.deadline_extended_until = until
    history_author(enrolment, by)
    enrolment.save(update_fields=["deadline_extended_until"])
    return enrolment


@transaction.atomic
def enrolment_withdraw(*, enrolment: Enrolment, by: User) -> None:
    """Withdraw an enrolment whose self-assessment was never submitted (a draft is discarded with it).

    The enrolment's history keeps who withdrew it and when.
    """
    from ..models import Evidence, SelfAssessment, SelfAssessmentEvent

    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    assessment = SelfAssessment.objects.select_for_update().filter(enrolment=enrolment).first()
    if assessment is not None:
        ever_submitted = SelfAssessmentEvent.objects.filter(
            self_assessment=assessment, to_status=SelfAssessment.Status.SUBMITTED).exists()
        if assessment.status != SelfAssessment.Status.DRAFT or ever_submitted:
            raise EditionsError(_("The self-assessment was already submitted: the enrolment cannot be withdrawn."))
    if enrolment.audits.exists():
        raise EditionsError(_("An audit is recorded for this enrolment: it cannot be withdrawn."))
    if assessment is not None:
        storage = Evidence._meta.get_field("file").storage
        names = list(Evidence.objects.filter(answer__self_assessment=assessment).values_list("file", flat=True))
        assessment.delete()
        transaction.on_commit(lambda: _delete_files(storage, names))
    history_author(enrolment, by)
    enrolment.delete()
