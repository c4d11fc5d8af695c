import datetime

import pytest
from django.apps import apps

from audits.catalogues import DEFAULT_RULEBOOKS, load_default_rulebooks, unload_default_rulebooks
from audits.models import Criterion, Edition, RulebookVersion
from audits.selectors.editions import catalogue_check
from audits.services.editions import edition_defaults, edition_errors
from institutions.models import Programme

pytestmark = pytest.mark.django_db


def test_the_loader_creates_both_programmes_catalogues_summing_to_35():
    load_default_rulebooks(apps)

    rulebooks = RulebookVersion.objects.order_by("programme")
    assert [(r.programme, catalogue_check(r).total, r.max_points) for r in rulebooks] == [
        (Programme.SPB, 35, 35), (Programme.UWPB, 35, 35)]


def test_the_loader_is_idempotent():
    load_default_rulebooks(apps)

    load_default_rulebooks(apps)

    assert RulebookVersion.objects.count() == 2


def test_default_rulebooks_take_effect_on_1_september_2025():
    load_default_rulebooks(apps)

    assert set(RulebookVersion.objects.values_list("effective_from", flat=True)) == {datetime.date(2025, 9, 1)}


def test_default_catalogues_require_evidence_for_several_criteria():
    load_default_rulebooks(apps)

    for rulebook in RulebookVersion.objects.all():
        assert Criterion.objects.filter(area__rulebook=rulebook, evidence_required=True).count() >= 3


def test_every_default_criterion_has_guidance_for_both_roles():
    load_default_rulebooks(apps)

    assert not Criterion.objects.filter(guidance_coordinator="").exists()
    assert not Criterion.objects.filter(guidance_auditor="").exists()


def test_the_university_catalogue_covers_halls_of_residence_and_student_government():
    load_default_rulebooks(apps)

    titles = " ".join(
        Criterion.objects.filter(area__rulebook__programme=Programme.UWPB).values_list("title", flat=True)
    )
    assert "domach studenckich" in titles and "samorządem studenckim" in titles


def test_university_certificates_are_valid_for_four_years():
    load_default_rulebooks(apps)

    uwpb = RulebookVersion.objects.get(programme=Programme.UWPB)
    assert (uwpb.certificate_validity_years, uwpb.extension_validity_years) == (4, 4)


def test_specs_add_up_to_their_maximum():
    assert all(spec.total == spec.max_points for spec in DEFAULT_RULEBOOKS)


def test_default_rulebooks_can_be_used_by_the_2025_edition():
    load_default_rulebooks(apps)

    assert edition_errors(Edition(**edition_defaults(2025))) == {}


def test_the_reverse_migration_removes_the_default_rulebooks():
    load_default_rulebooks(apps)

    unload_default_rulebooks(apps)

    assert not RulebookVersion.objects.exists()


def test_the_data_migration_runs_the_loader_and_can_be_reversed():
    from importlib import import_module

    operation = import_module("audits.migrations.0002_default_rulebooks").Migration.operations[0]

    assert (operation.code, operation.reverse_code) == (load_default_rulebooks, unload_default_rulebooks)
