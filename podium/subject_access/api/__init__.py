"""`/api/v1/subject-access-requests` (mounted by `config/api.py`): the request log."""

from podium.subject_access.api.endpoints import router

__all__ = ["router"]
