"""`/api/v1/risk-assessment` (mounted by `config/api.py`): `endpoints` are the
operations and what they answer."""

from podium.governance.api.endpoints import router

__all__ = ["router"]
