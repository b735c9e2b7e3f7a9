"""Reads for the plans app: finding plans, and the rows an export writes."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from plans.models import Activity, FocusArea, Plan


class PlanNotFound(LookupError):
    """No plan, or more than one, answers to what the user typed (message in Swedish)."""


def plans_for_import() -> QuerySet[Plan]:
    return Plan.objects.all()


def title_key(title: str) -> str:
    """A plan title as plans are told apart: ignoring case and runs of spaces.

    Compared in Python, not with ``iexact``: SQLite's iexact ignores case only for ASCII
    letters (not å, ä, ö).
    """
    return " ".join(title.split()).casefold()


def title_taken(title: str, *, exclude_pk: int | None = None) -> bool:
    """Does another plan (not ``exclude_pk``) have this title, by ``title_key``?"""
    wanted = title_key(title)
    others = Plan.objects.exclude(pk=exclude_pk).values_list("title", flat=True)
    return any(title_key(t) == wanted for t in others)


def find_plan(text: str) -> Plan:
    """A plan by id, slug, exact title (case-insensitive) or diarienummer.

    The one lookup behind every command's ``--plan``. Raises ``PlanNotFound`` (Swedish
    message) for no match or more than one.
    """
    text = (text or "").strip()
    if text.isdigit() and (plan := Plan.objects.filter(pk=int(text)).first()):
        return plan
    if text and (plan := Plan.objects.filter(slug=text).first()):
        return plan
    wanted = title_key(text)
    plans = list(Plan.objects.only("pk", "title", "registration_number"))
    matches = [p for p in plans if title_key(p.title) == wanted] or [
        p for p in plans if p.registration_number.casefold() == wanted
    ]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise PlanNotFound(
            _("Flera planer heter ”%(text)s”. Ange planens id i stället.") % {"text": text}
        )
    raise PlanNotFound(
        _("Det finns ingen plan med id, titel eller diarienummer ”%(text)s”.") % {"text": text}
    )


def plan_activities(plan: Plan) -> list[Activity]:
    """The plan's activities in table order with focus areas and actors (two queries)."""
    return list(
        Activity.objects.filter(focus_area__plan=plan)
        .with_related()
        .order_by("focus_area__order", "order")
    )


