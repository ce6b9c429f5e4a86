"""The free-speech record's substance (issue 14; OfS Regulatory advice 24).

A condition or a rejection needs a record that shows the decider considered the
law: whether the speech is lawful, what reasonably practicable steps would secure
it, and why the restriction is proportionate. "x" is not a record, so those two
answers need at least `PODIUM_FREE_SPEECH_MIN_WORDS` words. And because offence,
and risk to the institution's reputation, are not lawful grounds to restrict
speech, reasons that use those words are named back to the decider, who must
re-read them and say they do not rest on them. The check is a prompt, not a
verdict: a person decides.
"""

from __future__ import annotations

import re

from django.conf import settings

# Words that suggest a restriction rests on offence or reputation.
_OFFENCE_OR_REPUTATION = re.compile(
    r"\b(offen[cs]e[sd]?|offensive\w*|offend\w*|reputation\w*|upset\w*|embarrass\w*)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]{2,}")


def min_words() -> int:
    return int(settings.PODIUM_FREE_SPEECH_MIN_WORDS)


def is_substantive(text: str) -> bool:
    """At least the minimum number of words, and not one word repeated."""
    words = [word.casefold() for word in _WORD.findall(text)]
    return len(words) >= min_words() and len(set(words)) * 2 >= min_words()


def steps_needed() -> str:
    return (
        "Say what reasonably practicable steps would secure the speech, in at least "
        f"{min_words()} words: for example a chair, stewarding, a change of room or time, "
        "or a right of reply."
    )


def proportionality_needed() -> str:
    return (
        f"Explain in at least {min_words()} words why the restriction is proportionate: "
        "why a lesser step would not do."
    )


def offence_or_reputation(*texts: str) -> list[str]:
    """The words in `texts` that suggest reasons resting on offence or reputation."""
    found = {
        match.group(0).casefold()
        for text in texts
        for match in _OFFENCE_OR_REPUTATION.finditer(text)
    }
    return sorted(found)


def warning(words: list[str]) -> str:
    quoted = ", ".join(f"“{word}”" for word in words)
    return (
        f"The reasons use {quoted}. Offence, and risk to the institution's reputation, are "
        "not lawful grounds to restrict or reject speech (OfS Regulatory advice 24). "
        "Re-read the reasons; if they do not rest on these, tick the box to say so."
    )
