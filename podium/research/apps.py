from datetime import timedelta

from django.apps import AppConfig


class ResearchConfig(AppConfig):
    name = "podium.research"
    label = "research"
    verbose_name = "Security-sensitive research"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the models are.
        from podium.audit import codes as audit_codes
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
        from podium.research import audit_codes as research_audit_codes
        from podium.research import demo, navigation, seed, subject_export, tasks

        # Audit codes and record links: podium/audit/codes.py.
        audit_codes.register(*research_audit_codes.CODES)
        # Subject access: what this app holds about a person (podium/core/subject_export.py).
        core_subject_export.register_exports(*subject_export.MAPPINGS)
        for link in research_audit_codes.LINKS:
            audit_codes.register_link(link)

        # Orders: podium/core/README.md.
        NAVIGATION.add(NavSection("research", 720, navigation.research_navigation))
        HOME_PANELS.add(
            HomePanel("research", 220, waiting=navigation.home_waiting, cards=navigation.home_cards)
        )
        DEMO_STEPS.add(DemoStep("research", 430, demo.demo_step))
        SEED_STEPS.add(SeedStep("research", 430, seed.seed_step, seed.add_seed_arguments))
        # Expiry and "ending soon" reminders act on dates: daily is enough.
        register_job(
            PeriodicJob("research.expire_and_remind", tasks.expire_and_remind, timedelta(days=1))
        )
