"""`/api/v1/speakers` (mounted by `config/api.py`)."""

from podium.speakers.api.endpoints import router

__all__ = ["router"]
