from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "podium.reporting"
    label = "reporting"
    verbose_name = "Reporting: the regulator's return, dashboards, the transparency report"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the models are.
        from podium.audit import codes as audit_codes
        from podium.core import subject_export as core_subject_export
        from podium.core.navigation import NAVIGATION, NavSection
        from podium.core.registry import DEMO_STEPS, HOME_PANELS, DemoStep, HomePanel
        from podium.reporting import audit_codes as reporting_audit_codes
        from podium.reporting import dashboards, demo, navigation, subject_export

        audit_codes.register(*reporting_audit_codes.CODES)
        core_subject_export.register_exports(*subject_export.MAPPINGS)
        # Orders: podium/core/README.md. The demo runs after every app it counts.
        NAVIGATION.add(NavSection("reporting.return", 790, navigation.return_navigation))
        NAVIGATION.add(NavSection("reporting.dashboards", 820, dashboards.navigation))
        HOME_PANELS.add(
            HomePanel(
                "reporting.return",
                290,
                waiting=navigation.home_waiting,
                cards=navigation.home_cards,
            )
        )
        HOME_PANELS.add(HomePanel("reporting.dashboards", 320, cards=dashboards.home_cards))
        DEMO_STEPS.add(DemoStep("reporting.return", 495, demo.demo_step))
