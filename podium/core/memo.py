"""Figures read once per page view, however many parts of the page ask for them.

The navigation (on every page) and the home page's waiting lines and cards ask
the same questions of several apps: how many requests wait for me, how many
messages are unread, how many actions are overdue. Each app's selector that
answers one is decorated with `per_request`; while a page is being served
(`podium.core.middleware.request_middleware` opens the memo for GET and HEAD
requests) the first answer is kept and later calls with the same arguments get it
without a query.

Only reads are served from the memo: a POST (which changes things, then may show a
page) opens none, and outside a request (services, jobs, tests calling a selector
directly) every call asks the database. The memo lives for one request only, so
nothing needs invalidating across requests.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_memo: ContextVar[dict[Any, Any] | None] = ContextVar("podium_request_memo", default=None)


@contextmanager
def request_memo() -> Iterator[None]:
    """Keep `per_request` answers until the block ends (one page view)."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def per_request(function: Callable[P, R]) -> Callable[P, R]:
    """Answer repeated calls with the same arguments (model instances compare by
    primary key) from the memo, while one is open."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        memo = _memo.get()
        if memo is None:
            return function(*args, **kwargs)
        key = (function, args, tuple(sorted(kwargs.items())))
        try:
            return memo[key]  # type: ignore[no-any-return]
        except KeyError:
            memo[key] = result = function(*args, **kwargs)
            return result
        except TypeError:  # an argument that cannot be a key (an unsaved row)
            return function(*args, **kwargs)

    return wrapper
