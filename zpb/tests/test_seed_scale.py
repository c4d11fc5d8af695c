"""seed_scale: a small data set that is coherent (the rules' numbers add up) and that every page renders."""

import io
from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum
from django.urls import reverse

from audits.catalogues import ensure_default_rulebooks
from audits.models import Audit, AuditScore, Criterion, CriterionAnswer, Edition, Enrolment, SelfAssessment
from certification.models import Certificate, Decision, NumberCounter
from institutions.models import County, Institution, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(reference_data, media_root):
    ensure_default_rulebooks()
    call_command("seed_scale", institutions=60, editions=4, stdout=io.StringIO())


def test_it_refuses_a_database_that_holds_data(reference_data):
    User.objects.create(username="someone")
    with pytest.raises(CommandError, match="already holds data"):
        call_command("seed_scale", institutions=5, editions=1)
    assert not Institution.objects.exists()


def test_it_fills_every_role_and_edition(seeded):
    assert Institution.objects.count() == 60
    assert Edition.objects.count() == 4
    assert {User.Role.KWP_STAFF, User.Role.AUDITOR, User.Role.COORDINATOR} == set(
        User.objects.values_list("role", flat=True))
    assert not Institution.objects.filter(coordinators__isnull=True).exists()
    assert County.objects.count() == 22
    assert Certificate.objects.exists() and Decision.objects.filter(outcome=Decision.Outcome.REFUSED).exists()


def test_answers_and_scores_cover_the_rulebook(seeded):
    criteria = dict(Criterion.objects.values("area__rulebook").annotate(n=Count("pk")).values_list(
        "area__rulebook", "n"))
    for assessment in SelfAssessment.objects.select_related("enrolment__edition", "enrolment__institution") \
            .annotate(n=Count("answers")):
        assert assessment.n == criteria[assessment.enrolment.rulebook.pk]
    for audit in Audit.objects.filter(status=Audit.Status.SIGNED).annotate(total=Sum("scores__score")):
        assert audit.total == audit.total_points
        assert audit.team.filter(is_lead=True).count() == 1
    assert not AuditScore.objects.filter(audit__status=Audit.Status.PLANNED).exists()
    assert CriterionAnswer.objects.filter(evidence__isnull=False).exists()


def test_certificates_are_numbered_without_gaps_and_rest_on_granting_decisions(seeded):
    sequences = defaultdict(list)
    for certificate in Certificate.objects.select_related("decision", "audit"):
        sequences[(certificate.programme, certificate.year)].append(certificate.sequence)
        assert certificate.decision.grants and certificate.audit.passed
        assert certificate.kind == certificate.decision.outcome == certificate.audit.kind
        assert certificate.number == f"{certificate.programme}/{certificate.year}/{certificate.sequence:04d}"
    for (programme, year), numbers in sequences.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
        assert NumberCounter.objects.get(programme=programme, year=year).last == len(numbers)


def test_the_stored_waiting_flags_match_the_rows(seeded):
    """Bulk inserts send no signals: the seed sets Audit.decision_recorded and Decision.certificate_issued itself."""
    for audit in Audit.objects.annotate(decisions=Count("decision")):
        assert audit.decision_recorded == bool(audit.decisions), audit.pk
    for decision in Decision.objects.annotate(certificates=Count("certificate")):
        assert decision.certificate_issued == bool(decision.certificates), decision.pk
    assert Audit.objects.filter(status=Audit.Status.SIGNED, decision_recorded=False).exists()


def test_the_kwp_dashboard_counts_what_was_seeded(client, seeded):
    edition = Edition.objects.order_by("-start_year").first()
    client.force_login(User.objects.get(username="kwp"))
    response = client.get(reverse("dashboard"), {"edition": edition.pk})
    assert response.status_code == 200
    assert response.context["numbers"].enrolled == Enrolment.objects.filter(edition=edition).count()
    past = Edition.objects.order_by("-start_year")[1]
    response = client.get(reverse("dashboard"), {"edition": past.pk})
    assert response.context["numbers"].certificates_issued == Certificate.objects.filter(
        audit__enrolment__edition=past).count()


def test_every_page_renders_for_every_role(client, seeded):
    kwp, auditor, coordinator = (User.objects.get(username=name) for name in ("kwp", "audytor", "koordynator"))
    institution = Institution.objects.filter(coordinators=coordinator).first()
    certificate = Certificate.objects.filter(revoked_at__isnull=True).first()
    audit = Audit.objects.filter(status=Audit.Status.SIGNED).first()
    assessment = SelfAssessment.objects.exclude(status=SelfAssessment.Status.DRAFT).first()
    pages = {kwp: [reverse("dashboard"), reverse("institutions:list"), reverse("institutions:detail",
                                                                               args=[institution.pk]),
                   reverse("partners:list"), reverse("audits:self-assessment-review-list"),
                   reverse("certification:certificate-list"), reverse("certification:decision-list"),
                   reverse("audits:audit-detail", args=[audit.pk]),
                   reverse("audits:self-assessment-detail", args=[assessment.pk]),
                   reverse("certification:certificate-detail", args=[certificate.pk])],
             auditor: [reverse("dashboard"), reverse("audits:audit-mine")],
             coordinator: [reverse("dashboard"), reverse("institutions:detail", args=[institution.pk])]}
    for edition in Edition.objects.all():
        pages[kwp] += [reverse(f"audits:audit-{name}", args=[edition.pk])
                       for name in ("overview", "ranking", "calendar", "plan")]
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 200, url
    client.logout()
    for url in (reverse("certification:register"), reverse("certification:verify-code",
                                                            args=[certificate.verification_code])):
        assert client.get(url).status_code == 200
