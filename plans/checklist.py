"""A plan checked against its checklist: each recommendation with the coordinator's
assessment and what the data suggests (reads only; writes: ``plans.services``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from actors.models import Actor
from plans.checklist_models import Assessment, Recommendation, RecommendationList
from plans.models import Activity, Plan, join_swedish


@dataclass
class Suggestion:
    text: str
    met: bool
    activities: list[Activity] = field(default_factory=list)


@dataclass
class ChecklistRow:
    recommendation: Recommendation
    assessment: Assessment | None
    suggestion: Suggestion | None

    @property
    def state(self) -> str:
        return self.assessment.state if self.assessment else ""

    @property
    def state_display(self) -> str:
        if self.assessment:
            return self.assessment.get_state_display()
        return str(Assessment.State.UNMARKED.label)


def checklist_for(plan: Plan) -> RecommendationList | None:
    """The plan's checklist, else the first one there is."""
    if plan.checklist_id:
        return plan.checklist
    return RecommendationList.objects.order_by("pk").first()


def _matches(text: str, terms: list[str]) -> bool:
    text = text.casefold()
    return any(t.casefold() in text for t in terms)


def _number(activity: Activity) -> str:
    return f"{activity.focus_area.order}.{activity.order}"


def _names_actor(actor: Actor, term: str) -> bool:
    """The term is the actor's short name, or begins a word of its name ('social' in
    Socialförvaltningen; not 'sf' in ungdomsförvaltningen)."""
    if actor.code.casefold() == term.casefold():
        return True
    return re.search(r"\b" + re.escape(term), actor.name, flags=re.IGNORECASE) is not None


def _actors_suggestion(rec: Recommendation, actors: list[Actor]) -> Suggestion:
    """'Skola: BUF, skola' lines: which of the needed partners are among the responsible."""
    found, missing = [], []
    for line in rec.terms:
        label, _sep, rest = line.partition(":")
        terms = [t.strip() for t in (rest or label).split(",") if t.strip()]
        hits = [a.code for a in actors if any(_names_actor(a, t) for t in terms)]
        if hits:
            found.append(f"{label.strip()} ({', '.join(hits)})")
        else:
            missing.append(label.strip())
    text = _("Bland de ansvariga: %(found)s.") % {"found": join_swedish(found) or _("ingen")}
    if missing:
        text += " " + _("Saknas: %(missing)s.") % {"missing": join_swedish(missing)}
    return Suggestion(text, met=not missing)


def _activities_suggestion(
    rec: Recommendation, activities: list[Activity], what: str
) -> Suggestion:
    hits = [a for a in activities if _matches(f"{a.title} {a.implementation}", rec.terms)]
    if hits:
        text = _("%(what)s: aktivitet %(numbers)s.") % {
            "what": what,
            "numbers": join_swedish([_number(a) for a in hits]),
        }
    else:
        text = _("%(what)s: ingen aktivitet hittades.") % {"what": what}
    return Suggestion(text, met=bool(hits), activities=hits)


def _responsibility_suggestion(plan: Plan, actors: list[Actor]) -> Suggestion:
    functions = [a for a in actors if a.kind == Actor.Kind.FUNCTION]
    if functions:
        return Suggestion(
            _("Namngiven funktion bland de ansvariga: %(names)s.")
            % {"names": join_swedish([a.name for a in functions])},
            met=True,
        )
    return Suggestion(
        _("Ingen funktion (aktör av typen Funktion) är ansvarig för någon aktivitet."), met=False
    )


def _follow_up_suggestion(
    rec: Recommendation, plan: Plan, activities: list[Activity]
) -> Suggestion:
    tertials = (
        Activity.objects.filter(focus_area__plan=plan, follow_ups__isnull=False)
        .values_list("follow_ups__year", "follow_ups__number")
        .distinct()
    )
    reported = sorted(set(tertials))
    evaluation = _activities_suggestion(rec, activities, _("Utvärdering eller uppföljning"))
    if reported:
        text = _("Rapporterade tertialer: %(tertials)s.") % {
            "tertials": ", ".join(f"T{n} {y}" for y, n in reported)
        }
    else:
        text = _("Inga tertialer rapporterade ännu.")
    return Suggestion(
        f"{text} {evaluation.text}",
        met=bool(reported) and evaluation.met,
        activities=evaluation.activities,
    )


def suggestion_for(
    rec: Recommendation, plan: Plan, activities: list[Activity], actors: list[Actor]
):
    kind = rec.suggestion
    if kind == Recommendation.Suggestion.ACTORS:
        return _actors_suggestion(rec, actors)
    if kind == Recommendation.Suggestion.SITUATION:
        return _activities_suggestion(rec, activities, _("Om lägesbilden"))
    if kind == Recommendation.Suggestion.RESPONSIBILITY:
        return _responsibility_suggestion(plan, actors)
    if kind == Recommendation.Suggestion.FOLLOW_UP:
        return _follow_up_suggestion(rec, plan, activities)
    return None


def plan_checklist(plan: Plan) -> tuple[RecommendationList | None, list[ChecklistRow]]:
    """The plan's checklist with one row per recommendation (a handful of queries)."""
    checklist = checklist_for(plan)
    if checklist is None:
        return None, []
    activities = list(
        Activity.objects.filter(focus_area__plan=plan)
        .select_related("focus_area")
        .prefetch_related("responsible")
        .order_by("focus_area__order", "order")
    )
    actors = sorted(
        {a for activity in activities for a in activity.responsible.all()},
        key=lambda a: (a.sort_order, a.code),
    )
    assessments = {
        a.recommendation_id: a
        for a in Assessment.objects.filter(plan=plan).prefetch_related("activities__focus_area")
    }
    rows = [
        ChecklistRow(rec, assessments.get(rec.pk), suggestion_for(rec, plan, activities, actors))
        for rec in checklist.recommendations.order_by("number")
    ]
    return checklist, rows
