"""A page of the change log: one UNION over the history tables finds the page (date, id,
kind), then only that page's rows are read, with their previous versions, in a fixed
number of queries whatever the size of the plan or of its history."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import Actor
from changelog.sources import Source, short, sources
from plans.models import Activity, Plan, origin_text
from vallentuna.admin_history import EMPTY, readable_value

PAGE_SIZE = 50


@dataclass
class Filters:
    user_id: int | None = None
    kind: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _filtered(source: Source, plan: Plan, filters: Filters) -> QuerySet:
    qs = source.history_for_plan(plan)
    if filters.user_id:
        qs = qs.filter(history_user_id=filters.user_id)
    if filters.date_from:
        qs = qs.filter(history_date__gte=_day_start(filters.date_from))
    if filters.date_to:
        qs = qs.filter(history_date__lt=_day_start(filters.date_to + datetime.timedelta(days=1)))
    return qs


def _active_sources(filters: Filters) -> list[Source]:
    return [s for s in sources() if not filters.kind or s.key == filters.kind]


def changelog_index_query(plan: Plan, filters: Filters) -> QuerySet | None:
    """(history_date, history_id, kind) of every matching change, newest first: one UNION."""
    parts = [
        _filtered(s, plan, filters)
        .annotate(kind=Value(s.key, output_field=models.CharField()))
        .values_list("history_date", "history_id", "kind")
        .order_by()
        for s in _active_sources(filters)
    ]
    if not parts:
        return None
    first, *rest = parts
    union = first.union(*rest, all=True) if rest else first
    return union.order_by("-history_date", "-history_id")


def changelog_users(plan: Plan) -> list:
    """Everyone who has changed something in the plan (for the filter)."""
    parts = [
        s.history_for_plan(plan).values_list("history_user_id", flat=True).order_by()
        for s in sources()
    ]
    first, *rest = parts
    ids = {pk for pk in first.union(*rest) if pk is not None}
    return list(get_user_model().objects.filter(pk__in=ids).order_by("first_name", "username"))


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class Entry:
    kind: str
    kind_label: str
    action: str
    object_label: str
    date: datetime.datetime
    user: Any
    changes: list[Change] = field(default_factory=list)
    who: str = ""  # the change's own attribution (e.g. 'Lopo Täby – Anna (via länk)')
    reason: str = ""  # why, as stored with the change (e.g. a command's --reason)

    @property
    def user_display(self) -> str:
        if self.who:
            return self.who
        if self.user is None:
            return str(_("okänd (systemet)"))
        return self.user.get_full_name() or self.user.get_username()


_ACTIONS = {"+": _("Skapad"), "~": _("Ändrad"), "-": _("Borttagen")}
#: Created again after a delete (an Administratör's restore, plans.services.restore).
_RESTORED = _("Återställd")


def _tracked_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in ("slug", "version")
    ]


def _format_value(f: models.Field, value: Any, labels: dict) -> str:
    """A value as the pages and admin's history write it (``readable_value``); related
    objects by name, a carried-over activity's origin in words."""
    if value is None or value in ("", {}, []):
        return EMPTY
    if f.name == "origin_facts":
        return origin_text(value) or EMPTY
    if isinstance(f, models.ForeignKey):
        return labels.get(f.related_model, {}).get(value, f"#{value}")
    return str(readable_value(f, value))


