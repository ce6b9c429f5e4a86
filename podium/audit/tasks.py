"""Background work for the audit log: the scheduled checkpoint (registered in
`AuditConfig.ready()`; `podium worker` runs it every `PODIUM_AUDIT_CHECKPOINT_HOURS`)."""

from __future__ import annotations

from django_tasks import task

from podium.audit.verify import save_checkpoint


@task()
def save_audit_checkpoint() -> str:
    """Save a signed checkpoint of the log (count and head hash), so `audit-verify`
    catches a log later truncated or rolled back below it. Returns the file's name."""
    return save_checkpoint().name
