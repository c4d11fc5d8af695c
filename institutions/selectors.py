"""Reads: which institutions and users a user may see. Every view goes through these."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import Institution, RspoImport, User


def institution_list_for_user(*, user: User) -> QuerySet[Institution]:
    qs = Institution.objects.select_related("county", "police_unit")
    if user.is_kwp:
        return qs
    if user.is_coordinator:
        return qs.filter(coordinators=user)
    return qs.none()


def get_institution_for_user(*, user: User, pk: int, write: bool = False) -> Institution:
    """404 for institutions the user may not see; 403 when `write` and the user may only read."""
    institution = get_object_or_404(institution_list_for_user(user=user), pk=pk)
    if write and not (user.is_kwp or user.is_coordinator):
        raise PermissionDenied
    return institution


def institution_search(
    qs: QuerySet[Institution], *, q: str = "", county=None, type: str = "", programme: str = "", active: str = ""
) -> QuerySet[Institution]:
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(rspo=q) | Q(town__icontains=q))
    if county:
        qs = qs.filter(county=county)
    if type:
        qs = qs.filter(type=type)
    if programme:
        qs = qs.in_programme(programme)
    if active in ("yes", "no"):
        qs = qs.filter(is_active=active == "yes")
    return qs


def user_list_for_user(*, user: User) -> QuerySet[User]:
    if not user.is_kwp:
        return User.objects.none()
    qs = User.objects.all()
    if not user.is_superuser:
        # Otherwise staff could change a superuser's e-mail and take the account over by a reset.
        qs = qs.exclude(is_superuser=True)
    return qs.select_related("police_unit").annotate(
        institution_count=Count("coordinated_institutions")
    ).order_by("last_name", "first_name", "username")


def user_search(qs: QuerySet[User], *, q: str = "", role: str = "") -> QuerySet[User]:
    if q:
        qs = qs.filter(Q(last_name__icontains=q) | Q(email__icontains=q) | Q(username__icontains=q))
    if role in User.Role.values:
        qs = qs.filter(role=role)
    return qs


def get_user_for_user(*, user: User, pk: int) -> User:
    return get_object_or_404(user_list_for_user(user=user), pk=pk)


def institutions_coordinated_by(*, user: User) -> QuerySet[Institution]:
    return Institution.objects.filter(coordinators=user).order_by("name")


def rspo_import_list_for_user(*, user: User) -> QuerySet[RspoImport]:
    if not user.is_kwp:
        return RspoImport.objects.none()
    return RspoImport.objects.select_related("uploaded_by").defer("content")


def get_rspo_import_for_user(*, user: User, pk: int) -> RspoImport:
    if not user.is_kwp:
        raise PermissionDenied
    return get_object_or_404(RspoImport.objects.select_related("uploaded_by"), pk=pk)
