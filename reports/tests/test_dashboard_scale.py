"""The dashboard's aggregates, rewritten as plain joins for scale, equal their first definitions (EXISTS
semi-joins, distinct counts) on a varied data set: seed_scale's, plus missing and empty scores. The criteria
areas are read from the per-audit summary maintained on write: equal after seeding, signing, reopening and
rebuilding."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Exists, OuterRef, Q, Sum

from audits.catalogues import ensure_default_rulebooks
from audits.models import Audit, AuditAreaSummary, AuditScore, CriterionAnswer, Edition, Stage
from audits.services.audits import audit_reopen, audit_sign
from audits.tests.factories_audits import score_all
from certification.rules import CERTIFICATE_KINDS
from certification.services import certificate_revoke
from certification.tests.factories import certificate
from institutions.models import County, Institution, User
from reports.selectors import kwp

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(reference_data, media_root):
    ensure_default_rulebooks()
    call_command("seed_scale", institutions=80, editions=4, stdout=io.StringIO())


@pytest.fixture
def varied(seeded):
    # Self-scores and audit scores left empty or missing here and there, so the pairs differ from either side.
    answers = list(CriterionAnswer.objects.order_by("pk").values_list("pk", flat=True))
    CriterionAnswer.objects.filter(pk__in=answers[::7]).update(score=None)
    CriterionAnswer.objects.filter(pk__in=answers[3::11]).delete()
    scores = list(AuditScore.objects.order_by("pk").values_list("pk", flat=True))
    AuditScore.objects.filter(pk__in=scores[::5]).update(score=None)
    AuditScore.objects.filter(pk__in=scores[2::13]).delete()
    # Changed behind the services' back: the summary is rebuilt from the live data, as the command does.
    call_command("rebuild_dashboard_summary", stdout=io.StringIO())


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


def dashboard_area_rows(edition: Edition) -> dict[tuple, tuple]:
    rows = kwp.area_rows(edition=edition)
    assert [(r.programme, r.number) for r in rows] == sorted((r.programme, r.number) for r in rows)
    return {(r.programme, r.number, r.title): (r.audit_points, r.audit_max, r.self_points, r.self_max)
            for r in rows}


def _assert_area_sums_equal_live_sums() -> int:
    checked = 0
    for edition in Edition.objects.all():
        rows = dashboard_area_rows(edition)
        assert rows == first_area_rows(edition)
        checked += len(rows)
    return checked


def test_seeded_area_summary_equals_the_live_sums(seeded):
    assert _assert_area_sums_equal_live_sums() > 10


def test_rebuilt_area_summary_equals_the_semi_join_definition(varied):
    assert _assert_area_sums_equal_live_sums() > 10


def test_rebuild_replaces_stale_and_missing_rows(varied):
    AuditAreaSummary.objects.filter(pk__in=AuditAreaSummary.objects.order_by("pk").values("pk")[:20]).delete()
    AuditAreaSummary.objects.filter(number=1).update(audit_points=0, self_points=0)
    call_command("rebuild_dashboard_summary", stdout=io.StringIO())
    assert _assert_area_sums_equal_live_sums() > 10


def test_signing_freezes_and_reopening_removes_the_audits_area_rows(varied):
    audit = (Audit.objects.filter(status=Audit.Status.PLANNED, enrolment__self_assessment__answers__isnull=False)
             .order_by("pk").first())
    edition = audit.enrolment.edition
    assert dashboard_area_rows(edition) == first_area_rows(edition) == {}  # the current edition: nothing signed
    score_all(audit, {"1.1": 0})
    audit_sign(audit=audit, by=audit.team.get(is_lead=True).user)
    signed = dashboard_area_rows(edition)
    assert signed and signed == first_area_rows(edition)
    assert AuditAreaSummary.objects.filter(audit=audit).count() == len(signed)

    audit_reopen(audit=audit, reason="Błędnie wpisana ocena.", by=User.objects.filter(role=User.Role.KWP_STAFF)[0])
    assert not AuditAreaSummary.objects.filter(audit=audit).exists()
    assert dashboard_area_rows(edition) == first_area_rows(edition) == {}
    assert _assert_area_sums_equal_live_sums() > 10


def test_area_rows_are_one_query_on_the_summary(varied, django_assert_num_queries):
    edition = Edition.objects.order_by("start_year")[0]
    with django_assert_num_queries(1):
        assert kwp.area_rows(edition=edition)


def _certified_q(prefix: str) -> Q:
    return Q(**{f"{prefix}certificates__kind__in": CERTIFICATE_KINDS,
                f"{prefix}certificates__revoked_at__isnull": True})


def _assert_county_and_trend_counts_equal_the_distinct_count_definition() -> None:
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


def test_county_and_trend_counts_equal_the_distinct_count_definition(varied):
    _assert_county_and_trend_counts_equal_the_distinct_count_definition()
    assert any(r.certified for r in kwp.edition_trend())


def test_an_issued_certificate_counts_for_its_audits_edition_until_revoked(seeded):
    """The counts read the edition stored on the certificate: set at issue from the audit, so an issued and a
    revoked certificate move the trend and the county of that edition exactly as the join definition does."""
    edition = Edition.objects.order_by("start_year")[0]
    trend = {r.pk: r.certified for r in kwp.edition_trend()}
    newcomer = Institution.objects.exclude(enrolments__edition=edition).exclude(certificates__isnull=False)
    issued = certificate(year=edition.start_year, institution=newcomer.order_by("pk")[0])
    assert issued.edition == issued.audit.enrolment.edition == edition
    county = issued.institution.county_id
    assert {r.pk: r.certified for r in kwp.edition_trend()}[edition.pk] == trend[edition.pk] + 1
    assert next(r for r in kwp.county_rows(edition=edition) if r.pk == county).certified >= 1
    _assert_county_and_trend_counts_equal_the_distinct_count_definition()

    certificate_revoke(certificate=issued, by=User.objects.filter(role=User.Role.KWP_STAFF)[0], reason="Test.")
    assert {r.pk: r.certified for r in kwp.edition_trend()} == trend
    _assert_county_and_trend_counts_equal_the_distinct_count_definition()


def test_trend_and_counties_are_two_grouped_queries_on_the_certificates(seeded, django_assert_num_queries):
    edition = Edition.objects.order_by("start_year")[0]
    with django_assert_num_queries(4):  # enrolled, certified, Lider titles, editions
        kwp.edition_trend()
    with django_assert_num_queries(3):  # enrolled, certified, counties
        kwp.county_rows(edition=edition)
