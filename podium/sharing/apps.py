from datetime import timedelta

from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "podium.sharing"
    label = "sharing"
    verbose_name = "Information sharing"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the models are.
        from podium.audit import codes as audit_codes
        from podium.core import subject_export as core_subject_export
        from podium.core.navigation import NAVIGATION, NavSection
        from podium.core.registry import (
            DEMO_STEPS,
            HOME_PANELS,
            PROCESSING_RECIPIENTS,
            SEED_STEPS,
            DemoStep,
            HomePanel,
            Recipients,
            SeedStep,
        )
        from podium.core.scheduling import PeriodicJob, register_job
        from podium.events import extensions as events_extensions
        from podium.sharing import audit_codes as sharing_audit_codes
        from podium.sharing import (
            demo,
            navigation,
            pages,
            seed,
            selectors,
            signals,
            subject_export,
            tasks,
        )
        from podium.speakers import extensions as speakers_extensions

        assert signals  # connects the receivers that delete stored files with their rows
        # Audit codes and record links: podium/audit/codes.py.
        audit_codes.register(*sharing_audit_codes.CODES)
        # Subject access: what this app holds about a person (podium/core/subject_export.py).
        core_subject_export.register_exports(*subject_export.MAPPINGS)
        for link in sharing_audit_codes.LINKS:
            audit_codes.register_link(link)

        # The record of processing (podium/privacy): the partners are its recipients.
        PROCESSING_RECIPIENTS.add(Recipients("sharing", 100, selectors.processing_recipients))
        # Orders: podium/core/README.md.
        NAVIGATION.add(NavSection("sharing", 740, navigation.sharing_navigation))
        HOME_PANELS.add(
            HomePanel("sharing", 240, waiting=navigation.home_waiting, cards=navigation.home_cards)
        )
        DEMO_STEPS.add(DemoStep("sharing", 450, demo.demo_step))
        SEED_STEPS.add(SeedStep("sharing", 450, seed.seed_step, seed.add_seed_arguments))
        # What reviewers see on the speaker page and the request page.
        if pages.speaker_section not in speakers_extensions.history_sections:
            speakers_extensions.history_sections.append(pages.speaker_section)
            speakers_extensions.on_merge.append(pages.move_on_merge)
        if pages.request_section not in events_extensions.request_sections:
            events_extensions.request_sections.append(pages.request_section)
        # Reminders and escalations: daily; each acts once (the dates it stamps).
        register_job(PeriodicJob("sharing.remind", tasks.send_reminders, timedelta(days=1)))
