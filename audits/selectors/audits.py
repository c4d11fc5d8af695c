"""Reads for audits, scoped to the user who asks: every audit view starts here.

KWP staff see every audit; police auditors the audits whose team they are on, and a unit's prevention
officers also every audit of the institutions their unit serves (read-only); coordinators only the signed
audits of their institutions (the result, read-only).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Window,
)
from django.db.models.functions import Rank, RowNumber
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.lib.dates import short_date
from institutions.models import Institution, PoliceUnit, Programme, User, in_programme_q
from institutions.selectors import PICKER_LIMIT, PICKER_MIN_CHARS, served_by_unit_q
from partners.models import Partnership

from ..models import (
    ActionPlanItem,
    Audit,
    AuditEvent,
    AuditProtocol,
    AuditRecommendation,
    AuditScore,
    AuditTeamMember,
    Criterion,
    CriterionAnswer,
    DangerousPlace,
    Edition,
    Enrolment,
    Evidence,
    RecommendationAnswer,
    SelfAssessment,
)


def audit_criteria(audit: Audit) -> QuerySet[Criterion]:
    """The criteria the audit is scored under: those of the enrolment's rulebook."""
    return Criterion.objects.filter(area__rulebook=rulebook_id(audit.enrolment)).select_related("area")


def rulebook_id(enrolment: Enrolment) -> int:
    """The enrolment's rulebook id without loading the rulebook."""
    edition = enrolment.edition
    return edition.uwpb_rulebook_id if enrolment.institution.programme == Programme.UWPB else edition.spb_rulebook_id


def audit_list_for_user(*, user: User) -> QuerySet[Audit]:
    qs = Audit.objects.select_related(
        "enrolment__institution__county", "enrolment__institution__police_unit", "enrolment__edition"
    )
    if user.is_kwp:
        return qs
    if user.is_auditor:
        # A cancelled audit no longer opens the institution's self-assessment to its former team.
        return qs.exclude(status=Audit.Status.CANCELLED).filter(
            Exists(AuditTeamMember.objects.filter(audit=OuterRef("pk"), user=user))
            | served_by_unit_q(user, path="enrolment__institution__")
        )
    if user.is_coordinator:
        return qs.filter(status=Audit.Status.SIGNED, enrolment__institution__coordinators=user)
    return qs.none()


def get_audit_for_user(*, user: User, pk: int) -> Audit:
    """404 for audits the user may not see (including auditors who are not on the team)."""
    return get_object_or_404(audit_list_for_user(user=user), pk=pk)


def with_team(qs: QuerySet[Audit]) -> QuerySet[Audit]:
    """One extra query for every audit's team, lead first."""
    return qs.prefetch_related(
        Prefetch("team", queryset=AuditTeamMember.objects.select_related("user__police_unit").order_by(
            "-is_lead", "user__last_name", "user__first_name"))
    )


def self_assessment_ids_audited_by(*, user: User) -> QuerySet:
    """Self-assessments whose evidence an auditor may open: those of live audits whose team they are on."""
    return SelfAssessment.objects.filter(
        enrolment__audits__team__user=user, enrolment__audits__status__in=[Audit.Status.PLANNED, Audit.Status.SIGNED]
    ).values("pk")


# --- Editions --------------------------------------------------------------------------------


def edition_list_for_audits(*, user: User) -> QuerySet[Edition]:
    return Edition.objects.all() if user.is_kwp else Edition.objects.none()


def get_edition_for_audits(*, user: User, pk: int) -> Edition:
    return get_object_or_404(edition_list_for_audits(user=user), pk=pk)


def edition_for_audits(*, user: User) -> Edition | None:
    """The edition KWP staff most likely want: the newest with accepted self-assessments or audits."""
    editions = edition_list_for_audits(user=user)
    busy = editions.filter(
        Q(enrolments__self_assessment__status=SelfAssessment.Status.ACCEPTED) | Q(enrolments__audits__isnull=False)
    ).distinct()
    return busy.first() or editions.first()


# --- Planning --------------------------------------------------------------------------------


