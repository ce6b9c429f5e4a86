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

        # Subject access: what this app holds about a person (podium/core/subject_export.py).
        from podium.core import subject_export as core_subject_export
        from podium.speakers import subject_export

        core_subject_export.register_exports(*subject_export.MAPPINGS)
        core_subject_export.PERSON_FINDERS.add(
            core_subject_export.PersonFinder("speakers", 170, subject_export.find_speakers)
        )
