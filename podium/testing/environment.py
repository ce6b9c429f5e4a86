"""Loaded by pytest (`-p podium.testing.environment`) before Django reads its
settings: the test run's environment, so `pytest` works with nothing exported.

Values already in the environment win, so `DATABASE_URL=postgres://… make test`
runs the same suite on PostgreSQL.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-" + "k7Hq2vNw9xPz4mRt8yLc3bJd6fGs1aEu5oIe0WnKs")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("PODIUM_HTTPS", "false")
os.environ.setdefault(
    "PODIUM_STATIC_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage"
)
os.environ.setdefault("PODIUM_TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
# The exchange's private key (podium/exchange): one per test process, never the
# developer's own under var/.
os.environ.setdefault(
    "PODIUM_EXCHANGE_KEY_FILE",
    os.path.join(tempfile.gettempdir(), f"podium-tests-{os.getpid()}", "exchange-key.pem"),
)
