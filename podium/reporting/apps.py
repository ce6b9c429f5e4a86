from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "podium.reporting"
    label = "reporting"
    verbose_name = "Reporting: the regulator's return, dashboards, the transparency report"
