from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "podium.accounts"
    label = "accounts"
    verbose_name = "People and organisational units"

    def ready(self) -> None:
        from podium.accounts import signals  # noqa: F401 - connects the receivers
