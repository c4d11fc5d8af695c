"""Reads: which institutions and users a user may see. Every view goes through these."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import ADMINISTRATORS, Application, Institution, Invitation, RspoImport, User, in_programme_q


def served_by_unit_q(user: User, *, path: str = "") -> Q:
    """Rows whose institution (reached through `path`, e.g. "enrolment__institution__") is served by the unit
    of which `user` is a prevention officer; matches nothing for anyone else. Every app's selectors use this
    one rule for the county view."""
    unit_id = user.served_unit_id
    return Q(**{f"{path}police_unit_id": unit_id}) if unit_id else Q(pk__in=[])


def institution_list_for_user(*, user: User) -> QuerySet[Institution]:
    qs = Institution.objects.select_related("county", "police_unit")
    if user.is_kwp:
        return qs
    if user.is_coordinator:
        return qs.filter(coordinators=user)
    if user.served_unit_id:
        return qs.filter(served_by_unit_q(user))
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
        qs = qs.filter(in_programme_q(programme))
    if active in ("yes", "no"):
        qs = qs.filter(is_active=active == "yes")
    return qs


def user_list_for_user(*, user: User) -> QuerySet[User]:
    if not user.is_kwp:
        return User.objects.none()
    qs = User.objects.all()
    if not user.is_superuser:
        # Otherwise staff could change a superuser's (or an admin site account's) e-mail and take the
        # account over by a reset.
        qs = qs.exclude(ADMINISTRATORS)
    invitations = Invitation.objects.filter(user=OuterRef("pk"))
    return qs.select_related("police_unit").prefetch_related("coordinated_institutions").annotate(
        institution_count=Count("coordinated_institutions"),
        # For the invitation column: accepted, pending (open and not expired) or no longer valid (expired or
        # revoked: re-sent, readdressed or the account deactivated).
        invitation_accepted=Exists(invitations.filter(used_at__isnull=False)),
        invitation_pending=Exists(invitations.filter(
            used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())),
        invitation_sent=Exists(invitations),
    ).order_by("last_name", "first_name", "username")


def user_search(qs: QuerySet[User], *, q: str = "", role: str = "", active: str = "") -> QuerySet[User]:
    if q:
        qs = qs.filter(Q(last_name__icontains=q) | Q(email__icontains=q) | Q(username__icontains=q))
    if role in User.Role.values:
        qs = qs.filter(role=role)
    if active in ("yes", "no"):
        qs = qs.filter(is_active=active == "yes")
    return qs


# The coordinator picker (institution page): results appear from this many characters, at most this many.
PICKER_MIN_CHARS = 2
PICKER_LIMIT = 10


def coordinator_candidates(*, institution: Institution) -> QuerySet[User]:
    """Whom KWP may add as the institution's coordinator: active coordinator accounts not coordinating it yet."""
    return (User.objects.filter(role=User.Role.COORDINATOR, is_active=True).exclude(ADMINISTRATORS)
            .exclude(coordinated_institutions=institution))


def coordinator_candidate_search(*, institution: Institution, q: str) -> list[User]:
    """Candidates whose name, login or e-mail contain every word of `q`, at most PICKER_LIMIT + 1 (the extra one
    only says there are more); none below PICKER_MIN_CHARS. Thousands of accounts, never more than a page sent."""
    words = q.split()[:4]
    if len(q.strip()) < PICKER_MIN_CHARS:
        return []
    qs = coordinator_candidates(institution=institution)
    for word in words:
        qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(username__icontains=word)
                       | Q(email__icontains=word))
    return list(qs.only("pk", "first_name", "last_name", "username", "email")
                .order_by("last_name", "first_name", "username")[:PICKER_LIMIT + 1])


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


def institution_public_search(*, q: str) -> QuerySet[Institution]:
    """For the public application form: known institutions by RSPO number or name; public data only."""
    q = q.strip()
    if len(q) < 3:
        return Institution.objects.none()
    match = Q(rspo=q) if q.isdigit() else Q(name__icontains=q) | Q(short_name__icontains=q)
    fields = ("pk", "name", "town", "rspo", "joined_on", "is_active")
    return Institution.objects.filter(match).only(*fields).order_by("name")[:10]


def application_list_for_user(*, user: User) -> QuerySet[Application]:
    if not user.is_kwp:
        return Application.objects.none()
    return Application.objects.select_related("county", "institution", "decided_by")


def application_search(qs: QuerySet[Application], *, status: str, county=None) -> QuerySet[Application]:
    qs = qs.filter(status=status)
    if county:
        qs = qs.filter(county=county)
    return qs


def get_application_for_user(*, user: User, pk: int) -> Application:
    if not user.is_kwp:
        raise PermissionDenied
    return get_object_or_404(application_list_for_user(user=user), pk=pk)


def application_new_count(*, user: User) -> int:
    return application_list_for_user(user=user).filter(status=Application.Status.NEW).count()


def application_similar_institutions(*, application: Application) -> QuerySet[Institution]:
    """Known institutions KWP should look at before accepting: same RSPO number or a similar name in the town."""
    match = Q(name__iexact=application.name) | Q(name__icontains=application.name[:40], town__iexact=application.town)
    if application.rspo:
        match |= Q(rspo=application.rspo)
    qs = Institution.objects.filter(match).select_related("county")
    return qs.exclude(pk=application.institution_id) if application.institution_id else qs
