"""Writes for information sharing. One audit entry per state change; no free text
and no personal identity in audit data (only ids, states and field names).

Who may do what is checked here as well as in the views (`access`), so the API and
the pages refuse the same things.

The services are split by subject: `base` (field lists, dates, settings),
`registers` (partners, purposes, the policy document, agreements), `disclosures`,
`requests` (speaker information requests) and `reminders` (the daily job).
"""

from __future__ import annotations

from podium.sharing.services.base import (
    DISCLOSURE_FIELDS,
    EDITABLE,
    PARTNER_FIELDS,
    PURPOSE_FIELDS,
    request_due_days,
    urgent_review_days,
    years_after,
)
from podium.sharing.services.disclosures import (
    DisclosureFacts,
    create_disclosure,
    dpos,
    log_attachment_download,
    mark_delivered,
    mark_sent,
    record_incoming,
    require_sharer,
    review_urgent,
    shareable_fields,
    sign_off,
    submit_for_sign_off,
    update_disclosure,
    withdraw,
)
from podium.sharing.services.registers import (
    AGREEMENT_FIELDS,
    AGREEMENT_REMINDER_DAYS,
    policy_in_force,
    publish_policy,
    record_review,
    save_agreement,
    save_partner,
    save_purpose,
)
from podium.sharing.services.reminders import (
    remind,
)
from podium.sharing.services.requests import (
    ask_partners,
    default_due_on,
    receive_request,
    record_answer,
)

__all__ = [
    "AGREEMENT_FIELDS",
    "AGREEMENT_REMINDER_DAYS",
    "DISCLOSURE_FIELDS",
    "EDITABLE",
    "PARTNER_FIELDS",
    "PURPOSE_FIELDS",
    "DisclosureFacts",
    "ask_partners",
    "create_disclosure",
    "default_due_on",
    "dpos",
    "log_attachment_download",
    "mark_delivered",
    "mark_sent",
    "policy_in_force",
    "publish_policy",
    "receive_request",
    "record_answer",
    "record_incoming",
    "record_review",
    "remind",
    "request_due_days",
    "require_sharer",
    "review_urgent",
    "save_agreement",
    "save_partner",
    "save_purpose",
    "shareable_fields",
    "sign_off",
    "submit_for_sign_off",
    "update_disclosure",
    "urgent_review_days",
    "withdraw",
    "years_after",
]
