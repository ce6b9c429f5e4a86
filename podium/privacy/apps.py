from datetime import timedelta

from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "podium.privacy"
    label = "privacy"
    verbose_name = "Data protection"
    # Why it processes personal data: the record of processing (podium/privacy).
    privacy_purpose = (
        "Meeting the institution's own data protection duties: retention, legal holds, "
        "the breach log."
    )

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the models are.
        from podium.audit import codes as audit_codes
        from podium.core import subject_export as core_subject_export
        from podium.core.navigation import NAVIGATION, NavSection
        from podium.core.registry import DEMO_STEPS, HOME_PANELS, DemoStep, HomePanel
        from podium.core.scheduling import PeriodicJob, register_job
        from podium.privacy import audit_codes as privacy_audit_codes
        from podium.privacy import demo, navigation, subject_export, tasks

        # Audit codes and record links: podium/audit/codes.py.
        audit_codes.register(*privacy_audit_codes.CODES)
        # Subject access: what this app holds about a person (podium/core/subject_export.py).
        core_subject_export.register_exports(*subject_export.MAPPINGS)
        for link in privacy_audit_codes.LINKS:
            audit_codes.register_link(link)

        # Orders: podium/core/README.md.
        NAVIGATION.add(NavSection("privacy", 800, navigation.privacy_navigation))
        HOME_PANELS.add(
            HomePanel("privacy", 300, waiting=navigation.home_waiting, cards=navigation.home_cards)
        )
        DEMO_STEPS.add(DemoStep("privacy.earlier_years", 10, demo.earlier_years_step))
        DEMO_STEPS.add(DemoStep("privacy", 480, demo.demo_step))
        # The retention schedule, applied daily in batches (idempotent).
        register_job(
            PeriodicJob("privacy.apply_retention", tasks.apply_retention, timedelta(days=1))
        )
        # Breach reminders at 24, 48 and 64 hours while the 72-hour clock runs.
        register_job(
            PeriodicJob("privacy.breach_reminders", tasks.send_breach_reminders, timedelta(hours=1))
        )
