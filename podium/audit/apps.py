from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "podium.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from podium.audit import db, signals  # noqa: F401 - connects the handlers
