"""Where apps above events add what they know about an event request.

Events imports none of those apps; each fills these lists in its
`AppConfig.ready()`.

- `request_sections`: each callable takes the request, the person looking and the
  page's `selectors.RequestView`, and returns a section of the request page (a
  template and its context) or None when that person should see nothing from the
  app. The section's template is included with `section` set to its context. The
  callable decides access itself (deny by default): return None unless the
  person's roles need what it shows.
- `security_cost_guidance`: each callable takes no argument and returns a section
  shown on the decision form under "Security costs" (the criteria for
  "exceptional circumstances" from the code of practice in force, which governance
  keeps), or None when it has nothing to show.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from podium.speakers.extensions import Section

if TYPE_CHECKING:
    from podium.events.models import EventRequest

__all__ = ["Section", "request_sections", "security_cost_guidance"]

request_sections: list[Callable[[EventRequest, Any, Any], Section | None]] = []

security_cost_guidance: list[Callable[[], Section | None]] = []
