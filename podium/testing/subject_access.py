"""Test helpers for subject access requests."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from podium.accounts.models import User
from podium.accounts.roles import Role
from podium.subject_access import services
from podium.subject_access.models import IdentityMethod, SubjectAccessRequest
from podium.testing import factories


def make_dpo() -> User:
    return factories.make_person_with_role(
        Role.DATA_PROTECTION_OFFICER, factories.make_institution()
    )


def logged_request(
    *, dpo: User | None = None, days_ago: int = 5, **facts: str
) -> SubjectAccessRequest:
    return services.log_request(
        acting_user=dpo or make_dpo(),
        requester_name=facts.get("requester_name", "Rita Requester"),
        requester_email=facts.get("requester_email", "rita.requester@example.ac.uk"),
        staff_number=facts.get("staff_number", ""),
        details=facts.get("details", "Everything you hold about me."),
        received_on=timezone.localdate() - timedelta(days=days_ago),
    )


def searched_request() -> SubjectAccessRequest:
    """A request with identity checked, searched: one user found by e-mail, undecided.
    Its `logged_by` is the DPO."""
    dpo = make_dpo()
    factories.make_user(email="rita.requester@example.ac.uk", full_name="Rita Requester")
    sar = logged_request(dpo=dpo)
    sar = services.check_identity(acting_user=dpo, sar=sar, method=IdentityMethod.PHOTO_ID)
    services.run_search(acting_user=dpo, sar=sar)
    sar.refresh_from_db()
    return sar


def confirmed_request() -> SubjectAccessRequest:
    """`searched_request`, every result confirmed as the requester."""
    sar = searched_request()
    for candidate in sar.candidates.all():
        services.decide_candidate(
            acting_user=sar.logged_by, sar=sar, candidate_id=candidate.pk, confirmed=True
        )
    sar.refresh_from_db()
    return sar


def reviewed_request() -> SubjectAccessRequest:
    """`confirmed_request`, its export reviewed."""
    sar = confirmed_request()
    services.mark_reviewed(acting_user=sar.logged_by, sar=sar)
    sar.refresh_from_db()
    return sar
