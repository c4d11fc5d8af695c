"""The KWP staff dashboard: every number equals a count made here independently, and links to its list."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audits.models import Audit, AuditScore, CriterionAnswer, Enrolment, SelfAssessment
from certification.models import Certificate, Decision
from institutions.models import County

from .factories import STEPS, build

pytestmark = pytest.mark.django_db

N = 20


@pytest.fixture
def built(world):
    return build(N)


@pytest.fixture
def page(client, kwp, built):
    client.force_login(kwp)
    return client.get(reverse("dashboard"), {"edition": built.edition.pk})


def test_edition_numbers_equal_independent_counts(page, built):
    numbers = page.context["numbers"]
    steps = [STEPS[i % len(STEPS)] for i in range(N)]
    assert numbers.enrolled == sum(step != "not_enrolled" for step in steps) == N - 2
    assert numbers.self_assessments["not_started"] == steps.count("not_started")
    for status in ("draft", "submitted", "returned"):
        assert numbers.self_assessments[status] == steps.count(status)
    assert numbers.self_assessments["accepted"] == sum(s in ("planned", "failed", "certified", "lider") for s in steps)
    audits = Audit.objects.filter(enrolment__edition=built.edition)
    assert numbers.audits_planned == audits.filter(status="planned").count() == steps.count("planned")
    assert numbers.audits_signed == len([a for a in audits if a.status == "signed"]) == N // 10 * 4
    assert numbers.audits_passed == len([a for a in audits if a.status == "signed" and a.passed])
    decisions = list(Decision.objects.filter(audit__enrolment__edition=built.edition))
    assert numbers.decisions == len(decisions)
    assert numbers.decisions_refused == sum(d.outcome == "refused" for d in decisions) == steps.count("failed")
    assert numbers.certificates_issued == Certificate.objects.filter(audit__enrolment__edition=built.edition).count()
    today = timezone.localdate()
    expiring = [c for c in Certificate.objects.all() if c.revoked_at is None and c.valid_from <= today
                <= c.valid_until <= today + datetime.timedelta(days=90)]
    assert numbers.certificates_expiring == len(expiring) > 0


def test_each_number_links_to_its_filtered_list(page, built):
    html = page.content.decode()
    pk = built.edition.pk
    overview = reverse("audits:audit-overview", args=[pk])
    for href in (
        f"{reverse('audits:edition-detail', args=[pk])}",
        f"{reverse('audits:self-assessment-review-list')}?edition={pk}&amp;status=submitted",
        f"{overview}?status=planned", f"{overview}?status=signed", f"{overview}?result=passed",
        f"{reverse('certification:decision-list')}?edition={pk}",
        f"{reverse('certification:certificate-list')}?edition={pk}",
        f"{reverse('certification:certificate-list')}?status=expiring",
    ):
        assert f'href="{href}"' in html


def test_the_linked_lists_show_as_many_rows_as_the_numbers(client, page, built):
    numbers = page.context["numbers"]
    pk = built.edition.pk
    passed = client.get(reverse("audits:audit-overview", args=[pk]), {"result": "passed"}).context["audits"]
    assert len(passed) == numbers.audits_passed
    submitted = client.get(reverse("audits:self-assessment-review-list"), {"edition": pk, "status": "submitted"})
    assert submitted.context["page"].paginator.count == numbers.self_assessments["submitted"]
    expiring = client.get(reverse("certification:certificate-list"), {"status": "expiring"})
    assert expiring.context["page"].paginator.count == numbers.certificates_expiring


def test_counties_count_enrolled_and_certified_institutions(page, built):
    rows = {row.name: row for row in page.context["counties"]}
    assert len(rows) == County.objects.count()
    for county in County.objects.all():
        enrolled = Enrolment.objects.filter(edition=built.edition, institution__county=county)
        certified = {c.institution_id for c in Certificate.objects.filter(
            audit__enrolment__in=enrolled, kind__in=["certificate", "extension"], revoked_at__isnull=True)}
        assert (rows[county.name].enrolled, rows[county.name].certified) == (enrolled.count(), len(certified))
    busy = [row for row in rows.values() if row.enrolled]
    assert busy and any(row.certified for row in busy)
    row = next(row for row in busy if row.certified)
    assert float(row.share) == pytest.approx(100 * row.certified / row.enrolled, abs=0.01)


def test_the_trend_has_every_edition_with_its_lider_titles(page, built):
    trend = {row.pk: row for row in page.context["trend"]}
    row = trend[built.edition.pk]
    assert row.enrolled == N - 2
    assert row.lider == Certificate.objects.filter(audit__enrolment__edition=built.edition, kind="lider").count() == 2
    assert row.certified == Certificate.objects.filter(audit__enrolment__edition=built.edition,
                                                       kind="certificate").count()
    assert [r.start_year for r in page.context["trend"]] == sorted(r.start_year for r in page.context["trend"])


def test_areas_compare_audit_scores_with_self_scores(page, built):
    areas = page.context["areas"]
    assert areas
    for row in areas:
        scores = [s for s in AuditScore.objects.filter(
            audit__enrolment__edition=built.edition, audit__status="signed",
            criterion__area__number=row.number, criterion__area__rulebook__programme=row.programme,
        ).select_related("criterion", "audit") if s.score is not None]
        answers = {(a.self_assessment.enrolment_id, a.criterion_id): a.score for a in CriterionAnswer.objects.filter(
            self_assessment__enrolment__edition=built.edition).select_related("self_assessment")}
        paired = [s for s in scores if answers.get((s.audit.enrolment_id, s.criterion_id)) is not None]
        assert row.audit_points == sum(s.score for s in paired)
        assert row.audit_max == sum(s.criterion.max_points for s in paired)
        assert row.self_points == sum(answers[(s.audit.enrolment_id, s.criterion_id)] for s in paired)
    # The self-scores (10 points where allowed) are above the audits' (8 of 10 on 2.2; a failed audit): a gap.
    assert any(row.gap > 0 for row in areas)


def test_the_page_has_charts_with_tables_and_their_data(page):
    html = page.content.decode()
    for name in ("counties", "trend", "areas"):
        assert f'id="chart-{name}"' in html and f'id="table-{name}"' in html
    assert 'id="report-charts"' in html and "vendor/chartjs/chart.umd.min.js" in html
    assert "<caption>" in html and 'scope="row"' in html


def test_the_default_edition_is_the_current_one(client, kwp):
    from audits.tests.factories_self_assessments import current_edition

    edition = current_edition()
    client.force_login(kwp)
    assert client.get(reverse("dashboard")).context["edition"] == edition


def test_an_unknown_edition_falls_back_to_the_default(client, kwp, built):
    client.force_login(kwp)
    response = client.get(reverse("dashboard"), {"edition": "999999"})
    assert response.status_code == 200 and response.context["edition"] is not None


def test_a_self_assessment_status_count_matches_the_rows(page, built):
    assert page.context["numbers"].self_assessments["draft"] == SelfAssessment.objects.filter(
        enrolment__edition=built.edition, status="draft").count()


@pytest.mark.parametrize("n, text", [(1, "placówka zgłoszona do edycji"), (3, "placówki zgłoszone do edycji"),
                                     (5, "placówek zgłoszonych do edycji")])
def test_the_enrolment_card_agrees_in_number_with_its_count(client, kwp, world, n, text):
    from audits.tests.factories import EnrolmentFactory
    from audits.tests.factories_audits import free_past_edition

    edition = free_past_edition(1980)
    for _ in range(n):
        EnrolmentFactory(edition=edition)
    client.force_login(kwp)
    assert text in client.get(reverse("dashboard"), {"edition": edition.pk}).content.decode()


def test_the_refusals_number_links_to_the_refusals(client, page, built):
    numbers = page.context["numbers"]
    href = f"{reverse('certification:decision-list')}?edition={built.edition.pk}&amp;outcome=refused"
    assert f'href="{href}"' in page.content.decode()
    listed = client.get(reverse("certification:decision-list"), {"edition": built.edition.pk, "outcome": "refused"})
    decisions = list(listed.context["decisions"])
    assert len(decisions) == numbers.decisions_refused > 0 and {d.outcome for d in decisions} == {"refused"}
    assert "tylko odmowy" in listed.content.decode()


def test_what_waits_for_kwp_comes_first_and_links_to_its_list(page, built):
    from certification.selectors import audits_awaiting_decision
    from institutions.models import Application
    from institutions.tests.factories import ApplicationFactory

    waiting = page.context["waiting"]
    edition = built.edition
    assert waiting.self_assessments == SelfAssessment.objects.filter(
        enrolment__edition=edition, status="submitted").count() > 0
    ready = Enrolment.objects.filter(edition=edition, self_assessment__status="accepted")
    assert waiting.audits_to_plan == ready.exclude(audits__status__in=["planned", "signed"]).count()
    assert waiting.decisions == audits_awaiting_decision(user=page.wsgi_request.user, edition=edition).count()
    assert waiting.applications == Application.objects.filter(status="new").count()

    html = page.content.decode()
    pk = edition.pk
    for href in (reverse("institutions:application-list"),
                 f"{reverse('audits:self-assessment-review-list')}?edition={pk}&amp;status=submitted",
                 f"{reverse('audits:audit-plan', args=[pk])}?ready_only=on",
                 f"{reverse('certification:decision-list')}?edition={pk}"):
        assert f'href="{href}"' in html, href
    # First on the page: before the edition's numbers and the charts.
    assert html.index('id="waiting-heading"') < html.index('id="numbers-heading"') < html.index("<canvas")
    ApplicationFactory(status="new")
    assert page.client.get(reverse("dashboard")).context["waiting"].applications == waiting.applications + 1
