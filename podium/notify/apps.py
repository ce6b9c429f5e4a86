from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "podium.notify"
    label = "notify"
    verbose_name = "Inbox and e-mail"
