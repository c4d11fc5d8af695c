"""Demo audits of the past edition (2025/2026, audits in May–June 2026): signed, partly scored and
not yet scored, with teams from KWP's prevention department and the unit serving each institution.

Runs after the editions and self-assessments demo and uses what they made (enrolments whose
self-assessment was accepted). It adds one enrolment of its own, in Nowy Sącz, so that both demo
auditors ("audytor" of KWP, "audytor2" of KMP Nowy Sącz) have an audit to score. Deterministic;
rows are written directly (no e-mails), with the result computed by `audit_result`.
"""

import datetime
from typing import TextIO

from django.contrib.auth.hashers import make_password
from django.db.models import Q
from django.utils import timezone

from institutions.models import Institution, PoliceUnit, User

from .certification_hooks import certificate_history
from .demo_self_assessments import build as build_self_assessment
from .models import (
    Audit,
    AuditEvent,
    AuditScore,
    AuditTeamMember,
    Criterion,
    CriterionAnswer,
    Edition,
    Enrolment,
    SelfAssessment,
)
from .services.area_summaries import area_summary_freeze
from .services.audits import audit_result

PAST_EDITION = 2025
# Working days of May–June 2026 used in turn (no audits on holidays: 1, 3 May, 4 June).
DAYS = [datetime.date(2026, 5, d) for d in (12, 13, 14, 19, 20, 21, 26, 27, 28)] + [
    datetime.date(2026, 6, d) for d in (2, 3, 9, 10, 11, 16, 17, 18, 23, 24, 25)]
# What happens to the audits in turn: points short of the maximum for signed ones, or a state.
# One audit fails (24 of 35); after the first ten the pattern repeats without it.
PLAN = [("signed", 0), ("signed", 4), ("signed", 11), ("partly", None), ("signed", 2), ("planned", None),
        ("signed", 6), ("signed", 1), ("planned", None), ("signed", 3)]
REPEAT = [("signed", 2), ("partly", None), ("signed", 5), ("planned", None), ("signed", 0)]
SUMMARIES = {
    True: ("Placówka rzetelnie zdiagnozowała zagrożenia i realizuje plan z partnerami; dokumentacja kompletna.",
           "Utrzymać dyżury na przerwach i rozszerzyć warsztaty o cyberprzemoc."),
    False: ("Plan działania realizowany częściowo; brak dowodów ewaluacji i współpracy ze strażą miejską.",
            "Uzupełnić ewaluację działań, wznowić współpracę z partnerami i ponowić samoocenę w kolejnej edycji."),
}
COMMENT = "Dokumentacja niepełna: część działań bez potwierdzenia w dowodach."


def seed(stdout: TextIO, password: str) -> None:
    edition = Edition.objects.filter(start_year=PAST_EDITION).first()
    if edition is None:
        stdout.write("Audits: no 2025/2026 edition, nothing to audit.")
        return
    kwp = User.objects.filter(role=User.Role.KWP_STAFF).order_by("pk").first()
    auditors = _auditors(password)
    enrolments = list(
        Enrolment.objects.filter(edition=edition, self_assessment__status=SelfAssessment.Status.ACCEPTED,
                                 audits__isnull=True)
        .select_related("institution__police_unit", "edition").order_by("institution__name")
    )
    counts: dict[str, int] = {}
    for n, enrolment in enumerate(enrolments):
        state, short = PLAN[n] if n < len(PLAN) else REPEAT[n % len(REPEAT)]
        # The demo auditor leads every other audit and all those still to be scored.
        team = _team(enrolment.institution, auditors, lead_is_demo=n % 2 == 0 or state != "signed")
        audit = _plan(enrolment, DAYS[n % len(DAYS)], team, kwp)
        if state == "signed":
            _sign(audit, short or 0)
        elif state == "partly":
            _score(audit, _criteria(audit)[:2], 0)
        counts[state] = counts.get(state, 0) + 1
    demo = _demo_enrolment(edition, kwp)
    if demo:
        _plan(demo, DAYS[-1], [auditors["audytor"], auditors["audytor2"]], kwp)
        counts["planned"] = counts.get("planned", 0) + 1
    stdout.write(f"Audits: {sum(counts.values())} in edition {edition.name} "
                 f"(signed {counts.get('signed', 0)}, partly scored {counts.get('partly', 0)}, "
                 f"to score {counts.get('planned', 0)}).")


def _auditors(password: str) -> dict[str, User]:
    """The demo auditors by login; made here if the institutions demo did not."""
    units = {unit.short_name: unit for unit in PoliceUnit.objects.all()}
    wanted = [("audytor", "Adam", "Zieliński", "KWP Kraków"), ("audytor2", "Marek", "Kaczmarczyk", "KMP Nowy Sącz")]
    hashed = None
    for username, first, last, unit in wanted:
        if not User.objects.filter(username=username).exists():
            hashed = hashed or make_password(password)
            User.objects.create(username=username, first_name=first, last_name=last, role=User.Role.AUDITOR,
                                police_unit=units[unit], department="Wydział Prewencji", password=hashed,
                                email=f"{username}@policja.example.pl")
    return {u.username: u for u in User.objects.filter(role=User.Role.AUDITOR, is_active=True)
            .select_related("police_unit").order_by("pk")}


