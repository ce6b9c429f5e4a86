from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "podium.reporting"
    label = "reporting"
    verbose_name = "Reporting: the regulator's return, dashboards, the transparency report"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the models are.
        from podium.audit import codes as audit_codes
        from podium.core import subject_export as core_subject_export
        from podium.reporting import audit_codes as reporting_audit_codes
        from podium.reporting import subject_export

        audit_codes.register(*reporting_audit_codes.CODES)
        core_subject_export.register_exports(*subject_export.MAPPINGS)
