from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "podium.events"
    label = "events"
    verbose_name = "Events and external speakers"
