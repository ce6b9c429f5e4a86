from datetime import timedelta

from django.apps import AppConfig
from django.conf import settings


class AuditConfig(AppConfig):
    name = "podium.audit"
    label = "audit"
    verbose_name = "Audit log"
    # Why it processes personal data: the record of processing (podium/privacy).
    privacy_purpose = (
        "Accountability: a tamper-evident record of who did what to which record, when (Art 5(2))."
    )

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the models are.
        from podium.audit import audit_codes, codes, db, signals, tasks  # noqa: F401 - db and signals connect handlers
        from podium.core.scheduling import PeriodicJob, register_job

        codes.register(*audit_codes.CODES)  # podium/audit/codes.py

        # The navigation is kept across requests until a state change moves the log's head.
        from podium.audit import selectors
        from podium.core.navigation import NAVIGATION_VERSIONS, NavVersion

        NAVIGATION_VERSIONS.add(NavVersion("audit.head", 0, selectors.head_query))

        # A signed checkpoint, so a log later truncated or rolled back fails audit-verify.

        register_job(
            PeriodicJob(
                "audit.checkpoint",
                tasks.save_audit_checkpoint,
                timedelta(hours=settings.PODIUM_AUDIT_CHECKPOINT_HOURS),
            )
        )

        # Subject access: what this app holds about a person (podium/core/subject_export.py).
        from podium.audit import subject_export
        from podium.core import subject_export as core_subject_export

        core_subject_export.register_exports(*subject_export.MAPPINGS)
