"""`/api/v1/training` (mounted by `config/api.py`): `endpoints` are the operations
and what they accept and answer; `briefings` is `/api/v1/briefings`."""

from podium.training.api.briefings import router as briefings_router
from podium.training.api.endpoints import router

__all__ = ["briefings_router", "router"]