def audit_planning_rows(*, user: User, edition: Edition, county=None, ready_only: bool = False) -> QuerySet[Enrolment]:
    """The edition's enrolments with their self-assessment status and live audit (as `live_audits`)."""
    if not user.is_kwp:
        return Enrolment.objects.none()
    qs = (
        Enrolment.objects.filter(edition=edition)
        .select_related("institution__county", "institution__police_unit")
        .annotate(sa_status=SelfAssessment.objects.filter(enrolment=OuterRef("pk")).order_by().values("status")[:1])
        .prefetch_related(Prefetch("audits", queryset=Audit.objects.exclude(status=Audit.Status.CANCELLED),
                                   to_attr="live_audits"))
        .order_by("institution__county__name", "institution__name")
    )
    if county:
        qs = qs.filter(institution__county=county)
    if ready_only:
        # The edition's accepted self-assessments without a live audit of the edition: both sides read from the
        # edition's index entries (self_assessment_edition_status, audit_edition_status), where
        # exclude(audits__status__in=...) hashed every live audit of every edition.
        live = Audit.objects.filter(edition=edition, enrolment=OuterRef("pk")).exclude(status=Audit.Status.CANCELLED)
        qs = qs.filter(~Exists(live), self_assessment__edition=edition,
                       self_assessment__status=SelfAssessment.Status.ACCEPTED)
    return qs


def plannable_enrolments(*, user: User, edition: Edition) -> QuerySet[Enrolment]:
    """Enrolments that may get an audit now: accepted self-assessment and no live audit."""
    return audit_planning_rows(user=user, edition=edition, ready_only=True)


# The team picker: a bounded set of candidate rows, whatever the number of auditors in the region (hundreds).
AUDITOR_SUGGESTIONS = 10
_TICKED_CAP = 50  # ids sent back by the browser: a team is a handful, never this many
_NAMES = ("last_name", "first_name", "username")


@dataclass
class AuditorCandidates:
    """The rows of the team picker: the ticked users (always), a few suggestions, the search's matches.
    Each user once; `suggested` marks auditors of KWP and of the institutions' police units."""

    ticked: list[User]
    suggested: list[User]
    found: list[User]
    query: str = ""
    more_suggested: bool = False
    more_found: bool = False
    too_short: bool = False
    min_chars: int = PICKER_MIN_CHARS

    @property
    def rows(self) -> list[User]:
        return [*self.ticked, *self.suggested, *self.found]


def _ids(values: Iterable[Any], cap: int = _TICKED_CAP) -> set[int]:
    ids = (str(v).strip() for v in values)
    return set(list(dict.fromkeys(int(v) for v in ids if v.isascii() and v.isdigit() and len(v) < 10))[:cap])


