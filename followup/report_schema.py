"""The filed report's data shape, and reading older shapes into the current one.

Schema 1 (before issue #16) froze the report's rendered Swedish: labels, sentences and dates
("1 januari 2018", "Helår 2017", "stängd 10 januari 2018", "KLK och BUF"). Schema 2 freezes
facts only: codes, ISO dates, numbers and what users typed; every label, sentence and date is
made when the report is shown, in the reader's language (``followup.report.present``).
``upgrade`` turns a schema-1 record into schema 2 without losing a fact: the migration
``followup/0007`` converts the stored rows with it, and ``report_context`` reads any row that
is still older through it.

Schema 3 adds the actors' contributions (the report's appendix) to each activity's row:
``row["contributions"]``, one item per responsible actor of the row, in the row's order::

    {"actor": "BUF", "given": true, "status": "started", "comment": "…",
     "by": "Anna Andersson", "via_link": true, "at": "2017-04-20T10:00:00+02:00"}

(not given: ``"given": false`` and the other values empty). A schema-2 record did not keep
them, and they cannot be read back from its JSON: ``add_contributions`` adds them from the
contributions as they stood when the record was frozen (``frozen_at``), read from the
history (``followup.selectors.with_contributions_then``) by the migration ``followup/0010``
once, and by ``report_context`` for a row that migration left (never saved there).

Pure functions over JSON: no models, no translations.
"""

from __future__ import annotations

import datetime
import re

from django.utils import timezone

from plans.legacy import origin_facts_from_note

#: The current shape of ``followup.report.report_data``.
REPORT_DATA_SCHEMA = 3

#: The shape ``upgrade`` reaches from JSON alone (schema 3 needs the contributions' history).
FACTS_SCHEMA = 2

SWEDISH_MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ],
        start=1,
    )
}
_SWEDISH_DATE = re.compile(r"^\s*(\d{1,2}) ([a-zåäö]+) (\d{4})\s*$")


def swedish_date(text: str) -> str:
    """'1 januari 2018' → '2018-01-01'; any other text as it is (shown as stored)."""
    match = _SWEDISH_DATE.match(text or "")
    if match and match[2] in SWEDISH_MONTHS:
        try:
            return datetime.date(int(match[3]), SWEDISH_MONTHS[match[2]], int(match[1])).isoformat()
        except ValueError:
            pass
    return text or ""


def split_swedish_list(text: str) -> list[str]:
    """'KLK, BUF och Lopo Täby' → ['KLK', 'BUF', 'Lopo Täby'] (as ``plans.models.join_swedish``
    joined them); a text that does not join back the same stays whole."""
    if not text:
        return []
    head, _, last = text.rpartition(" och ")
    items = [*head.split(", "), last] if head else [text]
    rejoined = items[0] if len(items) == 1 else ", ".join(items[:-1]) + " och " + items[-1]
    return items if rejoined == text else [text]


_DECISION = re.compile(r"(?P<body>.*?)\s*(?P<paragraph>§\s*\S+)?\s*(?P<date>\d{4}-\d{2}-\d{2})?")


def decision_parts(text: str) -> dict:
    """A decision as plans.Plan.decision wrote it ("Kommunstyrelsen §138 2016-05-30") in its
    parts: body, paragraph and ISO date (empty where missing)."""
    match = _DECISION.fullmatch(text.strip())
    parts = match.groupdict(default="") if match else {"body": text, "paragraph": ""}
    return {
        "decision_body": parts["body"],
        "decision_paragraph": parts.get("paragraph", ""),
        "decision_date": parts.get("date", ""),
    }


