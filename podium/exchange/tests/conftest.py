import pytest


@pytest.fixture(autouse=True)
def _exchange_files(settings, tmp_path):
    settings.PODIUM_PRIVATE_DIR = tmp_path / "private"
    settings.PODIUM_EXCHANGE_KEY_FILE = str(tmp_path / "exchange" / "key.pem")
