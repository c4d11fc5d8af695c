from types import SimpleNamespace

import pytest
from django.core.cache import cache

from audits.tests.factories_self_assessments import enrolment_for
from institutions.tests.factories import InstitutionFactory, KwpStaffFactory, UserFactory, county

from .factories import default_questionnaires, round_for


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()  # the per-address answer limit counts in the cache


@pytest.fixture
def school(reference_data) -> SimpleNamespace:
    """A primary school in Bochnia enrolled in this edition, its coordinator, an open pupils' round, KWP staff."""
    default_questionnaires()
    coordinator = UserFactory()
    institution = InstitutionFactory(coordinators=[coordinator], county=county("1201"), type="primary")
    enrolment = enrolment_for(institution)
    return SimpleNamespace(coordinator=coordinator, institution=institution, enrolment=enrolment,
                           round=round_for(enrolment), kwp=KwpStaffFactory())