def deleted(model) -> QuerySet:
    """The delete rows (history "-") of ``model``'s objects that do not exist now, newest
    first: what admin's "Återställ borttagna" offers (Plan, FocusArea or Activity).

    A focus area's or activity's row carries ``plan_slug``: the plan it was in, if that plan
    still exists (its change log shows the delete), else None.
    """
    from django.db.models import OuterRef, Subquery

    history = model.history.model.objects
    last = (
        history.filter(id=OuterRef("id"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    rows = (
        history.filter(history_type="-", history_id=Subquery(last))
        .exclude(id__in=model.objects.values("id"))
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    if model is FocusArea:
        plans = Plan.objects.filter(pk=OuterRef("plan_id"))
        rows = rows.annotate(plan_slug=Subquery(plans.values("slug")[:1]))
    elif model is Activity:
        areas = FocusArea.objects.filter(pk=OuterRef("focus_area_id"))
        rows = rows.annotate(plan_slug=Subquery(areas.values("plan__slug")[:1]))
    return rows


# --- Plans in the app (issue #17) -----------------------------------------------------------


def visible_plans(user) -> QuerySet[Plan]:
    """The plans this user may see: drafts only for those who write plans (actors.permissions).

    Every list, board, report, export and overview takes its plans from here.
    """
    from actors.permissions import can_view_draft_plans, can_view_plans

    if not can_view_plans(user):
        return Plan.objects.none()
    plans = Plan.objects.all()
    if not can_view_draft_plans(user):
        plans = plans.exclude(status=Plan.Status.DRAFT)
    return plans


def plan_structure(plan: Plan) -> list[dict]:
    """The plan's focus areas in order, each with its activities (three queries)."""
    areas = list(plan.focus_areas.order_by("order"))
    by_area = {a.pk: [] for a in areas}
    for activity in plan_activities(plan):
        by_area[activity.focus_area_id].append(activity)
    return [{"area": a, "activities": by_area[a.pk]} for a in areas]


def changes_since_adoption(plan: Plan, until=None) -> list[str]:
    """What was added, changed or removed in the plan's structure after it was adopted,
    in the active language, one line per focus area or activity ("Aktivitet 3.4 tillagd: …"),
    oldest first.

    ``until``: a datetime; later changes are left out (a past tertial's report). An
    activity is numbered as at its last change in that window, with its focus area's order
    at that moment (an area moved later does not renumber it).
    """
    from plans.models import FocusArea

    if plan.adopted_at is None:
        return []
    after = {"history_date__gt": plan.adopted_at}
    if until is not None:
        after["history_date__lte"] = until
    area_rows = FocusArea.history.filter(plan_id=plan.pk, **after).order_by(
        "history_date", "history_id"
    )
    area_ids = set(FocusArea.history.filter(plan_id=plan.pk).values_list("id", flat=True))
    activity_rows = Activity.history.filter(focus_area_id__in=area_ids, **after).order_by(
        "history_date", "history_id"
    )
    area_order = _area_order_at(plan)
    seen: dict[tuple[str, int], dict] = {}
    for kind, rows in (("area", area_rows), ("activity", activity_rows)):
        for row in rows:
            key = (kind, row.id)
            item = seen.setdefault(
                key, {"first": row.history_type, "last": row, "date": row.history_date}
            )
            item["last"] = row
    lines = []
    for (kind, _pk), item in sorted(seen.items(), key=lambda kv: kv[1]["date"]):
        row = item["last"]
        if item["first"] == "+" and row.history_type == "-":
            continue  # added and removed again: no change
        if item["first"] == "+":
            what = _("tillagt") if kind == "area" else _("tillagd")
        elif row.history_type == "-":
            what = _("borttaget") if kind == "area" else _("borttagen")
        else:
            what = _("ändrat") if kind == "area" else _("ändrad")
        if kind == "area":
            lines.append(
                _("Fokusområde %(n)s %(what)s: %(title)s")
                % {"n": row.order, "what": what, "title": row.title}
            )
        else:
            title = row.title if len(row.title) <= 80 else row.title[:79] + "…"
            lines.append(
                _("Aktivitet %(n)s %(what)s: %(title)s")
                % {
                    "n": f"{area_order(row.focus_area_id, row.history_date)}.{row.order}",
                    "what": what,
                    "title": title,
                }
            )
    return lines


def _area_order_at(plan: Plan):
    """``order(area_id, moment)``: the number a focus area of the plan had at ``moment``
    (its last history row up to then; before its first, its first), so that an activity's
    line numbers it as the app did at that change, not as the area was numbered before
    it was moved. '?' for an area without history."""
    from bisect import bisect_right

    from plans.models import FocusArea

    steps: dict[int, tuple[list, list[int]]] = {}
    rows = (
        FocusArea.history.filter(plan_id=plan.pk)
        .order_by("history_date", "history_id")
        .values_list("id", "history_date", "order")
    )
    for area_id, moment, order in rows:
        moments, orders = steps.setdefault(area_id, ([], []))
        moments.append(moment)
        orders.append(order)

    def order(area_id: int, moment) -> int | str:
        if area_id not in steps:
            return "?"
        moments, orders = steps[area_id]
        return orders[max(bisect_right(moments, moment) - 1, 0)]

    return order


def carried_over_from(plan: Plan) -> list[Activity]:
    """The plan's activities that were carried over into a later plan, with that plan.

    Only copies in plans that are no longer drafts: a draft is seen by coordinators and
    administrators only, and the report is read by everyone (and published).
    """
    from django.db.models import Prefetch

    public = Activity.objects.exclude(focus_area__plan__status=Plan.Status.DRAFT)
    return list(
        Activity.objects.filter(focus_area__plan=plan, carried_over__in=public)
        .select_related("focus_area")
        .prefetch_related(
            Prefetch("carried_over", queryset=public.select_related("focus_area__plan"))
        )
        .order_by("focus_area__order", "order")
        .distinct()
    )
