"""Reads: the partner directory and partnerships, scoped to the user who asks."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Value
from django.shortcuts import get_object_or_404

from institutions.models import County, Institution, User
from institutions.selectors import served_by_unit_q

from .models import Partner, Partnership, normalize_name

SEARCH_LIMIT = 20


@dataclass(frozen=True)
class DirectoryEntry:
    """What a coordinator may learn about a partner of other institutions: no contact data."""

    pk: int
    name: str
    kind_label: str
    county: str
    is_partner: bool = False


def partner_list_for_user(*, user: User) -> QuerySet[Partner]:
    """The directory with contact data: KWP staff only."""
    if not user.is_kwp:
        return Partner.objects.none()
    # Meta.ordering does not apply to aggregating queries: order explicitly, for stable pages.
    return (
        Partner.objects.select_related("county")
        .annotate(partnership_count=Count("partnerships"))
        .order_by("name", "pk")
    )


def get_partner_for_user(*, user: User, pk: int) -> Partner:
    return get_object_or_404(partner_list_for_user(user=user), pk=pk)


def partner_search(
    qs: QuerySet[Partner], *, q: str = "", kind: str = "", county: County | None = None, duplicates: bool = False
) -> QuerySet[Partner]:
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(name_key__contains=normalize_name(q)) | Q(contact_person__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if county:
        qs = qs.filter(county=county)
    if duplicates:
        shared = Partner.objects.values("name_key").annotate(n=Count("pk")).filter(n__gt=1).values("name_key")
        qs = qs.filter(name_key__in=shared)
    return qs


def partner_directory_search(*, q: str, institution: Institution | None = None) -> list[DirectoryEntry]:
    """Directory search for picking a partner: name, kind and county only, never contact data."""
    key = normalize_name(q)
    if not key:
        return []
    rows = (
        Partner.objects.filter(Q(name__icontains=q.strip()) | Q(name_key__contains=key))
        .order_by("name")
        .values("pk", "name", "kind", "county__name")[:SEARCH_LIMIT]
    )
    linked = set(partnership_open_partner_ids(institution=institution)) if institution else set()
    return [
        DirectoryEntry(row["pk"], row["name"], str(Partner.Kind(row["kind"]).label), row["county__name"] or "",
                       row["pk"] in linked)
        for row in rows
    ]


def get_directory_entry(*, pk: int) -> Partner:
    """A partner picked from the directory; templates show only its name, kind and county."""
    return get_object_or_404(Partner.objects.select_related("county").only("pk", "name", "kind", "county__name"), pk=pk)


def partner_likely_duplicates(*, name: str, county: County | None, exclude_pk: int | None = None) -> QuerySet[Partner]:
    """Partners with the same normalised name in the same county (or both without a county)."""
    qs = Partner.objects.select_related("county").filter(name_key=normalize_name(name))
    qs = qs.filter(county=county) if county else qs.filter(county__isnull=True)
    return qs.exclude(pk=exclude_pk) if exclude_pk else qs


def partner_similar(*, partner: Partner) -> QuerySet[Partner]:
    """Merge candidates on the partner's page: the same normalised name in any county."""
    return (
        Partner.objects.select_related("county").annotate(partnership_count=Count("partnerships"))
        .filter(name_key=partner.name_key).exclude(pk=partner.pk)
    )


def partnership_list_for_user(*, user: User) -> QuerySet[Partnership]:
    qs = Partnership.objects.select_related("partner", "partner__county", "institution")
    if user.is_kwp:
        return qs
    if user.is_coordinator:
        return qs.filter(institution__coordinators=user)
    if user.served_unit_id:
        return qs.filter(served_by_unit_q(user, path="institution__"))
    return qs.none()


def partnership_list_for_institution_page(*, user: User, institution: Institution) -> QuerySet[Partnership]:
    """The institution's partnerships, with `show_contact`: KWP staff see every contact; a coordinator
    only those of partners that a coordinator of this institution added (contacts entered by other
    schools stay private, as in the directory search)."""
    qs = partnership_list_for_user(user=user).filter(institution=institution).order_by("-ended_on", "partner__name")
    if user.is_kwp:
        return qs.annotate(show_contact=Value(True))
    added_here = User.objects.filter(coordinated_institutions=institution, pk=OuterRef("partner__created_by"))
    return qs.annotate(show_contact=Exists(added_here))


def get_partnership_for_user(*, user: User, institution: Institution, pk: int) -> Partnership:
    return get_object_or_404(partnership_list_for_user(user=user).filter(institution=institution), pk=pk)


def partnership_open_partner_ids(*, institution: Institution) -> QuerySet:
    """Partners the institution works with now or will from a later start date."""
    return Partnership.objects.not_ended().filter(institution=institution).values_list("partner_id", flat=True)


def partnership_list_for_partner(*, partner: Partner) -> QuerySet[Partnership]:
    return partner.partnerships.select_related("institution").order_by("institution__name", "-started_on")


def partner_merge_preview(*, duplicates: list[Partner]) -> QuerySet[Partnership]:
    """The partnerships that a merge would move to the kept partner."""
    return (
        Partnership.objects.filter(partner__in=duplicates)
        .select_related("institution", "partner")
        .order_by("partner__name", "institution__name")
    )
