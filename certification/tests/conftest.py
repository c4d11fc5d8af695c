import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """PDFs of a test go to its own folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def school(world):
    """A school of coordinator A with no history, unlike world.institution_a (other apps add theirs to it)."""
    from institutions.tests.factories import InstitutionFactory

    return InstitutionFactory(name="Szkoła Podstawowa nr 3 im. Marii Skłodowskiej-Curie w Bochni", town="Bochnia",
                              coordinators=[world.coordinator_a])
