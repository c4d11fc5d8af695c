import pytest

from core.models import OutgoingEmail
from institutions.forms import CoordinatorAddForm
from institutions.models import Institution, User
from institutions.services import InstitutionError
from institutions.services.institutions import (
    coordinator_add,
    coordinator_remove,
    institution_save,
    institution_set_active,
)
from institutions.services.users import user_save
from institutions.tests.factories import AuditorFactory, InstitutionFactory, UserFactory, county, police_unit

pytestmark = pytest.mark.usefixtures("reference_data")


def test_a_new_institution_is_served_by_its_county_police_unit():
    institution = InstitutionFactory.build(county=county("1210"), police_unit=None)
    institution_save(institution=institution)
    institution.refresh_from_db()
    assert institution.police_unit == police_unit("KMP Nowy Sącz")


def test_an_explicit_police_unit_is_kept():
    institution = InstitutionFactory.build(county=county("1210"), police_unit=police_unit("KPP Limanowa"))
    institution_save(institution=institution)
    institution.refresh_from_db()
    assert institution.police_unit == police_unit("KPP Limanowa")


def test_deactivating_keeps_the_row_and_its_history():
    institution = InstitutionFactory()
    institution_set_active(institution=institution, active=False)
    institution.refresh_from_db()
    assert institution.is_active is False
    assert Institution.objects.filter(pk=institution.pk).exists()
    assert institution.history.count() == 2


def test_coordinators_are_added_and_removed():
    institution, person = InstitutionFactory(), UserFactory()
    coordinator_add(institution=institution, user=person)
    assert list(institution.coordinators.all()) == [person]
    coordinator_remove(institution=institution, user=person)
    assert not institution.coordinators.exists()


def test_an_administrator_account_is_never_offered_nor_added_as_a_coordinator():
    """A superuser made by createsuperuser has the default role, coordinator; it must not be picked from
    the list (which would also show KWP staff its address) nor be added."""
    institution = InstitutionFactory()
    admin = UserFactory(username="administrator", is_superuser=True, is_staff=True)
    assert admin not in CoordinatorAddForm(institution=institution).fields["user"].queryset
    with pytest.raises(InstitutionError, match="Tylko użytkownicy z rolą koordynatora"):
        coordinator_add(institution=institution, user=admin)
    assert not institution.coordinators.exists()


def test_only_coordinators_can_coordinate():
    institution = InstitutionFactory()
    with pytest.raises(InstitutionError, match="Tylko użytkownicy z rolą koordynatora"):
        coordinator_add(institution=institution, user=AuditorFactory())
    assert not institution.coordinators.exists()


def test_a_new_account_gets_an_invitation_instead_of_a_password(django_capture_on_commit_callbacks):
    user = UserFactory.build(username="m.kowalska", email="m.kowalska@szkola.example.pl", password="")
    with django_capture_on_commit_callbacks() as callbacks:
        user_save(user=user)
    user.refresh_from_db()
    assert not user.has_usable_password()
    [email] = OutgoingEmail.objects.filter(to=["m.kowalska@szkola.example.pl"])
    assert (email.template, email.status) == ("invitation", "pending")
    assert email.context["username"] == "m.kowalska"
    assert len(callbacks) == 1  # dispatched to Celery only once the account is committed


def test_editing_an_account_sends_nothing():
    user = UserFactory()
    user.first_name = "Maria"
    user_save(user=user)
    assert not OutgoingEmail.objects.filter(to=[user.email]).exists()


def test_coordinators_do_not_keep_a_police_unit():
    user = UserFactory.build(role=User.Role.COORDINATOR, police_unit=police_unit("KMP Kraków"))
    user_save(user=user)
    user.refresh_from_db()
    assert user.police_unit is None
