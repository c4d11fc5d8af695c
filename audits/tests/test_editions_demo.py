import io

import pytest

from audits import demo_editions
from audits.models import Edition, Stage
from audits.selectors.editions import edition_current
from audits.services.editions import enrolment_open
from audits.tests.factories_editions import TODAY
from institutions import demo as institutions_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(reference_data):
    institutions_demo.seed(io.StringIO(), password="zpb-demo-2026")
    demo_editions.seed(io.StringIO(), password="zpb-demo-2026")


def test_the_demo_has_three_editions(demo):
    assert list(Edition.objects.order_by("start_year").values_list("start_year", flat=True)) == [2024, 2025, 2026]


def test_the_demo_current_edition_is_open_for_enrolment(demo):
    assert enrolment_open(edition_current(today=TODAY), today=TODAY)


def test_the_demo_enrols_25_institutions_in_the_current_edition_at_mixed_stages(demo):
    enrolments = edition_current(today=TODAY).enrolments

    assert enrolments.count() == 25
    assert set(enrolments.values_list("stage", flat=True)) == set(Stage.values)


def test_the_demo_enrols_15_institutions_in_2025_2026(demo):
    assert Edition.objects.get(start_year=2025).enrolments.count() == 15


def test_the_demo_is_idempotent(demo):
    demo_editions.seed(io.StringIO(), password="zpb-demo-2026")

    assert Edition.objects.get(start_year=2026).enrolments.count() == 25
