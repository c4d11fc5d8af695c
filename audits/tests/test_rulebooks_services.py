import datetime

import pytest
from django.core.exceptions import ValidationError

from audits.models import Criterion, CriterionArea, RulebookVersion
from audits.selectors.editions import catalogue_check, rulebook_is_locked
from audits.services.editions import (
    EditionsError,
    area_delete,
    area_save,
    criterion_delete,
    criterion_save,
    edition_save,
    rulebook_copy,
    rulebook_delete,
    rulebook_save,
)
from audits.tests.factories import EditionFactory, RulebookFactory
from audits.tests.factories_editions import rulebooks_in_force
from institutions.models import Programme

pytestmark = pytest.mark.django_db

SHORT = [("Diagnoza", [("1.1", "Ankiety", 10, True), ("1.2", "Wizja lokalna", 5, False)])]


def test_catalogue_check_reports_the_sum_and_the_difference():
    rulebook = RulebookFactory(catalogue=SHORT)

    check = catalogue_check(rulebook)

    assert (check.total, check.maximum, check.difference, check.ok) == (15, 35, 20, False)


def test_catalogue_check_accepts_a_catalogue_that_adds_up():
    assert catalogue_check(RulebookFactory()).ok


def test_an_edition_cannot_use_a_rulebook_whose_catalogue_does_not_add_up():
    rulebooks = rulebooks_in_force(2026)
    RulebookVersion.objects.filter(pk=rulebooks["spb_rulebook"].pk).update(max_points=40)
    rulebooks["spb_rulebook"].refresh_from_db()
    edition = EditionFactory.build(start_year=2026, **rulebooks)

    with pytest.raises(ValidationError) as exc:
        edition_save(edition=edition)

    message = exc.value.message_dict["spb_rulebook"][0]
    assert "35" in message and "40" in message and "brakuje 5" in message


def test_a_rulebook_is_locked_once_an_edition_uses_it():
    edition = EditionFactory()

    assert rulebook_is_locked(edition.spb_rulebook)


def test_a_rulebook_used_by_an_edition_refuses_changes():
    rulebook = EditionFactory().spb_rulebook
    rulebook.pass_threshold_percent = 50

    with pytest.raises(EditionsError, match="używana przez edycję"):
        rulebook_save(rulebook=rulebook)


def test_a_locked_rulebook_refuses_a_new_criterion():
    area = EditionFactory().spb_rulebook.areas.first()

    with pytest.raises(EditionsError):
        criterion_save(criterion=Criterion(area=area, code=f"{area.number}.9", title="Nowe", max_points=1))


def test_a_locked_rulebook_refuses_deleting_a_criterion():
    criterion = Criterion.objects.filter(area__rulebook=EditionFactory().spb_rulebook).first()

    with pytest.raises(EditionsError):
        criterion_delete(criterion=criterion)
    assert Criterion.objects.filter(pk=criterion.pk).exists()


def test_a_locked_rulebook_refuses_changing_an_area():
    area = EditionFactory().spb_rulebook.areas.first()
    area.title = "Zmieniony tytuł"

    with pytest.raises(EditionsError):
        area_save(area=area)


def test_a_locked_rulebook_cannot_be_deleted():
    rulebook = EditionFactory().spb_rulebook

    with pytest.raises(EditionsError):
        rulebook_delete(rulebook=rulebook)


def test_an_unlocked_rulebook_accepts_a_new_criterion():
    area = RulebookFactory(catalogue=SHORT).areas.get()

    criterion_save(criterion=Criterion(area=area, code="1.3", title="Partnerzy", max_points=20))

    assert catalogue_check(area.rulebook).ok


def test_deleting_an_area_of_an_unlocked_rulebook_deletes_its_criteria():
    rulebook = RulebookFactory()
    area = rulebook.areas.first()

    area_delete(area=area)

    assert not Criterion.objects.filter(area__rulebook=rulebook, code__startswith="1.").exists()


def test_a_copy_has_every_area_and_criterion():
    original = RulebookFactory()

    copy = rulebook_copy(rulebook=original, name="Nowa wersja", effective_from=datetime.date(2030, 9, 1))

    def catalogue(rulebook):
        return list(Criterion.objects.filter(area__rulebook=rulebook).values_list(
            "area__number", "area__title", "code", "title", "max_points", "evidence_required").order_by("code"))
    assert catalogue(copy) == catalogue(original) and copy.copied_from == original


def test_a_copy_is_independent_of_its_original():
    original = EditionFactory().spb_rulebook
    copy = rulebook_copy(rulebook=original, name="Nowa wersja", effective_from=datetime.date(2030, 9, 1))
    criterion = Criterion.objects.get(area__rulebook=copy, code="1.1")
    criterion.max_points = 7

    criterion_save(criterion=criterion)

    assert Criterion.objects.get(area__rulebook=original, code="1.1").max_points == 10


def test_a_copy_refuses_a_date_already_taken_by_the_programme():
    original = RulebookFactory(programme=Programme.SPB)

    with pytest.raises(EditionsError, match="ma już wersję"):
        rulebook_copy(rulebook=original, name="Kopia", effective_from=original.effective_from)


def test_a_criterion_code_starts_with_its_area_number():
    area = RulebookFactory(catalogue=SHORT).areas.get()

    with pytest.raises(EditionsError, match="1.1"):
        criterion_save(criterion=Criterion(area=area, code="2.1", title="Zły kod", max_points=1))


def test_a_criterion_code_is_unique_in_the_rulebook():
    area = RulebookFactory(catalogue=SHORT).areas.get()

    with pytest.raises(EditionsError, match="1.2"):
        criterion_save(criterion=Criterion(area=area, code="1.2", title="Duplikat", max_points=1))


def test_an_area_number_is_unique_in_the_rulebook():
    rulebook = RulebookFactory(catalogue=SHORT)

    with pytest.raises(EditionsError):
        area_save(area=CriterionArea(rulebook=rulebook, number=1, title="Druga jedynka"))
