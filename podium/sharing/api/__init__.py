"""`/api/v1/disclosures`, `/api/v1/speaker-information-requests` and
`/api/v1/sharing-agreements` (mounted by `config/api.py`): `endpoints` are the
operations and what they accept and answer."""

from podium.sharing.api import writes
from podium.sharing.api.endpoints import agreements_router, disclosures_router, requests_router

assert writes  # adds the write operations to the routers

__all__ = ["agreements_router", "disclosures_router", "requests_router"]
