"""The codes written by this app: its signal receivers (sign-in, passwords, MFA)
and the pruning of the log's oldest entries behind an anchor (counts only)."""

from __future__ import annotations

from podium.audit.codes import code

CODES = [
    code("accounts.session.signed_in", "{actor} signed in", ["ip"]),
    code("accounts.session.signed_out", "{actor} signed out", ["ip"]),
    code("accounts.session.sign_in_failed", "A sign-in failed", ["email", "ip"]),
    code("accounts.password.changed", "{actor} changed their password"),
    code("accounts.password.reset", "The password of {target} was reset"),
    code("accounts.mfa.added", "{actor} added a second sign-in step", ["kind"]),
    code("accounts.mfa.removed", "{actor} removed a second sign-in step", ["kind"]),
    code(
        "audit.log.pruned",
        "Podium pruned the audit log's oldest entries past its retention: {target}",
        ["pruned", "through_sequence"],
        describe=lambda data: (
            f"Podium pruned {data['pruned']:,} audit entries past the log's retention, "
            f"through entry {data['through_sequence']}, behind a signed anchor"
        ),
    ),
    code(
        "audit.anchors.resigned",
        "The audit log's anchors were re-signed with a new secret key",
        ["resigned", "already"],
        describe=lambda data: (
            f"{data['resigned']:,} audit log anchor{'' if data['resigned'] == 1 else 's'} "
            "re-signed with the new secret key, each checked under the old one first"
        ),
    ),
]
