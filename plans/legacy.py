"""Reading what earlier versions stored as Swedish sentences back into facts (issue #16)."""

from __future__ import annotations

import re

#: The origin note ``followup.carry_over`` wrote before issue #16, in Swedish (its only
#: language then): "Från KS 2016.371, aktivitet 3.3, senast Ej påbörjad T3 2017".
ORIGIN_NOTE = re.compile(
    r"^Från (?P<plan>.+), aktivitet (?P<number>\d+\.\d+), "
    r"(?:ej rapporterad|senast (?P<status>.+) T(?P<tertial>[123]) (?P<year>\d{4}))$"
)

#: The status texts of that time, to their codes.
SWEDISH_STATUSES = {
    "Ej påbörjad": "not_started",
    "Påbörjad": "started",
    "Försenad": "delayed",
    "Genomförd": "done",
    "Avförd": "struck",
}


def origin_facts_from_note(note: str) -> dict | None:
    """The facts of a note that carry_over wrote (``plans.models.origin_facts``' shape), or
    None for any other text (free text, e.g. from an imported table, stays text)."""
    match = ORIGIN_NOTE.match(note or "")
    if match is None:
        return None
    if match["status"] is None:
        return {"plan": match["plan"], "number": match["number"], "status": ""}
    if match["status"] not in SWEDISH_STATUSES:
        return None
    return {
        "plan": match["plan"],
        "number": match["number"],
        "status": SWEDISH_STATUSES[match["status"]],
        "year": int(match["year"]),
        "tertial": int(match["tertial"]),
    }
