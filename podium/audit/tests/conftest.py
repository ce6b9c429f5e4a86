import pytest


@pytest.fixture(autouse=True)
def _made_up_codes(settings):
    # These tests are about the chain and checkpoints; their codes (test.*) are
    # made up, not declared (podium/audit/codes.py).
    settings.PODIUM_AUDIT_CHECK_CODES = False
