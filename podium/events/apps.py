from datetime import timedelta

from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "podium.events"
    label = "events"
    verbose_name = "Events and external speakers"
    # Why it processes personal data: the record of processing (podium/privacy).
    privacy_purpose = (
        "Deciding whether and on what conditions events with external speakers go ahead "
        "(Prevent duty; free-speech duty)."
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
        from podium.events import audit_codes as events_audit_codes
        from podium.events import demo, navigation, seed, summaries, tasks
        from podium.events.speakers import demo as speakers_demo
        from podium.events.speakers import history
        from podium.events.speakers import seed as speakers_seed

        # Audit codes and record links: podium/audit/codes.py.
        audit_codes.register(*events_audit_codes.CODES)
        for link in events_audit_codes.LINKS:
            audit_codes.register_link(link)

        # Orders: podium/core/README.md.
        NAVIGATION.add(NavSection("events", 200, navigation.events_navigation))
        NAVIGATION.add(NavSection("events.settings", 500, navigation.events_settings_navigation))
        HOME_PANELS.add(
            HomePanel("events", 200, waiting=navigation.home_waiting, cards=navigation.home_cards)
        )
        DEMO_STEPS.add(DemoStep("events", 300, demo.demo_step))
        SEED_STEPS.add(SeedStep("events", 300, seed.seed_step, seed.add_seed_arguments))
        # Speakers on requests: the register's demo creates requests, so it is events';
        # the seeded register's links to requests follow the register's seed (400).
        DEMO_STEPS.add(DemoStep("speakers", 400, speakers_demo.demo_step))
        SEED_STEPS.add(SeedStep("events.speakers", 410, speakers_seed.seed_step))
        # The register's pages show a speaker's requests through its extensions.
        history.register()
        # The return's and the dashboards' counts, a row a month (podium/core/summaries.py).
        summaries.register()
        # Lapsing is hourly so a request never shows "in review" long after its event began.
        register_job(
            PeriodicJob(
                "events.lapse_undecided", tasks.lapse_undecided_requests, timedelta(hours=1)
            )
        )
        # Reminders and escalations act once per step, so hourly costs nothing extra and a
        # deadline passing at midnight is acted on early in the working day.
        register_job(
            PeriodicJob(
                "events.remind_and_escalate", tasks.remind_and_escalate_reviews, timedelta(hours=1)
            )
        )

        # Subject access: what this app holds about a person (podium/core/subject_export.py).
        from podium.core import subject_export as core_subject_export
        from podium.events import subject_export

        core_subject_export.register_exports(*subject_export.MAPPINGS)
