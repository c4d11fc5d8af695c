"""Writes for the partner directory and partnerships."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.lib.history import history_author
from core.services import ServiceError
from institutions.models import County, Institution, User

from .models import Partner, Partnership
from .selectors import partner_likely_duplicates, partnership_open_partner_ids

PARTNER_FIELDS = ("name", "kind", "county", "contact_person", "email", "phone")
# Contact fields of the kept partner that a merge fills from the duplicates when empty.
MERGE_FILLED_FIELDS = ("county_id", "contact_person", "email", "phone")


class PartnerError(ServiceError):
    """A rule was broken; the message is shown to the user."""


class DuplicatePartnerError(PartnerError):
    """A partner with the same normalised name exists in the county; the user may confirm and add anyway."""

    def __init__(self, duplicates: list[Partner]):
        self.duplicates = duplicates
        super().__init__(_("A partner with this name already exists in this county."))


@transaction.atomic
def partner_create(
    *, by: User, name: str, kind: str, county: County | None = None, contact_person: str = "", email: str = "",
    phone: str = "", allow_duplicate: bool = False,
) -> Partner:
    duplicates = list(partner_likely_duplicates(name=name, county=county))
    if duplicates and not allow_duplicate:
        raise DuplicatePartnerError(duplicates)
    partner = Partner(name=name.strip(), kind=kind, county=county, contact_person=contact_person, email=email,
                      phone=phone, created_by=by)
    history_author(partner, by)
    partner.save()
    return partner


@transaction.atomic
def partner_update(*, partner: Partner, by: User, **fields) -> Partner:
    for name in PARTNER_FIELDS:
        if name in fields:
            setattr(partner, name, fields[name])
    history_author(partner, by)
    partner.save()
    return partner


@transaction.atomic
def partnership_create(
    *, institution: Institution, partner: Partner, started_on: datetime.date, scope: str, by: User,
    ended_on: datetime.date | None = None,
) -> Partnership:
    """A new partnership; refused while the institution still has one with this partner."""
    if partner.pk in set(partnership_open_partner_ids(institution=institution)):
        raise ValidationError(_("This institution already works with %(partner)s; edit that partnership instead.")
                              % {"partner": partner.name})
    partnership = Partnership(institution=institution, partner=partner, started_on=started_on, ended_on=ended_on,
                              scope=scope)
    partnership.clean()
    history_author(partnership, by)
    partnership.save()
    return partnership


@transaction.atomic
def partnership_create_with_partner(
    *, institution: Institution, partner_fields: dict, started_on: datetime.date, scope: str, by: User,
    ended_on: datetime.date | None = None, allow_duplicate: bool = False,
) -> Partnership:
    """A new directory entry and the institution's partnership with it, both or neither."""
    fields = {name: partner_fields[name] for name in PARTNER_FIELDS if name in partner_fields}
    partner = partner_create(by=by, allow_duplicate=allow_duplicate, **fields)
    return partnership_create(institution=institution, partner=partner, started_on=started_on, ended_on=ended_on,
                              scope=scope, by=by)


@transaction.atomic
def partnership_update(
    *, partnership: Partnership, started_on: datetime.date, ended_on: datetime.date | None, scope: str, by: User
) -> Partnership:
    partnership.started_on, partnership.ended_on, partnership.scope = started_on, ended_on, scope
    partnership.clean()
    history_author(partnership, by)
    partnership.save()
    return partnership


@transaction.atomic
def partnership_end(*, partnership: Partnership, ended_on: datetime.date, by: User) -> Partnership:
    """Set the last day of cooperation; it may not come before the start."""
    partnership.ended_on = ended_on
    partnership.clean()
    history_author(partnership, by)
    partnership.save(update_fields=["ended_on"])
    return partnership


@transaction.atomic
def partner_merge(*, keep: Partner, duplicates: Iterable[Partner], by: User) -> int:
    """Merge duplicate directory entries into `keep`; returns how many rows were moved.

    1. Lock the partners involved, so that nobody links a new partnership to a duplicate meanwhile.
    2. Move every row that points at a duplicate (partnerships and whatever other apps link to
       partners) to `keep`, one save per row so that the history records each move.
    3. Fill the kept partner's empty contact fields from the duplicates.
    4. Delete the duplicates; their history rows stay.
    Two open partnerships of one institution with `keep` may result; both stay as history.
    """
    duplicate_ids = list(dict.fromkeys(duplicate.pk for duplicate in duplicates))
    if not duplicate_ids:
        raise PartnerError(_("Choose at least one duplicate to merge."))
    if keep.pk in duplicate_ids:
        raise PartnerError(_("A partner cannot be merged into itself."))
    locked = Partner.objects.select_for_update().in_bulk([keep.pk, *duplicate_ids])
    if len(locked) != len(duplicate_ids) + 1:
        raise PartnerError(_("One of the partners was deleted meanwhile; start the merge again."))
    keep, duplicates = locked[keep.pk], [locked[pk] for pk in duplicate_ids]
    reason = _("merged into partner no. %(pk)s") % {"pk": keep.pk}
    moved = _move_references(keep=keep, duplicate_ids=duplicate_ids, by=by, reason=reason)
    for name in MERGE_FILLED_FIELDS:
        values = [getattr(duplicate, name) for duplicate in duplicates if getattr(duplicate, name)]
        if values and not getattr(keep, name):
            setattr(keep, name, values[0])
    history_author(keep, by, reason=_("merge of duplicates"))
    keep.save()
    for duplicate in duplicates:
        history_author(duplicate, by, reason=reason)
        duplicate.delete()
    return moved


def _move_references(*, keep: Partner, duplicate_ids: list[int], by: User, reason: str) -> int:
    moved = 0
    for relation in Partner._meta.related_objects:
        field_name = relation.field.name
        rows = relation.related_model._base_manager.filter(**{f"{field_name}__in": duplicate_ids}).distinct()
        if relation.many_to_many:
            if not relation.through._meta.auto_created:  # type: ignore[attr-defined]  # a ManyToManyRel here
                continue  # a custom through model has its own foreign key, moved as such
            for row in rows:
                getattr(row, field_name).remove(*duplicate_ids)
                getattr(row, field_name).add(keep)
                moved += 1
            continue
        for row in rows:
            setattr(row, field_name, keep)
            history_author(row, by, reason=reason)
            row.save(update_fields=[field_name])
            moved += 1
    return moved
