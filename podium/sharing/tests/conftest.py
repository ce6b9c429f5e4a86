import pytest


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PODIUM_PRIVATE_DIR = tmp_path / "private"
