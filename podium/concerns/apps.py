from datetime import timedelta

from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "podium.concerns"
    label = "concerns"
    verbose_name = "Prevent concerns"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the models are.
        from podium.audit import codes as audit_codes
        from podium.concerns import audit_codes as concerns_audit_codes
        from podium.concerns import demo, navigation, seed, subject_export, tasks
        from podium.core import subject_export as core_subject_export
        from podium.core.navigation import NAVIGATION, NavSection
        from podium.core.registry import (
            DEMO_STEPS,
            HOME_PANELS,
            SEED_STEPS,
            DemoStep,
            HomePanel,
            SeedStep,
        )
        from podium.core.scheduling import PeriodicJob, register_job

        audit_codes.register(*concerns_audit_codes.CODES)
        # Subject access: what this app holds about a person (podium/core/subject_export.py).
        core_subject_export.register_exports(*subject_export.MAPPINGS)
        # The subject of a concern, held only as text: found by name, number, contact.
        core_subject_export.PERSON_FINDERS.add(
            core_subject_export.PersonFinder("concerns", 180, subject_export.find_subjects)
        )
        # Orders: podium/core/README.md.
        NAVIGATION.add(NavSection("concerns", 150, navigation.concerns_navigation))
        HOME_PANELS.add(
            HomePanel("concerns", 260, waiting=navigation.home_waiting, cards=navigation.home_cards)
        )
        DEMO_STEPS.add(DemoStep("concerns", 460, demo.demo_step))
        SEED_STEPS.add(SeedStep("concerns", 460, seed.seed_step, seed.add_seed_arguments))
        register_job(
            PeriodicJob("concerns.review_reminders", tasks.send_review_reminders, timedelta(days=1))
        )
        register_job(
            PeriodicJob("concerns.event_reminders", tasks.send_event_reminders, timedelta(days=1))
        )
        register_job(
            PeriodicJob("concerns.action_reminders", tasks.send_action_reminders, timedelta(days=1))
        )
