"""Reads of the audit log, scoped to what the viewer may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from pprint import pformat
from typing import Any
from urllib.parse import quote

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from podium.accounts import permissions
from podium.accounts.models import OrgUnit, User, normalise_email
from podium.accounts.roles import Capability
from podium.audit import codes
from podium.audit.models import AuditAnchor, AuditEntry
from podium.audit.pruning import newest_anchor
from podium.core.display import DateText
from podium.core.pagination import Page, keyset_page


def visible_entries(*, viewer: User | AnonymousUser) -> QuerySet[AuditEntry]:
    """Entries about units in the viewer's audit scope; entries about no unit
    (people, sign-ins) only for those who may read the whole institution's log."""
    if permissions.can_institution_wide(viewer, Capability.VIEW_AUDIT):
        return AuditEntry.objects.all()
    # A list of unit ids, not a join on the unit's path: the (unit, sequence)
    # index then serves every page.
    units = list(
        permissions.units_where(viewer, Capability.VIEW_AUDIT).values_list("pk", flat=True)
    )
    return AuditEntry.objects.filter(unit__in=units)


def pruned_behind() -> AuditAnchor | None:
    """The newest anchor, when the log's oldest entries were pruned (its retention):
    the page says which and when, and that verification starts from it."""
    return newest_anchor()


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    action: str = ""
    unit: OrgUnit | None = None
    target: str = ""  # "app.model:pk", e.g. "accounts.orgunit:5"
    since: date | None = None
    until: date | None = None


def entries_page(
    *,
    viewer: User | AnonymousUser,
    filters: AuditFilter,
    after: str | None = None,
    before: str | None = None,
) -> Page[AuditEntry]:
    entries = visible_entries(viewer=viewer).select_related("unit", "actor")
    if filters.actor:
        # By the person's id, so the (actor, sequence) index serves the filter.
        entries = entries.filter(actor__email=normalise_email(filters.actor))
    if filters.action:
        entries = entries.filter(action__startswith=filters.action.strip())
    if filters.unit is not None:
        entries = entries.filter(unit__path__startswith=filters.unit.path)
    if filters.target:
        target_type, _, target_id = filters.target.partition(":")
        entries = entries.filter(target_type=target_type, target_id=target_id)
    if filters.since:
        entries = entries.filter(
            created_at__gte=timezone.make_aware(datetime.combine(filters.since, time.min))
        )
    if filters.until:
        entries = entries.filter(
            created_at__lte=timezone.make_aware(datetime.combine(filters.until, time.max))
        )
    return keyset_page(entries, field="sequence", after=after, before=before, descending=True)


def history_for(
    *, viewer: User | AnonymousUser, target: Model, also: Q | None = None, size: int = 10
) -> list[AuditEntry] | None:
    """The newest entries about one record, for the history panel on its page
    (`also` widens it, e.g. to everything done in a unit); None when the viewer
    may not read the audit log at all."""
    if not permissions.has_capability(viewer, Capability.VIEW_AUDIT):
        return None
    about = Q(target_type=target._meta.label_lower, target_id=str(target.pk))
    return list(
        visible_entries(viewer=viewer)
        .select_related("actor")
        .filter(about | also if also is not None else about)
        .order_by("-sequence")[:size]
    )


def target_key(target: Model) -> str:
    """How the audit log's filter names a record: "app.model:pk"."""
    return f"{target._meta.label_lower}:{target.pk}"


@dataclass(frozen=True)
class EntryView:
    """An entry as the audit page shows it: a sentence for people, and the record's
    page only if the reader may open it. The code stays for filters and exports.
    The rest is the row's text worked out once per page (issue 20: the template
    only prints values, no filters or lookups through the entry per cell)."""

    entry: AuditEntry
    sentence: str
    label: str
    url: str
    data: dict[str, Any]  # what its code declares (older entries may hold more)
    withheld: bool
    when: str = ""  # "j M Y, H:i:s", as the `date` filter writes it
    who: str = ""  # the actor's label, or "Podium"
    action_query: str = ""  # the code, quoted for "?action="
    data_text: str = ""  # `data` as the `pprint` filter writes it
    target: str = ""  # "app.model:id", or "" for an entry about no record
    unit: str = ""


def describe(*, viewer: User | AnonymousUser, entries: list[AuditEntry]) -> list[EntryView]:
    """Sentences and links for a page of entries (a query per record type linked)."""
    urls = codes.links_for(viewer, [(e.target_type, e.target_id) for e in entries])
    dates = DateText()
    views = []
    for entry in entries:
        data, withheld = codes.shown_data(entry)
        views.append(
            EntryView(
                entry=entry,
                sentence=codes.sentence_for(entry),
                label=codes.label_for(entry),
                url=urls.get((entry.target_type, entry.target_id), ""),
                data=data,
                withheld=withheld,
                when=dates.second(entry.created_at),
                who=entry.actor_label or "Podium",
                action_query=quote(entry.action, safe="/"),
                data_text=pformat(data) if data else "",
                target=f"{entry.target_type}:{entry.target_id}" if entry.target_type else "",
                unit=entry.unit.name if entry.unit is not None else "",
            )
        )
    return views
