"""`/api/v1/concerns` (mounted by `config/api.py`): `endpoints` are the operations."""

from podium.concerns.api.endpoints import router

__all__ = ["router"]
