from django.apps import AppConfig


class SpeakersConfig(AppConfig):
    name = "podium.speakers"
    label = "speakers"
    verbose_name = "Speaker register and due diligence"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the models are.
        from podium.core.navigation import NAVIGATION, NavSection
        from podium.core.registry import DEMO_STEPS, SEED_STEPS, DemoStep, SeedStep
        from podium.speakers import demo, navigation, seed

        # Orders: podium/core/README.md.
        NAVIGATION.add(NavSection("speakers", 700, navigation.speakers_navigation))
        DEMO_STEPS.add(DemoStep("speakers", 400, demo.demo_step))
        SEED_STEPS.add(SeedStep("speakers", 400, seed.seed_step, seed.add_seed_arguments))