def auditor_candidates(*, ticked: Iterable[Any] = (), suggested_units: Iterable[Any] = (), q: str = ""
                       ) -> AuditorCandidates:
    """At most 4 queries, none of them over every auditor: the ticked users (active, any role: the service names
    those who are not auditors), the search's matches (name, login or police unit; from PICKER_MIN_CHARS, at most
    PICKER_LIMIT), and up to AUDITOR_SUGGESTIONS suggestions, half of KWP and half of `suggested_units` (ids) when
    both have enough, so that neither crowds the other out."""
    ticked_ids, unit_ids = _ids(ticked), _ids(suggested_units, cap=200)
    q = q.strip()
    shown = list(User.objects.filter(pk__in=ticked_ids, is_active=True).select_related("police_unit")
                 .order_by(*_NAMES)) if ticked_ids else []
    auditors = User.objects.filter(role=User.Role.AUDITOR, is_active=True).select_related("police_unit")
    found: list[User] = []
    if len(q) >= PICKER_MIN_CHARS:
        matches = auditors.exclude(pk__in=ticked_ids)
        for word in q.split()[:4]:
            matches = matches.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word)
                                     | Q(username__icontains=word) | Q(police_unit__name__icontains=word)
                                     | Q(police_unit__short_name__icontains=word))
        found = list(matches.order_by(*_NAMES)[:PICKER_LIMIT + 1])
    taken = ticked_ids | {user.pk for user in found}
    kwp = list(auditors.filter(police_unit__kind=PoliceUnit.Kind.KWP).exclude(pk__in=taken)
               .order_by(*_NAMES)[:AUDITOR_SUGGESTIONS + 1])
    local = list(auditors.filter(police_unit_id__in=unit_ids).exclude(police_unit__kind=PoliceUnit.Kind.KWP)
                 .exclude(pk__in=taken).order_by("police_unit__name", *_NAMES)[:AUDITOR_SUGGESTIONS + 1]
                 ) if unit_ids else []
    n_kwp = min(len(kwp), max(AUDITOR_SUGGESTIONS // 2, AUDITOR_SUGGESTIONS - len(local)))
    n_local = min(len(local), AUDITOR_SUGGESTIONS - n_kwp)
    candidates = AuditorCandidates(
        ticked=shown, suggested=kwp[:n_kwp] + local[:n_local], found=found[:PICKER_LIMIT], query=q,
        more_suggested=len(kwp) + len(local) > n_kwp + n_local, more_found=len(found) > PICKER_LIMIT,
        too_short=0 < len(q) < PICKER_MIN_CHARS)
    for user in candidates.rows:
        user.suggested = _of_kwp(user) or user.police_unit_id in unit_ids
    return candidates


def police_units_of_enrolments(ids: Iterable[Any]) -> set[int]:
    """The police units serving the enrolments' institutions (the team picker's suggestions for ticked rows)."""
    wanted = _ids(ids, cap=200)
    if not wanted:
        return set()
    return set(Enrolment.objects.filter(pk__in=wanted).values_list("institution__police_unit_id", flat=True))


def _of_kwp(auditor: User) -> bool:
    return auditor.police_unit is not None and auditor.police_unit.kind == PoliceUnit.Kind.KWP


# --- Overview, ranking, calendar --------------------------------------------------------------


def audit_overview(
    *, user: User, edition: Edition, county=None, programme: str = "", kind: str = "", status: str = "",
    result: str = "",
) -> QuerySet[Audit]:
    qs = with_team(audit_list_for_user(user=user).filter(edition=edition))
    if county:
        qs = qs.filter(enrolment__institution__county=county)
    if programme:
        qs = qs.filter(in_programme_q(programme, path="enrolment__institution__"))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if result in ("passed", "failed"):  # a result exists only once the audit is signed
        qs = qs.filter(status=Audit.Status.SIGNED, passed=result == "passed")
    return qs.order_by("date", "enrolment__institution__name")


@dataclass
class RankedAudit:
    rank: int
    audit: Audit


def audit_ranking(*, user: User, edition: Edition, programme: str = "", kind: str = "") -> QuerySet[Audit]:
    """Signed audits by share of points, each with its `place` (ties share a rank: 1, 2, 2, 4).

    The rank is a window function over the whole filtered list, so any page of it shows the true places.
    """
    order = [F("percent").desc(), F("total_points").desc()]
    return (
        audit_overview(user=user, edition=edition, programme=programme, kind=kind, status=Audit.Status.SIGNED)
        .annotate(place=Window(Rank(), order_by=order))
        .order_by("-percent", "-total_points", "enrolment__institution__name", "pk")
    )


def ranked(audits) -> list[RankedAudit]:
    return [RankedAudit(audit.place, audit) for audit in audits]


CALENDAR_DAY_CAP = 8  # audits listed in a day cell of the week; the rest are behind a link to the day


@dataclass(frozen=True)
class CalendarEntry:
    """One audit in the calendar: what its row prints and links to, no model instances."""

    pk: int
    institution: str
    double_booked: list[User]  # its team members with another live audit that day

    def get_absolute_url(self) -> str:
        return reverse("audits:audit-detail", args=[self.pk])


@dataclass
class CalendarDay:
    date: datetime.date
    audits: list[CalendarEntry] = field(default_factory=list)  # the first CALENDAR_DAY_CAP, double-booked first
    in_window: bool = False
    total: int = 0  # live audits that day
    double_booked_auditors: int = 0  # auditors with more than one live audit that day

    @property
    def more(self) -> int:
        return self.total - len(self.audits)


@dataclass
class CalendarWeek:
    monday: datetime.date
    audits: int  # live audits that week

    @property
    def sunday(self) -> datetime.date:
        return self.monday + datetime.timedelta(days=6)


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def booked_elsewhere(first: datetime.date, last: datetime.date) -> Exists:
    """For a team member row of an audit between `first` and `last`: the auditor has another live audit that
    day, whoever's audit and whatever its edition (as the planning warnings count them). The dates bound the
    subquery, which PostgreSQL may run once for all rows (hashed): else it would cover every audit ever."""
    return Exists(AuditTeamMember.objects.filter(user=OuterRef("user"), audit__date=OuterRef("audit__date"),
                                                 audit__date__range=(first, last))
                  .exclude(audit=OuterRef("audit")).exclude(audit__status=Audit.Status.CANCELLED))


def calendar_audits(*, user: User, edition: Edition, first: datetime.date, last: datetime.date,
                    county=None) -> QuerySet[Audit]:
    """The calendar's live audits from `first` to `last`, each with `double_booked`: one of its auditors has
    another live audit that day."""
    qs = (audit_list_for_user(user=user).filter(edition=edition, date__range=(first, last))
          .exclude(status=Audit.Status.CANCELLED))
    if county:
        qs = qs.filter(enrolment__institution__county=county)
    team = AuditTeamMember.objects.filter(audit=OuterRef("pk"), audit__date__range=(first, last))
    if first == last:  # one day: a plain subquery of its double-booked auditors, run once (also in WHERE)
        return qs.annotate(double_booked=Exists(team.filter(user__in=double_booked_on(first))))
    return qs.annotate(double_booked=Exists(team.filter(booked_elsewhere(first, last))))


def double_booked_pairs(first: datetime.date, last: datetime.date) -> QuerySet[Any, Any]:
    """The rule, once: an auditor is double-booked on a day with more than one live audit (of any edition or
    county) that day. The live team rows of those days grouped by auditor and day, as `user`, `audit__date`."""
    return (AuditTeamMember.objects.filter(audit__date__range=(first, last))
            .exclude(audit__status=Audit.Status.CANCELLED).values("user", "audit__date")
            .annotate(n=Count("audit")).filter(n__gt=1))  # an auditor is once per audit (a constraint)


def double_booked_on(day: datetime.date) -> QuerySet[Any, Any]:
    """The ids (as `user`) of the auditors double-booked on `day`, as a subquery."""
    return double_booked_pairs(day, day).values("user")


def double_booked_auditors(first: datetime.date, last: datetime.date,
                           among: QuerySet[Audit] | None = None) -> set[tuple[int, datetime.date]]:
    """The (auditor id, day) pairs from `first` to `last` where the auditor is double-booked, only of auditors
    on `among` that day if given (a filtered calendar). One grouping query (a correlated subquery per row was
    planned as hundreds of thousands of index probes at 5,000 institutions); at most one pair per auditor and day."""
    qs = double_booked_pairs(first, last)
    if among is not None:
        qs = qs.annotate(among=Count("pk", filter=Q(audit__in=among.values("pk")))).filter(among__gt=0)
    return set(qs.values_list("user", "audit__date").order_by())


def per_day(pairs: Iterable[tuple[int, datetime.date]]) -> dict[datetime.date, int]:
    counts: dict[datetime.date, int] = defaultdict(int)
    for _user, day in pairs:
        counts[day] += 1
    return counts


def audit_calendar_weeks(*, user: User, edition: Edition, county=None) -> list[CalendarWeek]:
    """The weeks of the audit window and of every live audit of the edition, with their numbers of audits
    (one grouped query): the calendar shows one week at a time, these are its navigation."""
    per_day = (audit_overview(user=user, edition=edition, county=county).exclude(status=Audit.Status.CANCELLED)
               .values_list("date").annotate(n=Count("pk")).order_by())
    counts: dict[datetime.date, int] = defaultdict(int)
    for day, n in per_day:
        counts[monday_of(day)] += n
    start = min([monday_of(edition.audit_window_start), *counts])
    end = max([monday_of(edition.audit_window_end), *counts])
    weeks, monday = [], start
    while monday <= end:
        weeks.append(CalendarWeek(monday, counts.get(monday, 0)))
        monday += datetime.timedelta(days=7)
    return weeks


def audit_calendar_week(*, user: User, edition: Edition, monday: datetime.date, county=None,
                        cap: int = CALENDAR_DAY_CAP) -> list[CalendarDay]:
    """One week (Monday to Sunday) of the calendar: per day its number of live audits and of double-booked
    auditors, and its first `cap` audits (double-booked first, then by institution) with their double-booked
    auditors. At most three queries, of at most 7 × `cap` audits, whatever the number of audits (a peak week
    holds ~300 at 5,000 institutions, a peak day ~140): the rest of a day is on its own page."""
    sunday = monday + datetime.timedelta(days=6)
    week = calendar_audits(user=user, edition=edition, first=monday, last=sunday, county=county)
    by_date = [F("date")]
    rows = list(
        week.prefetch_related(None).annotate(
            row=Window(RowNumber(), partition_by=by_date,
                       order_by=[F("double_booked").desc(), F("enrolment__institution__name").asc(), F("pk").asc()]),
            day_total=Window(Count("pk"), partition_by=by_date),
        ).filter(row__lte=cap).order_by("date", "row").values_list(
            "pk", "date", "enrolment__institution__short_name", "enrolment__institution__name", "day_total")
    )
    # Which listed audits have a double-booked auditor, and who: from the week's double-booked pairs (one
    # grouped query) and the listed audits' teams (at most 7 × `cap` audits).
    pairs = double_booked_auditors(monday, sunday, among=week if county else None)
    dates = {pk: day for pk, day, *_ in rows}
    names: dict[int, list[User]] = defaultdict(list)
    members = (AuditTeamMember.objects.filter(audit__in=list(dates)).select_related("user")
               .order_by("-is_lead", "user__last_name", "user__first_name"))
    for member in members:
        if (member.user_id, dates[member.audit_id]) in pairs:
            names[member.audit_id].append(member.user)
    auditors = per_day(pairs)
    days = {monday + datetime.timedelta(days=n): CalendarDay(monday + datetime.timedelta(days=n)) for n in range(7)}
    for day in days.values():
        day.in_window = edition.audit_window_start <= day.date <= edition.audit_window_end
        day.double_booked_auditors = auditors.get(day.date, 0)
    for pk, date, short_name, name, total in rows:
        day = days[date]
        day.audits.append(CalendarEntry(pk, short_name or name, names.get(pk, [])))
        day.total = total
    return list(days.values())


def audit_calendar_day(*, user: User, edition: Edition, day: datetime.date, county=None,
                       double_booked_only: bool = False) -> QuerySet[Audit]:
    """One day of the calendar, for its paginated list: double-booked audits first, then by institution; each
    audit's team (lead first) with `double_booked` on the members who have another audit that day."""
    qs = calendar_audits(user=user, edition=edition, first=day, last=day, county=county)
    order: list[Any] = [F("double_booked").desc(), "enrolment__institution__name", "pk"]
    if double_booked_only:  # Q: the annotation is not the model's field (django-stubs)
        qs, order = qs.filter(Q(double_booked=True)), order[1:]  # (ordering by it too ran it once per row)
    team = (AuditTeamMember.objects.select_related("user")
            .annotate(double_booked=ExpressionWrapper(Q(user__in=double_booked_on(day)), output_field=BooleanField()))
            .order_by("-is_lead", "user__last_name", "user__first_name"))
    return (qs.select_related("enrolment__institution__county").prefetch_related(Prefetch("team", queryset=team))
            .order_by(*order))


def audit_counts(*, user: User, edition: Edition) -> dict[str, int]:
    """For the KWP start page: planned (upcoming), to score (day passed, not signed), signed, cancelled."""
    today = timezone.localdate()
    return audit_list_for_user(user=user).filter(edition=edition).aggregate(
        upcoming=Count("pk", filter=Q(status=Audit.Status.PLANNED, date__gt=today)),
        to_score=Count("pk", filter=Q(status=Audit.Status.PLANNED, date__lte=today)),
        signed=Count("pk", filter=Q(status=Audit.Status.SIGNED)),
        passed=Count("pk", filter=Q(status=Audit.Status.SIGNED, passed=True)),
    )


def auditor_double_bookings(audits: Iterable[Audit]) -> list[str]:
    """Warnings (not errors): team members of `audits` who have more than one live audit on one day."""
    audits = list(audits)
    if not audits:
        return []
    same_day = Q()
    for audit in audits:
        same_day |= Q(user__in=audit.team.values("user"), audit__date=audit.date)
    rows = list(
        AuditTeamMember.objects.filter(same_day)
        .exclude(audit__status=Audit.Status.CANCELLED)
        .values("user", "audit__date")
        .annotate(n=Count("audit", distinct=True))
        .filter(n__gt=1)
        .order_by("audit__date", "user__last_name")
    )
    names = {u.pk: str(u) for u in User.objects.filter(pk__in={row["user"] for row in rows})}
    return [
        _("%(auditor)s has %(count)s audits on %(date)s.") % {
            "auditor": names[row["user"]], "count": row["n"], "date": short_date(row["audit__date"]),
        }
        for row in rows
    ]


# --- An auditor's audits ---------------------------------------------------------------------


def with_progress(audits: list[Audit]) -> list[Audit]:
    """Set `criteria_count` and `scored_count` on each audit, in two queries whatever the number."""
    rulebook_ids = {rulebook_id(a.enrolment) for a in audits}
    counts = dict(
        Criterion.objects.filter(area__rulebook__in=rulebook_ids).values("area__rulebook")
        .annotate(n=Count("pk")).values_list("area__rulebook", "n")
    )
    scored = dict(
        AuditScore.objects.filter(audit__in=audits, score__isnull=False).values("audit")
        .annotate(n=Count("pk")).values_list("audit", "n")
    ) if audits else {}
    for audit in audits:
        audit.criteria_count = counts.get(rulebook_id(audit.enrolment), 0)
        audit.scored_count = scored.get(audit.pk, 0)
    return audits


def audits_of_auditor(*, user: User, signed_limit: int = 20) -> dict[str, list[Audit]]:
    """"My audits": upcoming, to score (day reached, not signed) and recently signed."""
    today = timezone.localdate()
    qs = with_team(audit_list_for_user(user=user))
    live = list(qs.filter(status=Audit.Status.PLANNED).order_by("date", "pk"))
    signed = list(qs.filter(status=Audit.Status.SIGNED).order_by("-date", "-pk")[:signed_limit])
    with_progress(live)
    return {
        "upcoming": [a for a in live if a.date > today],
        "to_score": [a for a in live if a.date <= today],
        "signed": signed,
    }


def audit_results_for_institution(*, user: User, institution: Institution) -> QuerySet[Audit]:
    """For the institution page: KWP sees every audit, a coordinator only signed ones (the selector's rule)."""
    return with_team(audit_list_for_user(user=user).filter(enrolment__institution=institution)).order_by("-date")


# --- The audit page -----------------------------------------------------------------------------


@dataclass
class CriterionRow:
    criterion: Criterion
    answer: CriterionAnswer | None
    evidence: list[Evidence]
    score: AuditScore | None
    form: Any = None  # the audit page's score form for this row, if the user may score

    @property
    def self_score(self) -> int | None:
        return self.answer.score if self.answer else None

    @property
    def version(self) -> int:
        return self.score.version if self.score else 1

    @property
    def is_scored(self) -> bool:
        return self.score is not None and self.score.score is not None

    @property
    def differs(self) -> bool:
        return self.score is not None and self.score.score is not None and self.score.score != self.self_score


def audit_criterion_rows(*, audit: Audit, criteria: Iterable[Criterion] | None = None) -> list[CriterionRow]:
    """Each criterion of the audit's rulebook with the self-assessment's answer and evidence and the
    audit score (4 queries whatever the number of criteria)."""
    criteria = list(criteria if criteria is not None else audit_criteria(audit))
    answers = {
        a.criterion_id: a for a in CriterionAnswer.objects.filter(
            self_assessment__enrolment=audit.enrolment, criterion__in=criteria).prefetch_related("evidence")
    }
    scores = {s.criterion_id: s for s in AuditScore.objects.filter(audit=audit, criterion__in=criteria)
              .select_related("updated_by")}
    return [
        CriterionRow(c, answers.get(c.pk), list(answers[c.pk].evidence.all()) if c.pk in answers else [],
                     scores.get(c.pk))
        for c in criteria
    ]


def audit_progress(*, audit: Audit) -> tuple[int, int]:
    """(criteria scored, criteria in the rulebook)."""
    total = audit_criteria(audit).count()
    scored = audit.scores.filter(score__isnull=False, criterion__area__rulebook=rulebook_id(audit.enrolment)).count()
    return scored, total


def audit_self_assessment(*, audit: Audit) -> SelfAssessment | None:
    return SelfAssessment.objects.filter(enrolment=audit.enrolment).first()


def audit_places(*, self_assessment: SelfAssessment | None) -> QuerySet[DangerousPlace]:
    """The dangerous places of the audited self-assessment's diagnosis (the structured list)."""
    if self_assessment is None:
        return DangerousPlace.objects.none()
    return self_assessment.places.select_related("action_item")


def audit_action_plan(*, self_assessment: SelfAssessment | None) -> QuerySet[ActionPlanItem]:
    if self_assessment is None:
        return ActionPlanItem.objects.none()
    return self_assessment.action_items.prefetch_related("partnerships__partner")


def audit_partnerships(*, audit: Audit) -> QuerySet[Partnership]:
    return Partnership.objects.current().filter(institution=audit.enrolment.institution).select_related("partner")


def audit_history(*, user: User, audit: Audit) -> QuerySet[AuditEvent]:
    """The trail of changes: KWP staff only."""
    if not user.is_kwp:
        return AuditEvent.objects.none()
    return audit.events.select_related("by", "criterion").order_by("-at", "-pk")


def audit_team(*, audit: Audit) -> list[AuditTeamMember]:
    return list(audit.team.select_related("user__police_unit").order_by("-is_lead", "user__last_name"))


# --- Recommendations and protocols ---------------------------------------------------------------


def protocol_list_for_user(*, user: User) -> QuerySet[AuditProtocol]:
    """Who may download a protocol: KWP staff; the institution's coordinators; the audit's team; the officers
    of the unit serving the institution."""
    qs = AuditProtocol.objects.select_related("audit__enrolment__institution", "audit__enrolment__edition")
    if user.is_kwp:
        return qs
    if user.is_coordinator:
        return qs.filter(audit__enrolment__institution__coordinators=user)
    if user.is_auditor:
        return qs.filter(Exists(AuditTeamMember.objects.filter(audit=OuterRef("audit"), user=user))
                         | served_by_unit_q(user, path="audit__enrolment__institution__"))
    return qs.none()


def get_protocol_for_user(*, user: User, pk: int) -> AuditProtocol:
    return get_object_or_404(protocol_list_for_user(user=user), pk=pk)


def audit_protocols(*, user: User, audit: Audit) -> QuerySet[AuditProtocol]:
    """The audit's protocol versions, newest first (the current one, then the superseded)."""
    return protocol_list_for_user(user=user).filter(audit=audit).order_by("-version")


def audit_recommendations(*, audit: Audit) -> QuerySet[AuditRecommendation]:
    return audit.recommendation_items.select_related("created_by").order_by("created_at", "pk")


def get_recommendation_for_user(*, user: User, pk: int) -> AuditRecommendation:
    visible = audit_list_for_user(user=user).values("pk")
    return get_object_or_404(AuditRecommendation.objects.select_related("audit").filter(audit__in=visible), pk=pk)


def previous_recommendations(*, enrolment: Enrolment) -> list[AuditRecommendation]:
    """The recommendations of the institution's signed audit in the previous edition (what this edition's
    self-assessment asks about): last year's, not those of an audit years ago before a gap."""
    last = (Audit.objects.filter(status=Audit.Status.SIGNED, enrolment__institution_id=enrolment.institution_id,
                                 enrolment__edition__start_year=enrolment.edition.start_year - 1)
            .order_by("-enrolment__edition__start_year", "-date", "-pk").first())
    if last is None:
        return []
    return list(last.recommendation_items.select_related("audit__enrolment__edition").order_by("created_at", "pk"))


@dataclass
class RecommendationRow:
    recommendation: AuditRecommendation
    answer: str


def recommendation_rows(*, self_assessment: SelfAssessment | None) -> list[RecommendationRow]:
    """Last edition's recommendations, each with this self-assessment's answer ("" when not answered)."""
    if self_assessment is None:
        return []
    recommendations = previous_recommendations(enrolment=self_assessment.enrolment)
    answers = dict(RecommendationAnswer.objects.filter(self_assessment=self_assessment)
                   .values_list("recommendation_id", "answer"))
    return [RecommendationRow(r, answers.get(r.pk, "")) for r in recommendations]
