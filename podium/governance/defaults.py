"""The topics and RAG bands Podium starts with (the migration writes the same;
`ensure_defaults` puts back any missing, for the demo and for tests that flush
the database)."""

from __future__ import annotations

from podium.governance.models import RagBand, RiskTopic

TOPICS = [
    "Training",
    "IT and online",
    "Premises and lettings",
    "Speakers and events",
    "Students' union and societies",
    "Welfare and chaplaincy",
    "Information sharing",
    "Research",
    "Freedom of expression",
]
BANDS = [("green", 1), ("amber", 8), ("red", 15)]


def ensure_defaults() -> None:
    if not RiskTopic.objects.exists():
        RiskTopic.objects.bulk_create(RiskTopic(name=name) for name in TOPICS)
    for rating, score in BANDS:
        RagBand.objects.get_or_create(rating=rating, defaults={"min_score": score})
