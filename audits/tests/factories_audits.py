"""Factories and helpers for audit tests (the shared ones are in factories.py)."""

import datetime

from django.utils import timezone

from audits.models import Audit, AuditScore, Criterion, Edition, Enrolment, SelfAssessment, Stage
from audits.tests.factories import AuditFactory, EditionFactory, EnrolmentFactory, SelfAssessmentFactory, answer_all
from institutions.models import Institution, User
from institutions.tests.factories import AuditorFactory, InstitutionFactory, police_unit


def free_past_edition(first_year: int = 2010) -> Edition:
    """An edition whose audit window lies in the past, in a school year no other test object uses."""
    year = first_year
    while Edition.objects.filter(start_year=year).exists():
        year += 1
    return EditionFactory(start_year=year)


def edition_of(year: int) -> Edition:
    return Edition.objects.filter(start_year=year).first() or EditionFactory(start_year=year)


def accepted_enrolment(
    *, edition: Edition | None = None, institution: Institution | None = None, stage: str = Stage.CERTIFICATE,
    self_score: int | None = None,
) -> Enrolment:
    """An enrolment whose self-assessment was accepted, every criterion self-scored (full marks by default)."""
    edition = edition or free_past_edition()
    institution = institution or InstitutionFactory()
    enrolment = (Enrolment.objects.filter(edition=edition, institution=institution).first()
                 or EnrolmentFactory(edition=edition, institution=institution, stage=stage))
    assessment = SelfAssessment.objects.filter(enrolment=enrolment).first() or SelfAssessmentFactory(
        enrolment=enrolment, status=SelfAssessment.Status.ACCEPTED, diagnosis_findings="Przemoc na przerwach.",
        dangerous_places="Szatnia i przejście przy boisku.")
    if not assessment.answers.exists():
        answer_all(assessment, score=self_score)
    return enrolment


def planned_audit(*, team: list[User] | None = None, date: datetime.date | None = None, **kwargs) -> Audit:
    """A planned audit (lead first in `team`) of an accepted enrolment; by default dated in the past."""
    enrolment = accepted_enrolment(**kwargs)
    return AuditFactory(enrolment=enrolment, team=team if team is not None else [AuditorFactory()],
                        **({"date": date} if date else {}))


def criteria_of(audit: Audit) -> list[Criterion]:
    return list(Criterion.objects.filter(area__rulebook=audit.enrolment.rulebook).order_by("area__number", "position"))


def score_all(audit: Audit, points: dict[str, int] | None = None, *, by: User | None = None) -> None:
    """Score every criterion directly (full marks unless `points` maps a code to other points)."""
    for criterion in criteria_of(audit):
        score = (points or {}).get(criterion.code, criterion.max_points)
        AuditScore.objects.update_or_create(audit=audit, criterion=criterion, defaults={
            "score": score, "comment": "" if score == criterion.max_points else "Braki w dokumentacji.",
            "updated_by": by})


def signed_audit(*, points: dict[str, int] | None = None, **kwargs) -> Audit:
    """A signed audit with its result frozen as the service computes it."""
    from audits.services.audits import audit_sign

    audit = planned_audit(**kwargs)
    score_all(audit, points)
    lead = audit.team.get(is_lead=True).user
    return audit_sign(audit=audit, by=lead, summary="Placówka dobrze przygotowana.",
                      recommendations="Kontynuować dyżury na przerwach.")


def kwp_auditor(**kwargs) -> User:
    return AuditorFactory(police_unit=police_unit("KWP Kraków"), department="Wydział Prewencji", **kwargs)


def today() -> datetime.date:
    return timezone.localdate()
