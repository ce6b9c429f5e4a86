from django.apps import AppConfig


class SpeakersConfig(AppConfig):
    name = "podium.speakers"
    label = "speakers"
    verbose_name = "Speaker register and due diligence"
    # Why it processes personal data: the record of processing (podium/privacy).
    privacy_purpose = (
        "Due diligence on external speakers before an event (Prevent duty; free-speech duty)."
    )

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the models are.
        from podium.audit import codes as audit_codes
        from podium.core.navigation import NAVIGATION, NavSection
        from podium.core.registry import SEED_STEPS, SeedStep
        from podium.speakers import audit_codes as speakers_audit_codes
        from podium.speakers import navigation, seed

        # Audit codes and record links: podium/audit/codes.py.
        audit_codes.register(*speakers_audit_codes.CODES)
        for link in speakers_audit_codes.LINKS:
            audit_codes.register_link(link)

        # Orders: podium/core/README.md.
        NAVIGATION.add(NavSection("speakers", 700, navigation.speakers_navigation))
        SEED_STEPS.add(SeedStep("speakers", 400, seed.seed_step, seed.add_seed_arguments))
