"""`/api/v1/training` (mounted by `config/api.py`): `endpoints` are the operations
and what they accept and answer."""

from podium.training.api.endpoints import router

__all__ = ["router"]
