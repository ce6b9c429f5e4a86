"""`make audit-deps` (run by .ci/run): pip-audit over both locks, skipped plainly,
and without failing, only where the vulnerability service cannot be reached
(issue 13, item 17). No test here uses the network."""

from __future__ import annotations

import importlib.util
import io
import os
import subprocess
import urllib.error
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _probe_module() -> Any:
    spec = importlib.util.spec_from_file_location(
        "vulnerability_service", ROOT / "requirements" / "vulnerability_service.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Response(io.BytesIO):
    def __init__(self, status: int, body: bytes) -> None:
        super().__init__(body)
        self.status = status


def test_the_service_counts_as_reachable_only_when_it_answers_with_vulnerability_data(
    monkeypatch,
):
    probe = _probe_module()
    answers: list[Any] = [
        _Response(200, b'{"info": {}, "vulnerabilities": []}'),
        _Response(200, b"<html>a proxy's page</html>"),
        urllib.error.HTTPError(probe.PROBE, 404, "Not Found", {}, None),  # type: ignore[arg-type]
        urllib.error.URLError("no route"),
    ]

    def urlopen(url: str, timeout: float) -> Any:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(probe.urllib.request, "urlopen", urlopen)
    assert [probe.reachable() for _ in range(4)] == [True, False, False, False]


def test_make_audit_deps_says_plainly_when_it_is_skipped_and_does_not_fail():
    result = subprocess.run(
        ["make", "-s", "audit-deps"],
        cwd=ROOT,
        env={**os.environ, "PODIUM_VULNERABILITY_PROBE": "http://127.0.0.1:9/"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ("dependency audit skipped: vulnerability service unreachable")


def test_ci_runs_the_audit_and_it_fails_on_a_package_it_could_not_look_up():
    assert "make audit-deps" in (ROOT / ".ci" / "run").read_text()
    makefile = (ROOT / "Makefile").read_text()
    assert "pip-audit --strict --disable-pip --require-hashes" in makefile
    assert "-r requirements/base.lock -r requirements/dev.lock" in makefile
