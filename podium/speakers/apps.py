from django.apps import AppConfig


class SpeakersConfig(AppConfig):
    name = "podium.speakers"
    label = "speakers"
    verbose_name = "Speaker register and due diligence"
