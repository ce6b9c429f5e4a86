"""Logging filters for the console log (settings.LOGGING)."""

import logging


class RefusalsOnOneLine(logging.Filter):
    """A refused request (403) is routine — a link followed by someone without the
    role — so `django.request` logs it as one line, without the traceback Django
    attaches to PermissionDenied. Server errors keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
