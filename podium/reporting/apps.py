from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "podium.reporting"
    label = "reporting"
    verbose_name = "Reporting: the regulator's return, dashboards, the transparency report"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the models are.
        from podium.core.navigation import NAVIGATION, NavSection
        from podium.core.registry import HOME_PANELS, HomePanel
        from podium.reporting import dashboards

        # Orders: podium/core/README.md.
        NAVIGATION.add(NavSection("reporting.dashboards", 820, dashboards.navigation))
        HOME_PANELS.add(HomePanel("reporting.dashboards", 320, cards=dashboards.home_cards))
