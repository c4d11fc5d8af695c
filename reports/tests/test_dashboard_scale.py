"""The dashboard's aggregates, rewritten as plain joins for scale, equal their first definitions (EXISTS
semi-joins, distinct counts) on a varied data set: seed_scale's, plus missing and empty scores."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Exists, OuterRef, Q, Sum

from audits.catalogues import ensure_default_rulebooks
from audits.models import Audit, AuditScore, CriterionAnswer, Edition, Stage
from certification.rules import CERTIFICATE_KINDS
from institutions.models import County
from reports.selectors import kwp

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied(reference_data, media_root):
    ensure_default_rulebooks()
    call_command("seed_scale", institutions=80, editions=4, stdout=io.StringIO())
    # Self-scores and audit scores left empty or missing here and there, so the pairs differ from either side.
    answers = list(CriterionAnswer.objects.order_by("pk").values_list("pk", flat=True))
    CriterionAnswer.objects.filter(pk__in=answers[::7]).update(score=None)
    CriterionAnswer.objects.filter(pk__in=answers[3::11]).delete()
    scores = list(AuditScore.objects.order_by("pk").values_list("pk", flat=True))
    AuditScore.objects.filter(pk__in=scores[::5]).update(score=None)
    AuditScore.objects.filter(pk__in=scores[2::13]).delete()


def first_area_rows(edition: Edition) -> dict[tuple, tuple]:
    """The first definition: EXISTS semi-joins in both directions, two queries."""
    area = "criterion__area__"
    keys = (f"{area}rulebook__programme", f"{area}number", f"{area}title")
    audit = (
        AuditScore.objects.filter(audit__enrolment__edition=edition, audit__status=Audit.Status.SIGNED,
                                  score__isnull=False)
        .filter(Exists(CriterionAnswer.objects.filter(
            self_assessment__enrolment=OuterRef("audit__enrolment"), criterion=OuterRef("criterion"),
            score__isnull=False)))
        .values(*keys).annotate(points=Sum("score"), maximum=Sum("criterion__max_points")).order_by()
    )
    own = (
        CriterionAnswer.objects.filter(self_assessment__enrolment__edition=edition, score__isnull=False)
        .filter(Exists(AuditScore.objects.filter(
            audit__enrolment=OuterRef("self_assessment__enrolment"), audit__status=Audit.Status.SIGNED,
            criterion=OuterRef("criterion"), score__isnull=False)))
        .values(*keys).annotate(points=Sum("score"), maximum=Sum("criterion__max_points")).order_by()
    )
    mine = {tuple(row[k] for k in keys): (row["points"], row["maximum"]) for row in own}
    return {tuple(row[k] for k in keys): (row["points"], row["maximum"], *mine[tuple(row[k] for k in keys)])
            for row in audit}


def test_area_sums_equal_the_semi_join_definition(varied):
    checked = 0
    for edition in Edition.objects.all():
        rows = kwp.area_rows(edition=edition)
        assert {(r.programme, r.number, r.title): (r.audit_points, r.audit_max, r.self_points, r.self_max)
                for r in rows} == first_area_rows(edition)
        assert [(r.programme, r.number) for r in rows] == sorted((r.programme, r.number) for r in rows)
        checked += len(rows)
    assert checked > 10


def _certified_q(prefix: str) -> Q:
    return Q(**{f"{prefix}certificates__kind__in": CERTIFICATE_KINDS,
                f"{prefix}certificates__revoked_at__isnull": True})


def test_county_and_trend_counts_equal_the_distinct_count_definition(varied):
    for edition in Edition.objects.all():
        path = "institutions__enrolments__"
        first = County.objects.annotate(
            enrolled=Count(f"{path}pk", filter=Q(**{f"{path}edition": edition}), distinct=True),
            certified=Count(f"{path}institution", filter=Q(**{f"{path}edition": edition})
                            & _certified_q(f"{path}audits__"), distinct=True),
        ).order_by("name").values_list("pk", "name", "enrolled", "certified")
        assert [(r.pk, r.name, r.enrolled, r.certified) for r in kwp.county_rows(edition=edition)] == list(first)
    path = "enrolments__audits__"
    first_trend = Edition.objects.annotate(
        enrolled_n=Count("enrolments", distinct=True),
        certified_n=Count("enrolments__institution", filter=_certified_q(path), distinct=True),
        lider_n=Count(f"{path}certificates", filter=Q(**{f"{path}certificates__kind": Stage.LIDER,
                                                          f"{path}certificates__revoked_at__isnull": True}),
                      distinct=True),
    ).order_by("start_year").values_list("pk", "start_year", "enrolled_n", "certified_n", "lider_n")
    assert [(r.pk, r.start_year, r.enrolled, r.certified, r.lider) for r in kwp.edition_trend()] == list(first_trend)
    assert any(r.certified for r in kwp.edition_trend())
