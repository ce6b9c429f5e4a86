"""Writes for governance (the risk assessment and its action plan, complaints, the
code of practice): one audit entry per change (`podium.audit.record`), refusals as
`DomainError` naming the field.

The services are split by subject: `base` (the capability check, field lists),
`assessment` (versions, risks, sign-off, the action plan, topics and bands),
`complaints` and `code` (the code of practice and notices to students).
"""

from __future__ import annotations

from podium.governance.services.assessment import (
    remove_risk,
    return_version,
    save_action,
    save_bands,
    save_risk,
    save_topic,
    send_action_reminders,
    sign_off,
    start_version,
    submit_version,
)
from podium.governance.services.base import (
    ACTION_FIELDS,
    ACTION_TEXT_FIELDS,
    DUE_SOON_DAYS,
    RISK_FIELDS,
    RISK_TEXT_FIELDS,
    require,
    values_of,
)
from podium.governance.services.code import (
    publish_code,
    record_notice,
    save_code_sections,
    send_notice_reminders,
    start_code_version,
)
from podium.governance.services.complaints import (
    COMPLAINT_TEXT_FIELDS,
    close_complaint,
    escalate_complaint,
    record_complaint,
    record_response,
    scheme_for,
    send_complaint_reminders,
)

__all__ = [
    "ACTION_FIELDS",
    "ACTION_TEXT_FIELDS",
    "COMPLAINT_TEXT_FIELDS",
    "DUE_SOON_DAYS",
    "RISK_FIELDS",
    "RISK_TEXT_FIELDS",
    "close_complaint",
    "escalate_complaint",
    "publish_code",
    "record_complaint",
    "record_notice",
    "record_response",
    "remove_risk",
    "require",
    "return_version",
    "save_action",
    "save_bands",
    "save_code_sections",
    "save_risk",
    "save_topic",
    "scheme_for",
    "send_action_reminders",
    "send_complaint_reminders",
    "send_notice_reminders",
    "sign_off",
    "start_code_version",
    "start_version",
    "submit_version",
    "values_of",
]
