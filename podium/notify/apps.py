from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "podium.notify"
    label = "notify"
    verbose_name = "Inbox and e-mail"
    # Why it processes personal data: the record of processing (podium/privacy).
    privacy_purpose = (
        "Telling people of work that waits for them and of decisions about their requests."
    )

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the models are.
        from podium.accounts import extensions
        from podium.notify import role_grants

        # accounts cannot call notify (it sits below it): it calls this hook.
        if role_grants.tell_of_deciding_grant not in extensions.on_deciding_role_granted:
            extensions.on_deciding_role_granted.append(role_grants.tell_of_deciding_grant)

        # The inbox's unread count is in the navigation; reading a message is not audited,
        # so the count itself is one of the versions the navigation is kept under.
        from podium.core.navigation import NAVIGATION_VERSIONS, NavVersion
        from podium.notify import selectors

        NAVIGATION_VERSIONS.add(NavVersion("notify.unread", 10, selectors.unread_query))

        # Subject access: what this app holds about a person (podium/core/subject_export.py).
        from podium.core import subject_export as core_subject_export
        from podium.notify import subject_export

        core_subject_export.register_exports(*subject_export.MAPPINGS)
