"""The whole demo (`manage.py seed_demo`) obeys the stage chain: every current enrolment seeks a stage its
certificate history allows, and every Lider title rests on a valid extension."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from audits.certification_hooks import certificate_history
from audits.models import Enrolment, RulebookVersion, Stage
from audits.services.editions import institution_standing, stage_standing
from certification.models import Certificate

pytestmark = pytest.mark.django_db(transaction=True)
DEMO_TODAY = datetime.date(2026, 11, 25)


def test_the_seeded_demo_obeys_the_stage_chain(reference_data, settings, tmp_path, monkeypatch):
    from zpb.celery import app

    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setitem(app.conf, "task_always_eager", True)  # as in `make run`: PDFs render inline, no broker
    call_command("seed_demo", stdout=StringIO())

    current = Enrolment.objects.filter(edition__start_year=2026).select_related("institution", "edition")
    refused = {e.institution.name: e.stage for e in current
               if institution_standing(e.institution, e.edition, on=DEMO_TODAY).available[e.stage] is not None}
    assert refused == {}
    assert current.filter(stage=Stage.LIDER).count() == 2

    for title in Certificate.objects.filter(kind=Stage.LIDER).select_related("decision"):
        history = [r for r in certificate_history(title.institution_id) if r.kind != Stage.LIDER]
        rulebook = RulebookVersion.objects.filter(programme=title.programme).order_by("-effective_from").first()
        assert stage_standing(history, rulebook, title.decision.decided_on).available[Stage.LIDER] is None

    # The 2025/2026 grants rest on the commission's list approved by the Komendant; a second list is open.
    from certification.models import Decision, Proposal

    proposals = Proposal.objects.filter(commission__edition__start_year=2025).order_by("number")
    assert [p.status for p in proposals] == [Proposal.Status.APPROVED, Proposal.Status.OPEN]
    direct = Decision.objects.filter(audit__enrolment__edition__start_year=2025, recommendation__isnull=True)
    assert list(direct.values_list("outcome", flat=True)) == ["lider"]  # the Lider title is seeded as archive data
