"""Gunicorn's access log without secrets (`logger_class` in config/gunicorn.py).

Every atom that holds a URL has its query string and secret path segments
redacted (podium.core.logscrub); headers that carry credentials are dropped."""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from podium.core.logscrub import REDACTED, scrub_url

CREDENTIAL_HEADERS = ("authorization", "cookie", "set-cookie", "proxy-authorization")


class ScrubbingLogger(Logger):  # type: ignore[misc]
    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        for name, value in list(atoms.items()):
            bare = name.strip("{}").rsplit("}", 1)[0].lower()
            if bare.removeprefix("http_").replace("_", "-") in CREDENTIAL_HEADERS:
                atoms[name] = REDACTED
            elif name == "q" or bare == "query_string":
                atoms[name] = REDACTED if value else ""
            elif isinstance(value, str):
                atoms[name] = scrub_url(value)
        return atoms
