"""Scale data (seed_scale): E editions up to the current one, and per edition the enrolments, self-assessments
with an answer per criterion, evidence rows (all pointing at one small shared file), action plans, audits with
teams, scores and events. Bulk inserts, one edition at a time, so memory stays flat.

Every institution has a hidden "quality" that drives both its self-scores (a little higher: institutions
over-rate) and the audit scores. The stage each enrolment seeks and each audit's result come from the real
rules (`stage_standing`, `audit_result`) fed with the certificates the certification seed will issue for
the passed audits (decided at each past edition's ceremony), so the stage chain holds.
"""

import datetime
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core.lib.scale import ScalePlan
from institutions.models import Institution, PoliceUnit, Programme, User

from .catalogues import DEFAULT_EFFECTIVE_FROM
from .certification_hooks import CertificateRecord
from .models import (
    ActionPlanItem,
    Audit,
    AuditEvent,
    AuditScore,
    AuditTeamMember,
    Criterion,
    CriterionAnswer,
    Edition,
    Enrolment,
    Evidence,
    RulebookVersion,
    SelfAssessment,
    SelfAssessmentEvent,
    Stage,
)
from .services.area_summaries import area_summary_rebuild
from .services.audits import audit_result
from .services.editions import stage_standing

D = datetime.date
S = SelfAssessment.Status
EVIDENCE_NAME = "scale/evidence.pdf"
EVIDENCE_BYTES = b"%PDF-1.4\n% seed_scale evidence placeholder\n%%EOF\n"
# Self-assessment statuses: a past edition is closed (almost all accepted); the current one is under way.
PAST_STATUSES = [(S.ACCEPTED, 92), (None, 3), (S.DRAFT, 3), (S.RETURNED, 2)]
CURRENT_STATUSES = [(None, 35), (S.DRAFT, 40), (S.SUBMITTED, 12), (S.RETURNED, 5), (S.ACCEPTED, 8)]
DESCRIPTION = "Przeprowadzono zajęcia profilaktyczne i warsztaty z udziałem partnerów."
TAKE_PART = 0.6  # the chance that an institution already in the programme enrols in a given edition


@dataclass
class Place:
    pk: int
    programme: str
    unit_id: int
    joined: D | None
    quality: float
    coordinator_id: int | None


def current_start_year(today: D) -> int:
    return today.year if today.month >= 9 else today.year - 1


def seed(plan: ScalePlan) -> None:
    rng = plan.rng
    rulebooks = {r.programme: r for r in RulebookVersion.objects.filter(effective_from=DEFAULT_EFFECTIVE_FROM)}
    criteria = {p: _criteria(r) for p, r in rulebooks.items()}
    first_coordinator: dict[int, int] = {}
    for institution_id, user_id in Institution.coordinators.through.objects.order_by("-pk").values_list(
            "institution_id", "user_id"):
        first_coordinator[institution_id] = user_id
    places = [Place(pk, Programme.UWPB if kind == "university" else Programme.SPB, unit, joined,
                    rng.uniform(0.74, 1.0), first_coordinator.get(pk))
              for pk, kind, unit, joined in Institution.objects.order_by("pk").values_list(
                  "pk", "type", "police_unit_id", "joined_on")]
    auditors = _auditors()
    kwp_id = User.objects.filter(role=User.Role.KWP_STAFF).order_by("pk").values_list("pk", flat=True).first()
    if not default_storage.exists(EVIDENCE_NAME):
        default_storage.save(EVIDENCE_NAME, ContentFile(EVIDENCE_BYTES))
    last = current_start_year(plan.today)
    editions = plan.bulk(Edition, [_edition(year, rulebooks) for year in range(last - plan.editions + 1, last + 1)])
    history: dict[int, list[CertificateRecord]] = {}
    for edition in editions:
        counts = _seed_edition(plan, edition, places, rulebooks, criteria, auditors, kwp_id, history)
        plan.report(f"Edition {edition.name}: " + ", ".join(f"{k} {v}" for k, v in counts.items()) + ".")
    # The seed signs audits by bulk insert, not through audit_sign: build the dashboard's area sums as it would.
    plan.report(f"Dashboard area summaries: {area_summary_rebuild()}.")


def _criteria(rulebook: RulebookVersion) -> list[tuple[int, int, bool]]:
    return list(Criterion.objects.filter(area__rulebook=rulebook).order_by("area__number", "position", "code")
                .values_list("pk", "max_points", "evidence_required"))


def _auditors() -> dict[int | None, list[int]]:
    """Auditor ids per police unit; key None: KWP's own (they lead every team)."""
    by_unit: dict[int | None, list[int]] = {}
    for pk, unit_id, kind in User.objects.filter(role=User.Role.AUDITOR).order_by("pk").values_list(
            "pk", "police_unit_id", "police_unit__kind"):
        by_unit.setdefault(None if kind == PoliceUnit.Kind.KWP else unit_id, []).append(pk)
    return by_unit


