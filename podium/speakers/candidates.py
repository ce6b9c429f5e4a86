"""The API's answer to "did you mean": the likely matches of a name as JSON, with
the same facts the pages show (events here, the last check and whether it is
current). Both APIs that add a speaker answer with it, refusing with 409 until the
caller chooses a match or confirms "a different person": the register's
(`POST /api/v1/speakers`) and events' (a request's speakers). Kept here, outside
`api/`, because one app's API never imports another's."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ninja import Field, Schema

from podium.speakers.selectors import Match

CONFIRM_HELP = (
    "Add the speaker even though the register has likely matches (`matches` of the "
    "409 answer): you checked, and this is a different person."
)


class SpeakerCandidateOut(Schema):
    """A register record probably the same person as the name sent."""

    id: int = Field(description="The record: send it as `speaker_id` to use it.")
    name: str
    matched_name: str = Field(description="The name or spelling that matched.")
    affiliations: list[str]
    similarity: float
    spoke_here: int = Field(description="Approved events here.")
    last_checked_on: date | None = Field(description="The latest due-diligence check.")
    recheck_after: date | None
    check_current: bool = Field(description="The latest check is not yet due for renewal.")
    facts: str = Field(description="The same facts in words, as the pages show them.")


def candidates(matches: Sequence[Match]) -> list[dict[str, object]]:
    """The matches (from `selectors.did_you_mean`, with their summaries) as JSON."""
    out = []
    for m in matches:
        summary = m.summary
        out.append(
            SpeakerCandidateOut(
                id=m.speaker.pk,
                name=m.speaker.name,
                matched_name=m.matched_name,
                affiliations=m.speaker.affiliation_list,
                similarity=round(m.score, 3),
                spoke_here=summary.spoke if summary else 0,
                last_checked_on=summary.latest_checked_on if summary else None,
                recheck_after=summary.latest_recheck_after if summary else None,
                check_current=bool(summary and summary.has_current_check),
                facts=m.facts,
            ).model_dump(mode="json")
        )
    return out


def did_you_mean_message(name: str, *, use: str = "use one of them") -> str:
    """The refusal's words, as the pages ask the question."""
    return (
        f"The register already has speakers like {name} (see matches): {use}, or send "
        "confirm_different_person: true if this is a different person."
    )
