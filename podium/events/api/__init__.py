"""`/api/v1/event-requests` (mounted by `config/api.py`): `endpoints` are the
operations, `input` what they accept, `output` what they answer."""

from podium.events.api.endpoints import router

__all__ = ["router"]
