from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "podium.training"
    label = "training"
    verbose_name = "Staff Prevent training"
