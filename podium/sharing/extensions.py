"""Where apps above sharing plug into it (`podium.exchange`, the Podium-to-Podium
exchange). Sharing imports none of them; they fill these lists in their
`AppConfig.ready()`.

- `request_sent`: each callable takes an outgoing speaker information request
  just made (inside its transaction), e.g. to send it to partners who run Podium.
- `disclosure_approved`: each callable takes an outgoing disclosure the DPO has just
  approved (inside the sign-off's transaction), e.g. to send it electronically.
- `disclosure_sections`: each callable takes the disclosure and the person reading
  its page and returns a section of the page (a template and its context), or None.
- `request_sections`: the same for the speaker information request page.
- `sent_elsewhere`: each callable takes an outgoing disclosure and says whether
  another app sends it (then the page offers no "mark sent" button for it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from podium.sharing.models import Disclosure, InformationRequest


@dataclass
class Section:
    """A section of the disclosure page: `template` rendered with `context`."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


request_sent: list[Callable[[InformationRequest], None]] = []
disclosure_approved: list[Callable[[Disclosure], None]] = []
disclosure_sections: list[Callable[[Disclosure, Any], Section | None]] = []
request_sections: list[Callable[[InformationRequest, Any], Section | None]] = []
sent_elsewhere: list[Callable[[Disclosure], bool]] = []
