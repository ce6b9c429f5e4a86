"""`/api/v1/risk-assessment` and `/api/v1/complaints` (mounted by `config/api.py`):
`endpoints` and `complaints` are the operations and what they answer."""

from podium.governance.api.complaints import router as complaints_router
from podium.governance.api.endpoints import router

__all__ = ["complaints_router", "router"]
