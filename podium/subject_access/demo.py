"""The subject access part of `podium demo`: a request in progress from the demo's
recurring speaker (Muhammad al-Hasan, `podium/events/speakers/demo.py`), written to
the DPO under another spelling of the name, so the search shows the register's
matching at work. Idempotent: nothing is added when the request is there."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from podium.accounts.demo import PERSONAS
from podium.accounts.models import User
from podium.subject_access import services
from podium.subject_access.models import IdentityMethod, SubjectAccessRequest

REQUESTER = "Mohamed Al-Hassan"
SPEAKER = "Muhammad al-Hasan"


def demo_step(password: str) -> list[str]:
    if SubjectAccessRequest.objects.filter(requester_name=REQUESTER).exists():
        return []
    dpo_email = next(p.email for p in PERSONAS if p.local_part == "dpo")
    dpo = User.objects.filter(email=dpo_email).first()
    if dpo is None:
        return []
    sar = services.log_request(
        acting_user=dpo,
        requester_name=REQUESTER,
        requester_email="m.alhasan@northshire.example.ac.uk",
        details="Everything the university holds about me from my visits as a guest speaker.",
        received_on=timezone.localdate() - timedelta(days=20),
    )
    sar = services.check_identity(acting_user=dpo, sar=sar, method=IdentityMethod.PHOTO_ID)
    services.run_search(acting_user=dpo, sar=sar)
    for candidate in sar.candidates.filter(kind="speakers.Speaker", label=SPEAKER):
        services.decide_candidate(
            acting_user=dpo, sar=sar, candidate_id=candidate.pk, confirmed=True
        )
    sar.refresh_from_db()
    return [
        f"Logged subject access request {sar.reference} from {REQUESTER} (the recurring "
        f"speaker), due {sar.due_on:%d %B %Y}: ready for the DPO to review the export."
    ]
