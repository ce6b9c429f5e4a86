"""Subject access (`podium/core/subject_export.py`): finding a person in the speaker
register (its own matching, and e-mail exactly) and what it holds about them."""

from __future__ import annotations

from django.db.models import Q

from podium.core.subject_export import ExportMapping, Hit, NameScorer, SearchTerms
from podium.speakers import selectors
from podium.speakers.models import Speaker

SPEAKER = "speakers.Speaker"
USER = "accounts.User"
_LIMIT = 50


def find_speakers(terms: SearchTerms, scorer: NameScorer) -> list[Hit]:
    hits: dict[int, Hit] = {}
    if terms.email:
        for speaker in Speaker.objects.filter(email__iexact=terms.email, merged_into__isnull=True)[
            :_LIMIT
        ]:
            hits[speaker.pk] = Hit(SPEAKER, speaker.pk, speaker.name, "e-mail address", 1.0)
    if terms.name:
        # The register's own search: every spelling the speaker is known by.
        for match in selectors.search(query=terms.name, visible=Q(), limit=_LIMIT):
            if match.speaker.pk not in hits and match.score >= terms.threshold:
                hits[match.speaker.pk] = Hit(
                    SPEAKER,
                    match.speaker.pk,
                    match.speaker.name,
                    f"name “{match.matched_name}”, {match.percent}%",
                    match.score,
                )
    return sorted(hits.values(), key=lambda hit: (-hit.score, hit.label))[:_LIMIT]


MAPPINGS = [
    ExportMapping(
        SPEAKER,
        "Your speaker record",
        {SPEAKER: ("pk",)},
        context=("created_at", "updated_at"),
    ),
    ExportMapping(
        "speakers.SpeakerName",
        "Names you are known by",
        {SPEAKER: ("speaker",)},
        context=("is_primary",),
    ),
    ExportMapping(
        "speakers.SpeakerCheck",
        "Checks on you as a speaker, or that you made",
        {SPEAKER: ("speaker",), USER: ("checked_by",)},
        context=("speaker", "checked_on", "recheck_after"),
    ),
    ExportMapping(
        "speakers.CodeOfConduct",
        "Codes of conduct you published",
        {USER: ("created_by",)},
        context=("version", "created_at"),
    ),
]
