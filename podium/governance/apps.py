from datetime import timedelta

from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "podium.governance"
    label = "governance"
    verbose_name = "Prevent governance: risk assessment and action plan"

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
        from podium.events import extensions as events_extensions
        from podium.governance import audit_codes as governance_audit_codes
        from podium.governance import (
            demo,
            extensions,
            navigation,
            seed,
            subject_export,
            tasks,
        )

        audit_codes.register(*governance_audit_codes.CODES)
        # Subject access: what this app holds about a person (podium/core/subject_export.py).
        core_subject_export.register_exports(*subject_export.MAPPINGS)
        # The request page shows the code of practice in force at each decision.
        if extensions.request_code_section not in events_extensions.request_sections:
            events_extensions.request_sections.append(extensions.request_code_section)
        # The decision form quotes the code's criteria for security costs.
        if extensions.security_costs_section not in events_extensions.security_cost_guidance:
            events_extensions.security_cost_guidance.append(extensions.security_costs_section)

        # Orders: podium/core/README.md.
        NAVIGATION.add(NavSection("governance", 780, navigation.governance_navigation))
        HOME_PANELS.add(
            HomePanel(
                "governance", 280, waiting=navigation.home_waiting, cards=navigation.all_cards
            )
        )
        DEMO_STEPS.add(DemoStep("governance", 470, demo.demo_step))
        SEED_STEPS.add(SeedStep("governance", 470, seed.seed_step, seed.add_seed_arguments))
        # Action reminders: daily; each owner hears once per action, kind and deadline.
        register_job(
            PeriodicJob(
                "governance.send_action_reminders", tasks.send_action_reminders, timedelta(days=1)
            )
        )
        # The yearly notice to students: the free-speech officers hear a year after the last.
        register_job(
            PeriodicJob(
                "governance.send_notice_reminders", tasks.send_notice_reminders, timedelta(days=1)
            )
        )
        # Complaints past the provider's 30 days: daily; each owner hears once per complaint.
        register_job(
            PeriodicJob(
                "governance.send_complaint_reminders",
                tasks.send_complaint_reminders,
                timedelta(days=1),
            )
        )
