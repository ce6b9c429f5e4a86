from datetime import timedelta

from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "podium.training"
    label = "training"
    verbose_name = "Staff Prevent training"
    # Why it processes personal data: the record of processing (podium/privacy).
    privacy_purpose = (
        "Showing that staff have had Prevent training (Prevent duty guidance; returns to the "
        "regulator)."
    )

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the models are.
        from podium.audit import codes as audit_codes
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
        from podium.training import audit_codes as training_audit_codes
        from podium.training import demo, navigation, seed, summaries, tasks
        from podium.training.briefings import demo as briefing_demo
        from podium.training.briefings import navigation as briefing_navigation

        # Counts kept as summary rows (podium/core/summaries.py).
        summaries.register()
        # Audit codes and record links: podium/audit/codes.py.
        audit_codes.register(*training_audit_codes.CODES)

        # Orders: podium/core/README.md.
        NAVIGATION.add(NavSection("training", 100, navigation.training_navigation))
        HOME_PANELS.add(HomePanel("training", 250, cards=navigation.home_cards))
        DEMO_STEPS.add(DemoStep("training", 200, demo.demo_step))
        SEED_STEPS.add(SeedStep("training", 200, seed.seed_step, seed.add_seed_arguments))
        # The student event-organiser briefing (briefings/): after the events demo, so
        # the demo's requests were submitted before any briefing rule applied.
        NAVIGATION.add(
            NavSection("training.briefing", 210, briefing_navigation.briefing_navigation)
        )
        HOME_PANELS.add(
            HomePanel(
                "training.briefing",
                255,
                waiting=briefing_navigation.waiting,
                cards=briefing_navigation.home_cards,
            )
        )
        DEMO_STEPS.add(DemoStep("training.briefing", 310, briefing_demo.demo_step))
        register_job(
            PeriodicJob(
                "training.briefing_reminders", tasks.send_briefing_reminders, timedelta(days=1)
            )
        )
        # Training reminders: daily; each person hears once per course, kind and due date.
        register_job(
            PeriodicJob("training.send_reminders", tasks.send_training_reminders, timedelta(days=1))
        )

        # Subject access: what this app holds about a person (podium/core/subject_export.py).
        from podium.core import subject_export as core_subject_export
        from podium.training import subject_export

        core_subject_export.register_exports(*subject_export.MAPPINGS)
        core_subject_export.PERSON_FINDERS.add(
            core_subject_export.PersonFinder("training", 160, subject_export.find_staff)
        )
