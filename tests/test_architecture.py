"""The layers hold: no lower layer imports a higher one, no two apps import each
other, and every import inside a function says why (docs/architecture.md, "Layers").
The checker itself is podium/testing/architecture.py."""

from __future__ import annotations

from pathlib import Path

from podium.testing.architecture import LAYERS, check

ROOT = Path(__file__).resolve().parent.parent


def test_the_layers_hold():
    problems = check(ROOT)
    assert not problems, "The import graph breaks the layers:\n" + "\n".join(problems)


def write(root: Path, relative: str, source: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")


def test_the_checker_reports_every_kind_of_forbidden_import(tmp_path):
    write(tmp_path, "podium/__init__.py", "")
    write(tmp_path, "config/urls.py", "from podium.home import views\n")
    # The ground floor reaches up to an app, under TYPE_CHECKING too.
    write(
        tmp_path,
        "podium/core/navigation.py",
        "from typing import TYPE_CHECKING\n"
        "from podium.core import registry\n"
        "if TYPE_CHECKING:\n"
        "    from podium.accounts.models import User\n",
    )
    write(tmp_path, "podium/core/views.py", "import podium.events.selectors\n")
    # Two apps import each other, one of them late and without a word why.
    write(tmp_path, "podium/events/services.py", "from podium.speakers import services\n")
    write(
        tmp_path,
        "podium/speakers/services.py",
        "def f():\n    from podium.events import services\n",
    )
    # Explained late imports are fine, a comment above covering the block below it.
    write(
        tmp_path,
        "podium/training/apps.py",
        "def ready():\n"
        "    # Imported here: apps.py is loaded before the models are.\n"
        "    from podium.core import registry\n"
        "    from podium.training import demo\n"
        "    from podium.accounts import permissions  # the roles' names\n",
    )
    # Production code never uses the test helpers; tests and migrations are not checked.
    write(tmp_path, "podium/accounts/demo.py", "from podium.testing import factories\n")
    write(tmp_path, "podium/core/tests/test_x.py", "from podium.events import models\n")
    write(tmp_path, "podium/core/migrations/0001.py", "from podium.events import models\n")
    write(tmp_path, "podium/unlayered/models.py", "from podium.core import models\n")

    problems = check(tmp_path)

    assert problems == [
        "podium/accounts/demo.py:1: imports podium.testing (factories), which is for tests only",
        "podium/core/navigation.py:4: podium.core (layer 1) imports podium.accounts.models (User)"
        " (under TYPE_CHECKING), a higher layer (podium.accounts, layer 3)",
        "podium/core/views.py:1: podium.core (layer 1) imports podium.events.selectors,"
        " a higher layer (podium.events, layer 9)",
        "podium/speakers/services.py:2: imports podium.events (services) inside a function"
        " with no comment saying why",
        "podium/speakers/services.py:2: podium.speakers (layer 8) imports podium.events (services),"
        " a higher layer (podium.events, layer 9)",
        "podium/unlayered/models.py:1: podium.unlayered is in no layer (add it to LAYERS)",
        "podium.events and podium.speakers import each other"
        " (podium/events/services.py:1 and podium/speakers/services.py:2)",
    ]


def test_the_layer_order_is_the_documented_one():
    docs = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = docs.split("## Layers", 1)[1].split("\n## ", 1)[0]
    positions = [section.index(f"| `{app}` |") for app in LAYERS]
    assert positions == sorted(positions), "docs/architecture.md lists the layers in another order"
