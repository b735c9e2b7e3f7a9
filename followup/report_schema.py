"""The filed report's data shape, and reading the first shape into the current one.

Schema 1 (before issue #16) froze the report's rendered Swedish: labels, sentences and dates
("1 januari 2018", "Helår 2017", "stängd 10 januari 2018", "KLK och BUF"). Schema 2 freezes
facts only: codes, ISO dates, numbers and what users typed; every label, sentence and date is
made when the report is shown, in the reader's language (``followup.report.present``).
``upgrade`` turns a schema-1 record into schema 2 without losing a fact: the migration
``followup/0007`` converts the stored rows with it, and ``report_context`` reads any row that
is still older through it. Pure functions over JSON: no models, no translations.
"""

from __future__ import annotations

import datetime
import re

from plans.legacy import origin_facts_from_note

#: The current shape of ``followup.report.report_data``.
REPORT_DATA_SCHEMA = 2

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
    """A schema-1 record as schema 2 (a newer one as it is)."""
    if data.get("schema", 1) >= REPORT_DATA_SCHEMA:
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
        "schema": REPORT_DATA_SCHEMA,
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
