"""Every environment variable Podium reads is documented in .env.example."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READERS = re.compile(
    r"""(?:env_str|env_bool|env_int|env_list|os\.environ\.get|os\.environ\.setdefault)\(\s*["']([A-Z][A-Z0-9_]+)["']"""
)
NOT_SETTINGS = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "CI"}


def test_every_variable_is_documented():
    sources = [
        *ROOT.glob("config/*.py"),
        *ROOT.glob("podium/**/*.py"),
        ROOT / "tests/browser/conftest.py",
    ]
    read = {
        name
        for path in sources
        if "/tests/" not in str(path) or path.name == "conftest.py"
        for name in READERS.findall(path.read_text())
        if "testing" not in path.parts
    }
    documented = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read - NOT_SETTINGS - documented == set()
