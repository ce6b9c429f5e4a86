"""Pages for event requests. Thin: find the request the person may see
(`access.get_request_or_404`), validate the form, call the service, redirect.
Who may do what is decided in `access` and the services.

One module per use case; this package re-exports the views `urls.py` names."""

from __future__ import annotations

from podium.events.views.absences import (
    deputies,
    deputy_end,
)
from podium.events.views.after_decision import (
    condition_confirm,
    condition_review,
    request_cancel,
    request_incident,
    request_report,
)
from podium.events.views.decisions import (
    request_appeal,
    request_appeal_decide,
    request_decide,
)
from podium.events.views.drafts import (
    request_check,
    request_create,
    request_edit,
    request_withdraw,
)
from podium.events.views.requests import (
    queue,
    request_detail,
    request_list,
)
from podium.events.views.review import (
    request_answer,
    request_ask,
    request_escalate,
    request_fast_track,
    request_note,
)

__all__ = [
    "condition_confirm",
    "condition_review",
    "deputies",
    "deputy_end",
    "queue",
    "request_answer",
    "request_appeal",
    "request_appeal_decide",
    "request_ask",
    "request_cancel",
    "request_check",
    "request_create",
    "request_decide",
    "request_detail",
    "request_edit",
    "request_escalate",
    "request_fast_track",
    "request_incident",
    "request_list",
    "request_note",
    "request_report",
    "request_withdraw",
]
