"""Keyset pagination: page 1,000 costs what page 1 costs (QUALITY.md, performance).

A page is asked for by a cursor naming the last (or first) row already seen, never
by an offset. Cursors are signed, so a tampered one is simply ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from django.core import signing
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

T = TypeVar("T", bound=Model)
_SALT = "podium.pagination"


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None
    previous_cursor: str | None

    @property
    def is_paginated(self) -> bool:
        return bool(self.next_cursor or self.previous_cursor)


def _cursor(item: Model, field: str) -> str:
    value = getattr(item, field)
    # JSON has no dates: carry one as ISO 8601 text, marked so it reads back as one.
    if isinstance(value, datetime):
        value = {"datetime": value.isoformat()}
    elif isinstance(value, date):
        value = {"date": value.isoformat()}
    return signing.dumps([value, item.pk], salt=_SALT, compress=True)


def _read(cursor: str | None) -> tuple[Any, Any] | None:
    if not cursor:
        return None
    try:
        value, pk = signing.loads(cursor, salt=_SALT)
        if isinstance(value, dict) and "date" in value:
            value = date.fromisoformat(value["date"])
        elif isinstance(value, dict):
            value = datetime.fromisoformat(value["datetime"])
    except (signing.BadSignature, ValueError, TypeError, KeyError):
        return None
    return value, pk


def _beyond(field: str, value: Any, pk: Any, direction: str) -> Q:
    """Rows after (`value`, `pk`) in `direction` ("gt" or "lt"). Written as
    `field >= value AND (field > value OR pk > pk0)` rather than a bare OR, so
    that both SQLite and PostgreSQL use the (field, pk) index as a range scan."""
    inclusive = f"{field}__{direction}e"
    return Q(**{inclusive: value}) & (
        Q(**{f"{field}__{direction}": value}) | Q(**{f"pk__{direction}": pk})
    )


def keyset_page(
    queryset: QuerySet[T],
    *,
    field: str,
    after: str | None = None,
    before: str | None = None,
    size: int = 50,
    descending: bool = False,
) -> Page[T]:
    """One page of `queryset` in (`field`, pk) order, ascending or descending.

    `field` must be a plain column of text, numbers or date-times; an index on
    (`field`, pk) keeps every page an index range scan.
    """
    forward = [f"-{field}", "-pk"] if descending else [field, "pk"]
    backward = [field, "pk"] if descending else [f"-{field}", "-pk"]
    ahead, behind = ("lt", "gt") if descending else ("gt", "lt")
    position = _read(after)
    backwards = False
    if position is None and (position := _read(before)) is not None:
        backwards = True
    if position is None:
        rows = list(queryset.order_by(*forward)[: size + 1])
        has_more_forward, has_more_back = len(rows) > size, False
        rows = rows[:size]
    elif not backwards:
        value, pk = position
        rows = list(
            queryset.filter(_beyond(field, value, pk, ahead)).order_by(*forward)[: size + 1]
        )
        has_more_forward, has_more_back = len(rows) > size, True
        rows = rows[:size]
    else:
        value, pk = position
        rows = list(
            queryset.filter(_beyond(field, value, pk, behind)).order_by(*backward)[: size + 1]
        )
        has_more_forward, has_more_back = True, len(rows) > size
        rows = rows[:size][::-1]
    return Page(
        items=rows,
        next_cursor=_cursor(rows[-1], field) if rows and has_more_forward else None,
        previous_cursor=_cursor(rows[0], field) if rows and has_more_back else None,
    )


def page_query(request: HttpRequest) -> str:
    """The request's query without its cursors: what the pager's links carry on."""
    query = request.GET.copy()
    query.pop("after", None)
    query.pop("before", None)
    return query.urlencode()
