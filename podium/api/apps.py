from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "podium.api"
    label = "api"
    verbose_name = "REST API"
    # Why it processes personal data: the record of processing (podium/privacy).
    privacy_purpose = (
        "Letting the institution's own systems read and write Podium's records with a "
        "person's authority."
    )

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the models are.
        from podium.api import audit_codes as api_audit_codes
        from podium.audit import codes as audit_codes

        audit_codes.register(*api_audit_codes.CODES)

        # Subject access: what this app holds about a person (podium/core/subject_export.py).
        from podium.api import subject_export
        from podium.core import subject_export as core_subject_export

        core_subject_export.register_exports(*subject_export.MAPPINGS)
