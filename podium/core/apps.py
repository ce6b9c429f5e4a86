from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "podium.core"
    label = "core"
    verbose_name = "Podium core"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the models are.
        from podium.core import summaries
        from podium.core.registry import DEMO_STEPS, SEED_STEPS, DemoStep, SeedRun, SeedStep

        def count_summaries(password: str) -> list[str]:
            done = summaries.rebuild()
            return [f"Summary rows: {sum(done.values())} keys counted ({len(done)} kinds)"]

        def seed_summaries(run: SeedRun) -> None:
            run.write(count_summaries("")[0])

        # Last: the demo and the seed write in bulk, past the services' marks.
        DEMO_STEPS.add(DemoStep("core.summaries", 990, count_summaries))
        SEED_STEPS.add(SeedStep("core.summaries", 990, seed_summaries))
