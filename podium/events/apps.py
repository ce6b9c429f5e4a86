from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "podium.events"
    label = "events"
    verbose_name = "Events and external speakers"

    def ready(self) -> None:
        # Imported here: models are loaded only once the app registry is ready.
        from podium.events.speakers import history

        history.register()