def _with_previous(source: Source, history_ids: list[int]) -> tuple[list, dict]:
    """The page's records of one model and their previous versions, in one query."""
    History = source.model.history.model
    previous = (
        History.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    previous_of_page = (
        History.objects.filter(history_id__in=history_ids)
        .annotate(previous_history_id=Subquery(previous))
        .values("previous_history_id")
    )
    rows = list(
        History.objects.filter(Q(history_id__in=history_ids) | Q(history_id__in=previous_of_page))
        .select_related("history_user")
        .annotate(previous_history_id=Subquery(previous))
    )
    wanted = set(history_ids)
    records = [r for r in rows if r.history_id in wanted]
    by_id = {r.history_id: r for r in rows}
    prevs = {
        r.previous_history_id: by_id[r.previous_history_id]
        for r in records
        if r.previous_history_id in by_id
    }
    return records, prevs


def _m2m_values(source: Source, history_ids: list[int]) -> dict[tuple[str, int], list[int]]:
    """(m2m field, history_id) -> related ids, for all records of the page (1 query per field)."""
    values: dict[tuple[str, int], list[int]] = defaultdict(list)
    if not history_ids:
        return values
    History = source.model.history.model
    for name in source.m2m:
        # simple-history puts a descriptor for the m2m history model on the history model.
        through_history = getattr(History, name).model
        target = source.model._meta.get_field(name).m2m_reverse_field_name()
        rows = through_history.objects.filter(history_id__in=history_ids).values_list(
            "history_id", f"{target}_id"
        )
        for history_id, related_id in rows:
            values[(name, history_id)].append(related_id)
    return values


def build_entries(page_rows: list[tuple]) -> list[Entry]:
    """Turn (date, history_id, kind) rows into entries with their field changes."""
    by_kind: dict[str, list[int]] = defaultdict(list)
    for _date, history_id, kind in page_rows:
        by_kind[kind].append(history_id)
    source_by_key = {s.key: s for s in sources()}

    loaded: dict[str, tuple[dict, dict]] = {}
    fk_ids: dict[type[models.Model], set] = defaultdict(set)
    m2m: dict[str, dict] = {}
    for kind, ids in by_kind.items():
        source = source_by_key[kind]
        records, prevs = _with_previous(source, ids)
        loaded[kind] = ({r.history_id: r for r in records}, prevs)
        for rec in [*records, *prevs.values()]:
            for f in _tracked_fields(source.model):
                if isinstance(f, models.ForeignKey):
                    value = getattr(rec, f.attname)
                    if value is not None:
                        fk_ids[f.related_model].add(value)
        if source.m2m:
            m2m[kind] = _m2m_values(source, [*ids, *prevs.keys()])
            for (name, _hid), related in m2m[kind].items():
                fk_ids[source.model._meta.get_field(name).related_model].update(related)

    labels = _labels(fk_ids)
    lookups = {"activity": labels.get(Activity, {}), "actor": labels.get(Actor, {})}

    entries = []
    for _date, history_id, kind in page_rows:
        source = source_by_key[kind]
        records, prevs = loaded[kind]
        rec = records[history_id]
        prev = prevs.get(rec.previous_history_id)
        changes = _changes(source, rec, prev, labels, m2m.get(kind, {}))
        if rec.history_type == "~" and not changes:
            continue  # a save that changed nothing (e.g. before an m2m update)
        entries.append(
            Entry(
                kind=kind,
                kind_label=str(source.label),
                action=str(
                    _RESTORED
                    if rec.history_type == "+" and prev is not None and prev.history_type == "-"
                    else _ACTIONS.get(rec.history_type, rec.history_type)
                ),
                object_label=source.describe(rec, lookups),
                date=rec.history_date,
                user=rec.history_user,
                changes=changes,
                who=source.who(rec, lookups) if source.who else "",
                reason=rec.history_change_reason or "",
            )
        )
    return entries


def _changes(source: Source, rec, prev, labels: dict, m2m: dict) -> list[Change]:
    if rec.history_type == "-":  # what was removed, as it was
        return [
            Change(str(f.verbose_name).capitalize(), _format_value(f, value, labels), EMPTY)
            for f in _tracked_fields(source.model)
            if (value := getattr(rec, f.attname)) not in (None, "", {}, [])
        ]
    changes = []
    for f in _tracked_fields(source.model):
        after = getattr(rec, f.attname)
        before = getattr(prev, f.attname) if prev is not None else None
        if prev is not None and before == after:
            continue
        if prev is None and (after is None or after in ("", {}, [])):
            continue
        changes.append(
            Change(
                str(f.verbose_name).capitalize(),
                _format_value(f, before, labels) if prev is not None else EMPTY,
                _format_value(f, after, labels),
            )
        )
    for name in source.m2m:
        f = source.model._meta.get_field(name)
        after_ids = sorted(m2m.get((name, rec.history_id), []))
        before_ids = sorted(m2m.get((name, prev.history_id), [])) if prev is not None else []
        if after_ids == before_ids:
            continue
        names = labels.get(f.related_model, {})

        def show(ids: list[int], names: dict = names) -> str:
            return ", ".join(names.get(i, f"#{i}") for i in ids) or EMPTY

        changes.append(Change(str(f.verbose_name).capitalize(), show(before_ids), show(after_ids)))
    return changes


def _labels(fk_ids: dict[type[models.Model], set]) -> dict[type[models.Model], dict[int, str]]:
    """Names of related objects, one query per related model on the page."""
    labels: dict[type[models.Model], dict[int, str]] = {}
    User = get_user_model()
    for model, ids in fk_ids.items():
        if not ids:
            continue
        if model is User:
            labels[model] = {
                u.pk: u.get_full_name() or u.get_username() for u in User.objects.filter(pk__in=ids)
            }
        elif model is Activity:
            labels[model] = {
                pk: short(title)
                for pk, title in Activity.objects.filter(pk__in=ids).values_list("pk", "title")
            }
        elif model is Actor:
            labels[model] = dict(Actor.objects.filter(pk__in=ids).values_list("pk", "code"))
        else:
            labels[model] = {obj.pk: str(obj) for obj in model.objects.filter(pk__in=ids)}
    return labels


def changelog_page(plan: Plan, filters: Filters, page_number: Any = 1) -> tuple[Page, list]:
    """One page of the plan's Ändringslogg (constant number of queries)."""
    query = changelog_index_query(plan, filters)
    paginator = Paginator(query if query is not None else [], PAGE_SIZE)
    page = paginator.get_page(page_number)
    return page, build_entries(list(page.object_list))
