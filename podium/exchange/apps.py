from datetime import timedelta
from typing import Any

from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "podium.exchange"
    label = "exchange"
    verbose_name = "Podium exchange"

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
        from podium.exchange import audit_codes as exchange_audit_codes
        from podium.exchange import demo, navigation, pages, seed, subject_export, tasks
        from podium.sharing import extensions as sharing_extensions

        audit_codes.register(*exchange_audit_codes.CODES)
        for link in exchange_audit_codes.LINKS:
            audit_codes.register_link(link)
        core_subject_export.register_exports(*subject_export.MAPPINGS)
        # Orders: podium/core/README.md.
        NAVIGATION.add(NavSection("exchange", 745, navigation.exchange_navigation))
        HOME_PANELS.add(HomePanel("exchange", 245, cards=navigation.home_cards))
        DEMO_STEPS.add(DemoStep("exchange", 455, demo.demo_step))
        # After sharing's (450): the messages link to requests and disclosures.
        SEED_STEPS.add(SeedStep("exchange", 455, seed.seed_step, seed.add_seed_arguments))
        # Sharing's hooks: requests and approved answers to peers go by the exchange;
        # the disclosure page shows the messages.
        hooks: list[tuple[list[Any], Any]] = [
            (sharing_extensions.request_sent, pages.send_request),
            (sharing_extensions.disclosure_approved, pages.send_approved_answer),
            (sharing_extensions.disclosure_sections, pages.disclosure_section),
            (sharing_extensions.request_sections, pages.request_section),
            (sharing_extensions.sent_elsewhere, pages.sent_by_exchange),
        ]
        for hook_list, hook in hooks:
            if hook not in hook_list:
                hook_list.append(hook)
        # Retries with back-off: every minute, the messages whose next attempt is due.
        register_job(PeriodicJob("exchange.deliver_due", tasks.deliver_due, timedelta(minutes=1)))
