"""`/api/v1/event-requests` (registered in `podium.api.v1`): `endpoints` are the
operations, `input` what they accept, `output` what they answer."""

from podium.events.api.endpoints import router

__all__ = ["router"]
