"""The history of one object for KWP staff: who changed what and when.

Institutions, partners and users are recorded by django-simple-history (field by field); self-assessments,
audits and certificates keep their own event tables; a decision is recorded once (it is not edited) and is
followed by the events of the certificate issued on it. Each page costs the same few queries.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise
from simple_history.utils import get_m2m_reverse_field_name

from audits.models import Audit, AuditEvent, SelfAssessment, SelfAssessmentEvent
from certification.models import Certificate, CertificateEvent, Decision
from core.ui import PAGE_SIZE
from institutions.models import Institution, User
from partners.models import Partner

KINDS: dict[str, tuple[type[Model], StrOrPromise]] = {
    "institution": (Institution, gettext_lazy("Institution")),
    "partner": (Partner, gettext_lazy("Partner")),
    "user": (User, gettext_lazy("User")),
    "self-assessment": (SelfAssessment, gettext_lazy("Self-assessment")),
    "audit": (Audit, gettext_lazy("Audit")),
    "decision": (Decision, gettext_lazy("Certification decision")),
    "certificate": (Certificate, gettext_lazy("Certificate")),
}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    at: datetime
    by: User | None
    what: str
    note: str = ""
    changes: list[Change] = field(default_factory=list)


@dataclass
class History:
    kind: str
    kind_label: str
    obj: Model
    page: Page
    entries: list[Entry]


def history_for(*, kind: str, pk: int, page: str | int | None = 1) -> History:
    """KWP staff only (the view checks the role): every kind of object, any institution."""
    if kind not in KINDS:
        raise Http404
    model, label = KINDS[kind]
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        raise Http404
    if hasattr(model, "history"):
        records = obj.history.select_related("history_user").order_by("-history_date", "-pk")  # type: ignore[attr-defined]
        paginator = Paginator(records, PAGE_SIZE)
        current = paginator.get_page(page)
        entries = _simple_history_entries(records, current, model)
    else:
        events = _events(kind, obj)
        paginator = Paginator(events, PAGE_SIZE)
        current = paginator.get_page(page)
        entries = [_event_entry(kind, event) for event in current.object_list]
        if isinstance(obj, Decision) and not current.has_next():
            entries.append(Entry(at=obj.recorded_at, by=obj.recorded_by, what=_("recorded"),
                                 note=f"{obj.get_outcome_display()}, {obj.reference}"))
    return History(kind=kind, kind_label=str(label), obj=obj, page=current, entries=entries)


def _events(kind: str, obj: Any) -> QuerySet | list:
    if kind == "self-assessment":
        return SelfAssessmentEvent.objects.filter(self_assessment=obj).select_related("by").order_by("-at", "-pk")
    if kind == "audit":
        return AuditEvent.objects.filter(audit=obj).select_related("by", "criterion").order_by("-at", "-pk")
    if kind == "certificate":
        return CertificateEvent.objects.filter(certificate=obj).select_related("by").order_by("-at", "-pk")
    return CertificateEvent.objects.filter(certificate__decision=obj).select_related("by").order_by("-at", "-pk")


def _event_entry(kind: str, event) -> Entry:
    if kind == "self-assessment":
        what = (f"{event.get_from_status_display()} → " if event.from_status else "") + event.get_to_status_display()
        return Entry(at=event.at, by=event.by, what=what, note=event.note)
    if kind == "audit":
        changes = []
        if event.old_value or event.new_value:
            name = str(event.criterion.code) if event.criterion_id else _("value")
            changes.append(Change(field=name, old=event.old_value, new=event.new_value))
        return Entry(at=event.at, by=event.by, what=event.get_action_display(), note=event.note, changes=changes)
    what = event.get_action_display()
    if kind == "decision":
        what = _("certificate: %(action)s") % {"action": what}
    return Entry(at=event.at, by=event.by, what=what, note=event.note)


HISTORY_TYPES = {"+": gettext_lazy("created"), "~": gettext_lazy("changed"), "-": gettext_lazy("deleted")}


def _simple_history_entries(records: QuerySet, page: Page, model: type[Model]) -> list[Entry]:
    # The page's records and the one just older than the last, so every record is compared with its predecessor
    # in one query (record.prev_record would cost one query per row); many-to-many rows likewise in one query each.
    start = page.start_index() - 1 if page.paginator.count else 0
    rows = list(records[start:start + PAGE_SIZE + 1])
    m2m_names = [f.name for f in getattr(records.model, "_history_m2m_fields", [])]
    m2m = {name: _m2m_values(rows, model, name) for name in m2m_names}
    entries = []
    for record, older in zip(rows[:PAGE_SIZE], [*rows[1:], None], strict=False):
        changes = []
        if older is not None and record.history_type == "~":
            delta = record.diff_against(older, excluded_fields=m2m_names)
            for change in delta.changes:
                changes.append(Change(field=_field_label(model, change.field), old=_shown(change.old),
                                      new=_shown(change.new)))
            for name, values in m2m.items():
                if values.get(record.pk, []) != values.get(older.pk, []):
                    changes.append(Change(field=_field_label(model, name), old=_shown(values.get(older.pk)),
                                          new=_shown(values.get(record.pk))))
        entries.append(Entry(at=record.history_date, by=record.history_user,
                             what=str(HISTORY_TYPES.get(record.history_type, record.history_type)),
                             note=record.history_change_reason or "", changes=changes))
    return entries


def _m2m_values(rows: list, model: type[Model], name: str) -> dict[int, list[str]]:
    """{history record id: sorted names of the related objects} for the rows, in two queries."""
    if not rows:
        return {}
    through = getattr(rows[0], name).model
    target = model._meta.get_field(name).related_model
    assert target is not None  # a many-to-many field
    column = get_m2m_reverse_field_name(model._meta.get_field(name))
    links = list(through.objects.filter(history__in=rows).values_list("history_id", column))
    names = {obj.pk: str(obj) for obj in target._default_manager.filter(pk__in={pk for _, pk in links})}
    values: dict[int, list[str]] = {}
    for history_id, pk in links:
        values.setdefault(history_id, []).append(names.get(pk, str(pk)))
    return {key: sorted(value) for key, value in values.items()}


def _field_label(model: type[Model], name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
    except Exception:  # a field that no longer exists on the model
        return name


def _shown(value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, list):  # many-to-many: the rows of the through table
        return ", ".join(str(item.get("user", item)) if isinstance(item, dict) else str(item) for item in value) or "—"
    return str(value)
