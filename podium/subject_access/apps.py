from datetime import timedelta

from django.apps import AppConfig


class SubjectAccessConfig(AppConfig):
    name = "podium.subject_access"
    label = "subject_access"
    verbose_name = "Subject access requests"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the models are.
        from podium.audit import codes as audit_codes
        from podium.core import subject_export
        from podium.core.navigation import NAVIGATION, NavSection
        from podium.core.registry import DEMO_STEPS, HOME_PANELS, DemoStep, HomePanel
        from podium.core.scheduling import PeriodicJob, register_job
        from podium.subject_access import audit_codes as sar_audit_codes
        from podium.subject_access import demo, home, navigation, tasks
        from podium.subject_access import subject_export as sar_subject_export

        audit_codes.register(*sar_audit_codes.CODES)
        audit_codes.register_link(sar_audit_codes.LINK)
        # The requests themselves hold personal data: they are in an export too.
        subject_export.register_exports(*sar_subject_export.MAPPINGS)

        # Orders: podium/core/README.md.
        NAVIGATION.add(NavSection("subject_access", 810, navigation.subject_access_navigation))
        HOME_PANELS.add(
            HomePanel(
                "subject_access",
                310,
                waiting=home.waiting,
                cards=home.cards,
            )
        )
        DEMO_STEPS.add(DemoStep("subject_access", 490, demo.demo_step))
        # Reminders to the DPO before a request's due date: daily.
        register_job(
            PeriodicJob("subject_access.send_reminders", tasks.send_reminders, timedelta(days=1))
        )
