from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "podium.home"
    label = "home"
    verbose_name = "Home page, demo and seed"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the models are.
        from podium.home.views import register

        register()
