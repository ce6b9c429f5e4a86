"""`/api/v1/speakers` (registered in `podium.api.v1`)."""

from podium.speakers.api.endpoints import router

__all__ = ["router"]