def _team(institution: Institution, auditors: dict[str, User], lead_is_demo: bool) -> list[User]:
    """A lead from KWP's prevention department, then the serving unit's auditors (or a second KWP one)."""
    kwp = [a for a in auditors.values() if a.police_unit and a.police_unit.kind == PoliceUnit.Kind.KWP]
    lead = auditors["audytor"] if lead_is_demo else next((a for a in kwp if a.username != "audytor"), kwp[0])
    local = [a for a in auditors.values() if a.police_unit_id == institution.police_unit_id and a != lead][:2]
    return [lead, *(local or [a for a in kwp if a != lead][:1])]


def _plan(enrolment: Enrolment, date: datetime.date, team: list[User], kwp: User | None) -> Audit:
    audit = Audit.objects.create(enrolment=enrolment, edition_id=enrolment.edition_id, kind=enrolment.stage,
                                 date=date, planned_by=kwp)
    AuditTeamMember.objects.bulk_create(
        [AuditTeamMember(audit=audit, user=user, is_lead=i == 0) for i, user in enumerate(dict.fromkeys(team))])
    AuditEvent.objects.create(audit=audit, by=kwp, action=AuditEvent.Action.PLANNED,
                              new_value=f"{date:%d.%m.%Y}; " + ", ".join(str(u) for u in dict.fromkeys(team)))
    return audit


def _criteria(audit: Audit) -> list[Criterion]:
    return list(Criterion.objects.filter(area__rulebook=audit.enrolment.rulebook).order_by("area__number", "position"))


def _score(audit: Audit, criteria: list[Criterion], short: int) -> list[int]:
    """Full marks, less `short` points taken from the criteria in turn; a comment wherever the
    score differs from the self-score, as the rules ask."""
    points = {c.pk: c.max_points for c in criteria}
    for i in range(short):
        criterion = criteria[i % len(criteria)]
        points[criterion.pk] = max(points[criterion.pk] - 1, 0)
    self_scores = dict(CriterionAnswer.objects.filter(self_assessment__enrolment=audit.enrolment)
                       .values_list("criterion", "score"))
    last = audit.team.order_by("-is_lead").last()
    assert last is not None  # demo audits always have a team
    scorer = last.user
    AuditScore.objects.bulk_create([
        AuditScore(audit=audit, criterion=c, score=points[c.pk], updated_by=scorer, version=2,
                   comment=COMMENT if points[c.pk] != self_scores.get(c.pk) else "")
        for c in criteria
    ])
    AuditEvent.objects.bulk_create([
        AuditEvent(audit=audit, by=scorer, action=AuditEvent.Action.SCORED, criterion=c, new_value=str(points[c.pk]))
        for c in criteria
    ])
    return [points[c.pk] for c in criteria]


def _sign(audit: Audit, short: int) -> None:
    scores = _score(audit, _criteria(audit), short)
    institution = audit.enrolment.institution
    result = audit_result(scores, audit.enrolment.rulebook, kind=audit.kind,
                          audit_date=audit.date, certificates=certificate_history(institution.pk))
    lead = audit.team.get(is_lead=True).user
    summary, recommendations = SUMMARIES[result.passed]
    signed_at = timezone.make_aware(datetime.datetime.combine(audit.date, datetime.time(14, 30)))
    Audit.objects.filter(pk=audit.pk).update(
        status=Audit.Status.SIGNED, version=2, total_points=result.total_points, max_points=result.max_points,
        percent=result.percent, passed=result.passed, lider_conditions_met=result.lider_conditions_met,
        summary=summary, recommendations=recommendations, signed_at=signed_at, signed_by=lead)
    AuditEvent.objects.create(audit=audit, by=lead, action=AuditEvent.Action.SIGNED, old_value=Audit.Status.PLANNED,
                              new_value=Audit.Status.SIGNED,
                              note=f"{result.total_points}/{result.max_points} ({result.percent}%)")
    area_summary_freeze(audit=audit)


def _demo_enrolment(edition: Edition, kwp: User | None) -> Enrolment | None:
    """A school in Nowy Sącz not yet in the edition, enrolled with an accepted, complete self-assessment."""
    institution = (
        Institution.objects.filter(Q(county__teryt="1262") | Q(county__teryt="1210"), is_active=True)
        .exclude(type="university").exclude(enrolments__edition=edition).order_by("name").first()
    )
    if institution is None:
        return None
    enrolment = Enrolment.objects.create(edition=edition, institution=institution, enrolled_by=kwp)
    # Through the services, like every demo self-assessment: plan, evidence and checks as in real data.
    build_self_assessment(enrolment, SelfAssessment.Status.ACCEPTED, kwp)
    return enrolment
