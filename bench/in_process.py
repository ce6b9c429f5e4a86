"""Django set up in this process for the one-page scripts (`profile_page.py`,
`explain_page.py`, `home_panels.py`): production settings (DEBUG off: cached
templates, no query log), as `make run` has, against DATABASE_URL; and static URLs
without the manifest's hashes (same cost), so no collectstatic is needed."""

from __future__ import annotations

import os

import django


def setup() -> None:
    for name, value in {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": "profile-not-secret-" * 4,
        "ALLOWED_HOSTS": "localhost",
        "PODIUM_HTTPS": "false",
        "LOG_LEVEL": "WARNING",
    }.items():
        os.environ.setdefault(name, value)
    django.setup()

    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
