"""Gunicorn settings for `make run`, `make bench` and production (docs/deployment.md)."""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("PODIUM_WEB_THREADS", "1"))
timeout = 60
graceful_timeout = 30
accesslog = os.environ.get("PODIUM_ACCESS_LOG", "-") or None
# The access log never holds query strings, the secret in a calendar feed,
# acknowledgement or password-reset link, or credential headers (config/accesslog.py).
logger_class = "config.accesslog.ScrubbingLogger"
# Trust X-Forwarded-* only from the reverse proxy on this host.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