def _edition(year: int, rulebooks: dict[str, RulebookVersion]) -> Edition:
    return Edition(
        start_year=year, spb_rulebook=rulebooks[Programme.SPB], uwpb_rulebook=rulebooks[Programme.UWPB],
        enrolment_opens=D(year, 9, 1), enrolment_closes=D(year, 10, 31), self_assessment_deadline=D(year + 1, 3, 31),
        audit_window_start=D(year + 1, 5, 4), audit_window_end=D(year + 1, 6, 26), ceremony_date=D(year + 1, 10, 15),
    )


def _pick(rng, weighted: Sequence[tuple[str | None, int]]) -> str | None:
    return rng.choices([value for value, _ in weighted], [weight for _, weight in weighted])[0]


def _score(rng, maximum: int, quality: float) -> int:
    return max(0, min(maximum, round(maximum * quality + rng.gauss(0, 0.5))))


def _seed_edition(plan, edition, places, rulebooks, criteria, auditors, kwp_id, history) -> dict[str, int]:
    rng = plan.rng
    today = plan.today
    current = edition.start_year == current_start_year(today)
    decided = edition.ceremony_date is not None and edition.ceremony_date <= today
    chosen = [p for p in places if p.joined is None or p.joined <= edition.starts_on if rng.random() < TAKE_PART]
    stages = {}
    for place in chosen:
        standing = stage_standing(history.get(place.pk, []), rulebooks[place.programme], edition.starts_on)
        stage = standing.offered or Stage.CERTIFICATE
        if stage == Stage.LIDER and rng.random() < 0.5 and standing.available[Stage.EXTENSION] is None:
            stage = Stage.EXTENSION
        stages[place.pk] = stage
    enrolments = plan.bulk(Enrolment, [Enrolment(edition=edition, institution_id=p.pk, stage=stages[p.pk],
                                                 enrolled_by_id=p.coordinator_id) for p in chosen])
    statuses = CURRENT_STATUSES if current else PAST_STATUSES
    pairs = [(p, e, status) for p, e in zip(chosen, enrolments, strict=True)
             if (status := _pick(rng, statuses)) is not None]
    deadline = plan.at(edition.self_assessment_deadline)
    assessments = plan.bulk(SelfAssessment, [SelfAssessment(
        enrolment=e, edition=edition, status=status, version=3, surveyed_students=rng.randint(40, 600),
        surveyed_parents=None if p.programme == Programme.UWPB else rng.randint(20, 300),
        surveyed_teachers=rng.randint(10, 80), site_inspection_date=D(edition.start_year, 10, rng.randint(1, 28)),
        diagnosis_findings="Uczniowie wskazują przemoc rówieśniczą w sieci i niebezpieczne przejście przy szkole.",
        dangerous_places="Przejście dla pieszych przy ul. Szkolnej; szatnia.", updated_by_id=p.coordinator_id,
        submitted_at=None if status == S.DRAFT else deadline - datetime.timedelta(days=rng.randint(1, 60)),
    ) for p, e, status in pairs])
    answers, events, items = [], [], []
    for (place, _, status), assessment in zip(pairs, assessments, strict=True):
        complete = status != S.DRAFT
        for k, (criterion_id, maximum, _needs) in enumerate(criteria[place.programme]):
            filled = complete or k % 3 != 2
            answers.append(CriterionAnswer(
                self_assessment=assessment, criterion_id=criterion_id, updated_by_id=place.coordinator_id,
                score=_score(rng, maximum, place.quality + 0.07) if filled else None,
                description=DESCRIPTION if filled else ""))
        for n in range(2):
            items.append(ActionPlanItem(
                self_assessment=assessment, threat=("Przemoc rówieśnicza", "Niebezpieczne miejsca")[n],
                goal="Ograniczenie zagrożenia", action="Warsztaty, dyżury, zmiany w otoczeniu szkoły.",
                deadline=D(edition.start_year + 1, 5, 31), status=ActionPlanItem.Status.DONE if complete else
                ActionPlanItem.Status.IN_PROGRESS))
        events.append(SelfAssessmentEvent(self_assessment=assessment, by_id=place.coordinator_id, to_status=S.DRAFT))
        if complete:
            events.append(SelfAssessmentEvent(self_assessment=assessment, by_id=place.coordinator_id,
                                              from_status=S.DRAFT, to_status=S.SUBMITTED))
        if status in (S.ACCEPTED, S.RETURNED):
            events.append(SelfAssessmentEvent(self_assessment=assessment, by_id=kwp_id, from_status=S.SUBMITTED,
                                              to_status=status))
    answers = plan.bulk(CriterionAnswer, answers)
    plan.bulk(ActionPlanItem, items)
    plan.bulk(SelfAssessmentEvent, events)
    evidence = _evidence(plan, answers, criteria, assessments)
    accepted = [(p, e) for p, e, status in pairs if status == S.ACCEPTED]
    audits = _audits(plan, edition, accepted, rulebooks, criteria, auditors, kwp_id, history, current, decided)
    return {"enrolments": len(enrolments), "self-assessments": len(assessments), "answers": len(answers),
            "evidence": evidence, "audits": audits}


