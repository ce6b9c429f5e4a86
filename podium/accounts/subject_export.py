"""Subject access (`podium/core/subject_export.py`): finding a person among the
people who sign in, and what accounts holds about them."""

from __future__ import annotations

from podium.accounts.models import User
from podium.core.subject_export import (
    ExportMapping,
    Hit,
    NameScorer,
    SearchTerms,
    name_prefilter,
    scored_once,
)

USER = "accounts.User"
_LIMIT = 50


def find_users(terms: SearchTerms, scorer: NameScorer) -> list[Hit]:
    hits: dict[int, Hit] = {}
    if terms.email:
        for user in User.objects.filter(email__iexact=terms.email).order_by()[:_LIMIT]:
            hits[user.pk] = Hit(
                USER, user.pk, f"{user.full_name} <{user.email}>", "e-mail address", 1.0
            )
    condition = name_prefilter("full_name", terms.name)
    if condition is not None:
        score_name = scored_once(scorer)
        rows = User.objects.filter(condition).exclude(pk__in=list(hits))
        for pk, full_name, email in rows.values_list("pk", "full_name", "email")[:2000]:
            score = score_name(terms.name, full_name)
            if score >= terms.threshold:
                label = f"{full_name} <{email}>"
                hits[pk] = Hit(USER, pk, label, f"name, {round(score * 100)}%", score)
    return sorted(hits.values(), key=lambda hit: (-hit.score, hit.label))[:_LIMIT]


MAPPINGS = [
    ExportMapping(
        USER,
        "Your account",
        {USER: ("pk",)},
        context=("is_active", "date_joined", "deactivated_at"),
    ),
    ExportMapping(
        "accounts.RoleAssignment",
        "Roles you hold or granted",
        {USER: ("user", "granted_by", "revoked_by")},
        context=("role", "unit", "granted_at", "revoked_at"),
    ),
    ExportMapping(
        "accounts.RoleSecurityPolicy",
        "Sign-in rules you changed",
        {USER: ("changed_by",)},
        context=("role", "mfa_required", "changed_at"),
    ),
]
