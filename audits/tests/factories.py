import datetime

import factory
from factory.django import DjangoModelFactory

from audits.models import (
    Audit,
    AuditTeamMember,
    Criterion,
    CriterionAnswer,
    CriterionArea,
    Edition,
    Enrolment,
    RulebookVersion,
    SelfAssessment,
    Stage,
)
from institutions.models import Programme
from institutions.tests.factories import AuditorFactory, InstitutionFactory


class RulebookFactory(DjangoModelFactory):
    """A rulebook with a small catalogue: 2 areas, 4 criteria, 35 points, evidence needed on 1.1."""

    class Meta:
        model = RulebookVersion
        skip_postgeneration_save = True

    programme = Programme.SPB
    name = factory.LazyAttribute(lambda r: f"Regulamin {r.programme} od {r.effective_from:%d.%m.%Y}")
    # Far from any real rulebook date, so it never collides with those that tests set explicitly.
    effective_from = factory.Sequence(lambda n: datetime.date(1900, 1, 1) + datetime.timedelta(days=n))

    @factory.post_generation
    def catalogue(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        spec = extracted or [
            ("Diagnoza", [("1.1", "Diagnoza zagrożeń", 10, True), ("1.2", "Wizja lokalna", 5, False)]),
            ("Działania", [("2.1", "Zintegrowany plan działania", 10, False), ("2.2", "Ewaluacja", 10, False)]),
        ]
        for number, (area_title, criteria) in enumerate(spec, start=1):
            area = CriterionArea.objects.create(rulebook=self, number=number, title=area_title)
            for position, (code, title, points, evidence) in enumerate(criteria):
                Criterion.objects.create(area=area, code=code, position=position, title=title,
                                         max_points=points, evidence_required=evidence)


class EditionFactory(DjangoModelFactory):
    class Meta:
        model = Edition

    start_year = 2025
    spb_rulebook = factory.SubFactory(RulebookFactory, programme=Programme.SPB)
    uwpb_rulebook = factory.SubFactory(RulebookFactory, programme=Programme.UWPB, certificate_validity_years=4)
    enrolment_opens = factory.LazyAttribute(lambda e: datetime.date(e.start_year, 9, 1))
    enrolment_closes = factory.LazyAttribute(lambda e: datetime.date(e.start_year, 10, 31))
    self_assessment_deadline = factory.LazyAttribute(lambda e: datetime.date(e.start_year + 1, 3, 31))
    audit_window_start = factory.LazyAttribute(lambda e: datetime.date(e.start_year + 1, 5, 1))
    audit_window_end = factory.LazyAttribute(lambda e: datetime.date(e.start_year + 1, 6, 30))
    ceremony_date = factory.LazyAttribute(lambda e: datetime.date(e.start_year + 1, 10, 15))


class EnrolmentFactory(DjangoModelFactory):
    class Meta:
        model = Enrolment

    edition = factory.SubFactory(EditionFactory)
    institution = factory.SubFactory(InstitutionFactory)
    stage = Stage.CERTIFICATE


class SelfAssessmentFactory(DjangoModelFactory):
    class Meta:
        model = SelfAssessment

    enrolment = factory.SubFactory(EnrolmentFactory)
    edition = factory.SelfAttribute("enrolment.edition")
    status = SelfAssessment.Status.DRAFT


def answer_all(self_assessment: SelfAssessment, *, score: int | None = None) -> list[CriterionAnswer]:
    """Fill every criterion of the rulebook in force (full marks unless `score` is given)."""
    criteria = Criterion.objects.filter(area__rulebook=self_assessment.enrolment.rulebook)
    return [
        CriterionAnswer.objects.create(
            self_assessment=self_assessment,
            criterion=c,
            score=c.max_points if score is None else min(score, c.max_points),
            description=f"Opis realizacji kryterium {c.code}.",
        )
        for c in criteria
    ]


class AuditFactory(DjangoModelFactory):
    """A planned audit of an enrolment whose self-assessment was accepted; `team` adds a lead auditor."""

    class Meta:
        model = Audit
        skip_postgeneration_save = True

    enrolment = factory.SubFactory(EnrolmentFactory)
    edition = factory.SelfAttribute("enrolment.edition")
    kind = factory.LazyAttribute(lambda a: a.enrolment.stage)
    date = factory.LazyAttribute(lambda a: a.enrolment.edition.audit_window_start + datetime.timedelta(days=14))
    status = Audit.Status.PLANNED

    @factory.post_generation
    def team(self, create, extracted, **kwargs):
        if not create:
            return
        members = extracted if extracted is not None else [AuditorFactory()]
        for i, user in enumerate(members):
            AuditTeamMember.objects.create(audit=self, user=user, is_lead=i == 0)
