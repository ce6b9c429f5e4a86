from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "podium.resources"
    label = "resources"
    verbose_name = "Resources library: guidance, documents and contacts"
    # Why it processes personal data: the record of processing (podium/privacy).
    privacy_purpose = (
        "Giving staff the work contact details of partners they may need to call "
        "(Prevent duty guidance)."
    )

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the models are.
        from podium.audit import codes as audit_codes
        from podium.core.navigation import NAVIGATION, NavSection
        from podium.core.registry import DEMO_STEPS, DemoStep
        from podium.resources import audit_codes as resources_audit_codes
        from podium.resources import demo, navigation

        audit_codes.register(*resources_audit_codes.CODES)
        # Orders: podium/core/README.md.
        NAVIGATION.add(NavSection("resources", 850, navigation.resources_navigation))
        DEMO_STEPS.add(DemoStep("resources", 120, demo.demo_step))
        # Subject access: what this app holds about a person (podium/core/subject_export.py).
        from podium.core import subject_export as core_subject_export
        from podium.resources import subject_export

        core_subject_export.register_exports(*subject_export.MAPPINGS)