def _evidence(plan: ScalePlan, answers, criteria, assessments) -> int:
    needs = {pk for rows in criteria.values() for pk, _, evidence in rows if evidence}
    submitted = {a.pk for a in assessments if a.status != S.DRAFT}
    sha = hashlib.sha256(EVIDENCE_BYTES).hexdigest()
    rows = [Evidence(answer=a, file=EVIDENCE_NAME, original_name="sprawozdanie.pdf", content_type="application/pdf",
                     size=len(EVIDENCE_BYTES), sha256=sha, uploaded_by_id=a.updated_by_id)
            for a in answers if a.criterion_id in needs and a.self_assessment_id in submitted]
    return len(plan.bulk(Evidence, rows))


def _audits(plan, edition, accepted, rulebooks, criteria, auditors, kwp_id, history, current, decided) -> int:
    """Past editions: a signed audit for nearly every accepted self-assessment (a few cancelled); the current
    edition: audits planned for the coming window for part of them, nothing scored yet."""
    rng = plan.rng
    window = (edition.audit_window_end - edition.audit_window_start).days
    rows, extra = [], []
    kwp_auditors, n = auditors.get(None, []), 0
    for place, enrolment in accepted:
        if rng.random() < (0.4 if current else 0.97):
            day = edition.audit_window_start + datetime.timedelta(days=rng.randint(0, window))
            day -= datetime.timedelta(days=max(0, day.weekday() - 4))  # audits on working days
            local = auditors.get(place.unit_id) or []
            team = list(dict.fromkeys(m for m in (kwp_auditors[n % len(kwp_auditors)] if kwp_auditors else None,
                                                  local[n % len(local)] if local else None) if m is not None))
            n += 1
            audit = Audit(enrolment=enrolment, edition=edition, kind=enrolment.stage, date=day, planned_by_id=kwp_id)
            marks: list[int] | None = None
            if not current:
                if rng.random() < 0.01:
                    audit.status = Audit.Status.CANCELLED
                else:
                    marks = [_score(rng, maximum, place.quality) for _, maximum, _ in criteria[place.programme]]
                    result = audit_result(marks, rulebooks[place.programme], kind=audit.kind, audit_date=day,
                                          certificates=history.get(place.pk, []))
                    audit.status, audit.total_points, audit.max_points = Audit.Status.SIGNED, result.total_points, \
                        result.max_points
                    audit.percent, audit.passed = result.percent, result.passed
                    audit.lider_conditions_met = result.lider_conditions_met
                    audit.signed_at, audit.signed_by_id = plan.at(day, 15), team[0] if team else None
                    audit.summary = "Placówka realizuje program zgodnie z planem działania."
                    audit.recommendations = "Kontynuować dyżury nauczycieli w strefach wskazanych w diagnozie."
                    if decided and result.passed and (audit.kind != Stage.LIDER or result.lider_conditions_met):
                        _grant(history, place, audit.kind, edition, rulebooks[place.programme])
            rows.append(audit)
            extra.append((place, marks, team))
    audits = plan.bulk(Audit, rows)
    members: list[AuditTeamMember] = []
    scores: list[AuditScore] = []
    events: list[AuditEvent] = []
    for audit, (place, marks, team) in zip(audits, extra, strict=True):
        members += [AuditTeamMember(audit=audit, user_id=m, is_lead=i == 0) for i, m in enumerate(team)]
        events.append(AuditEvent(audit=audit, by_id=kwp_id, action=AuditEvent.Action.PLANNED,
                                 new_value=f"{audit.date:%d.%m.%Y}"))
        if audit.status == Audit.Status.CANCELLED:
            events.append(AuditEvent(audit=audit, by_id=kwp_id, action=AuditEvent.Action.CANCELLED,
                                     note="Placówka zrezygnowała z audytu."))
        if marks is not None:
            scores += [AuditScore(audit=audit, criterion_id=criterion_id, score=mark, updated_by_id=audit.signed_by_id)
                       for (criterion_id, _, _), mark in zip(criteria[place.programme], marks, strict=True)]
            events.append(AuditEvent(audit=audit, by_id=audit.signed_by_id, action=AuditEvent.Action.SIGNED,
                                     note=f"{audit.total_points}/{audit.max_points} ({audit.percent}%)"))
    plan.bulk(AuditTeamMember, members)
    plan.bulk(AuditScore, scores)
    plan.bulk(AuditEvent, events)
    return len(audits)


def _grant(history, place: Place, kind: str, edition: Edition, rulebook: RulebookVersion) -> None:
    """The certificate the certification seed issues at the ceremony for a passed audit (certification.rules)."""
    granted = edition.ceremony_date or D(edition.start_year + 1, 10, 15)
    if kind == Stage.LIDER:
        until = D(edition.start_year + 2, 8, 31)
    else:
        years = rulebook.certificate_validity_years if kind == Stage.CERTIFICATE else rulebook.extension_validity_years
        until = granted.replace(year=granted.year + years) - datetime.timedelta(days=1)
    history.setdefault(place.pk, []).append(CertificateRecord(kind, granted, until, False))

