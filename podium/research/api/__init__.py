"""`/api/v1/research-registrations` and `/api/v1/research-lookups` (mounted by
`config/api.py`)."""

from podium.research.api.endpoints import lookup_router, router

__all__ = ["lookup_router", "router"]
