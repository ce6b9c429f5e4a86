from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "podium.accounts"
    label = "accounts"
    verbose_name = "People and organisational units"
    # Why it processes personal data: the record of processing (podium/privacy).
    privacy_purpose = (
        "Signing in, and knowing who holds which role over which unit, so that only the right"
        " people see and decide (security of processing, Art 32)."
    )

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the models are.
        from podium.accounts import audit_codes as accounts_audit_codes
        from podium.accounts import (
            demo,
            navigation,
            seed,
            selectors,
            signals,  # noqa: F401 - connects the receivers
        )
        from podium.audit import codes as audit_codes
        from podium.core.navigation import NAVIGATION, NavSection
        from podium.core.registry import (
            DEMO_STEPS,
            HOME_PANELS,
            SEED_STEPS,
            DemoStep,
            HomePanel,
            SeedStep,
        )

        # Audit codes and record links: podium/audit/codes.py.
        audit_codes.register(*accounts_audit_codes.CODES)
        for link in accounts_audit_codes.LINKS:
            audit_codes.register_link(link)

        # Orders: podium/core/README.md.
        NAVIGATION.add(NavSection("accounts.people", 300, navigation.people_navigation))
        NAVIGATION.add(NavSection("accounts.security", 600, navigation.security_navigation))
        HOME_PANELS.add(
            HomePanel(
                "accounts.roles",
                900,
                template="accounts/_home_roles.html",
                context=lambda user: {"role_summary": selectors.role_summary(user=user)},
            )
        )
        DEMO_STEPS.add(DemoStep("accounts", 100, demo.demo_step))
        SEED_STEPS.add(SeedStep("accounts", 100, seed.seed_step))

        # Subject access: what this app holds about a person (podium/core/subject_export.py).
        from podium.accounts import subject_export
        from podium.core import subject_export as core_subject_export

        core_subject_export.register_exports(*subject_export.MAPPINGS)
        core_subject_export.PERSON_FINDERS.add(
            core_subject_export.PersonFinder("accounts", 150, subject_export.find_users)
        )