def upgrade(data: dict) -> dict:
    """A schema-1 record as schema 2 (a newer one as it is); schema 2 → 3 is
    ``add_contributions``."""
    if data.get("schema", 1) >= FACTS_SCHEMA:
        return data
    facts = {f[0]: f[2] for f in data.get("facts", [])}
    plan = dict(data["plan"])
    start, _, end = plan.pop("period", "").partition(" – ")
    plan["period_start"], plan["period_end"] = swedish_date(start), swedish_date(end)
    plan.update(decision_parts(plan.get("decision", "")))
    closed = facts.get("closed", "")
    assessment = data.get("assessment")
    if assessment:
        assessment = {**assessment, "at": swedish_date(assessment.get("at", ""))}
    return {
        "schema": FACTS_SCHEMA,
        "plan": plan,
        "tertial": data["tertial"],
        "municipality": data.get("municipality", ""),
        "produced_at": data["produced_at"],
        "as_of": swedish_date(data.get("as_of", "")),
        "closed_at": swedish_date(closed.removeprefix("stängd ")) if closed else None,
        "progress": _progress(data["progress"]),
        "assessment": assessment,
        "course_tertials": data.get("course_tertials", []),
        "areas": [
            {
                "order": area["order"],
                "title": area["title"],
                "progress": _progress(area["progress"]),
                "rows": [_row(row) for row in area["rows"]],
            }
            for area in data["areas"]
        ],
        "previous_tertial": data.get("previous_tertial", ""),
        "changes_count": data.get("changes_count", 0),
        "transitions": data.get("transitions", []),
        "unchanged_count": data.get("unchanged_count", 0),
    }


def _progress(progress: dict) -> dict:
    return {
        **progress,
        "statuses": [
            {"value": s["value"], "count": s["count"], "share": s["share"]}
            for s in progress["statuses"]
        ],
    }


def _row(row: dict) -> dict:
    note = row.get("origin_note", "")
    origin = origin_facts_from_note(note) if note else None
    result = {key: value for key, value in row.items() if key not in ("course_text", "origin_note")}
    result.update(
        {
            "origin": origin or {},
            "origin_note": "" if origin else note,
            "responsible": split_swedish_list(row.get("responsible", "")),
            "deadline": swedish_date(row.get("deadline", "")),
            "course": [
                {"tertial": s["tertial"], "status": s["status"], "reported": s["reported"]}
                for s in row.get("course", [])
            ],
        }
    )
    return result


def contribution_fact(contribution) -> dict:
    """A given contribution as facts: anything with a contribution's fields (a
    ``Contribution`` or a historical row of one), its actor's code given separately."""
    at = contribution.given_at
    if at and timezone.is_aware(at):
        at = timezone.localtime(at)
    return {
        "given": True,
        "status": contribution.status,
        "comment": contribution.comment,
        "by": contribution.given_by_name,
        "via_link": bool(contribution.via_link),
        "at": at.isoformat() if at else "",
    }


def contribution_facts(responsible: list[str], given: dict[str, dict]) -> list[dict]:
    """A row's ``contributions``: each responsible actor (codes, in the row's order) with its
    contribution's facts (``given``: actor code → ``contribution_fact``) or none."""
    waiting = {"given": False, "status": "", "comment": "", "by": "", "via_link": False, "at": ""}
    return [{"actor": code, **given.get(code, waiting)} for code in responsible]


def add_contributions(data: dict, given: dict[int, dict[str, dict]]) -> dict:
    """A schema-2 record as schema 3: each row with its contributions (``given``: activity id
    → actor code → ``contribution_fact``, as they stood when the record was frozen)."""
    data = upgrade(data)
    if data.get("schema", 1) >= REPORT_DATA_SCHEMA:
        return data
    return {
        **data,
        "schema": REPORT_DATA_SCHEMA,
        "areas": [
            {
                **area,
                "rows": [
                    {
                        **row,
                        "contributions": contribution_facts(
                            row.get("responsible", []), given.get(row.get("pk"), {})
                        ),
                    }
                    for row in area["rows"]
                ],
            }
            for area in data["areas"]
        ],
    }


def frozen_at(closed_at: datetime.datetime, data: dict) -> datetime.datetime:
    """When a filed record's data was frozen: at its closing, or later for a tertial frozen
    after it was closed (``freeze_closed_tertials``: the data's ``produced_at``)."""
    produced = data.get("produced_at")
    if not produced:
        return closed_at
    try:
        moment = datetime.datetime.fromisoformat(produced)
    except ValueError:
        return closed_at
    if timezone.is_naive(moment):  # written in local time
        moment = timezone.make_aware(moment)
    return max(closed_at, moment)
