"""The national coordinator's twelve recommendations, shipped as data (plans/data/).

Loaded by the data migration plans 0005 and, in tests that flush the database (live
server tests), again by the ``recommendations`` fixture.
"""

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "tolv_rekommendationer.json"


def load_twelve(apps=None):
    """Create the checklist and its twelve recommendations unless they exist; returns it."""
    from django.apps import apps as global_apps

    registry = apps or global_apps
    RecommendationList = registry.get_model("plans", "RecommendationList")
    Recommendation = registry.get_model("plans", "Recommendation")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    checklist, _ = RecommendationList.objects.get_or_create(
        slug=data["slug"], defaults={"name": data["name"], "source": data["source"]}
    )
    for item in data["recommendations"]:
        Recommendation.objects.get_or_create(
            checklist=checklist,
            number=item["number"],
            defaults={
                "title": item["title"],
                "text": item["text"],
                "suggestion": item["suggestion"],
                "suggestion_terms": item["suggestion_terms"],
            },
        )
    return checklist
