"""`/api/v1/`: the one API, assembled from each app's router (the top layer).

An app adds its operations by writing a `Router` in its own `api` package (built
from `podium.api.kit` only) and adding one line here; see `podium/api/README.md`.
"""

from __future__ import annotations

from podium.api.accounts import router as accounts_router
from podium.api.kit import PodiumAPI
from podium.concerns.api import router as concerns_router
from podium.events.api import router as events_router
from podium.exchange.api import router as exchange_router
from podium.governance.api import complaints_router
from podium.governance.api import router as governance_router
from podium.research.api import lookup_router as research_lookup_router
from podium.research.api import router as research_router
from podium.sharing.api import agreements_router, disclosures_router, requests_router
from podium.speakers.api import router as speakers_router
from podium.subject_access.api import router as subject_access_router
from podium.training.api import briefings_router
from podium.training.api import router as training_router

api = PodiumAPI(
    title="Podium API",
    version="1",
    description=(
        "People, organisational units, role assignments, event requests and the Prevent "
        "risk assessment. "
        "Authenticate with a "
        "personal API token: `Authorization: Bearer <token>`. Errors are "
        '`{"errors": [{"field": "email", "message": "…"}]}`; `field` is null when '
        "the message is about the whole request."
    ),
    urls_namespace="api-v1",
)

api.add_router("", accounts_router)
api.add_router("/training", training_router)
api.add_router("/briefings", briefings_router)
api.add_router("/event-requests", events_router)
api.add_router("/speakers", speakers_router)
api.add_router("/subject-access-requests", subject_access_router)
api.add_router("/concerns", concerns_router)
api.add_router("/disclosures", disclosures_router)
api.add_router("/speaker-information-requests", requests_router)
api.add_router("/sharing-agreements", agreements_router)
api.add_router("/exchange", exchange_router)
api.add_router("/research-registrations", research_router)
api.add_router("/research-lookups", research_lookup_router)
api.add_router("/risk-assessment", governance_router)
api.add_router("/complaints", complaints_router)
