"""One request, one unit of work: how a handler reaches the ledger, and the shapes it answers in."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

import attrs
from litestar import Request, Response

from bakeledger.app.http.body import BODY_KEYS
from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import ValidationError

T = TypeVar("T")
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


def ledger_of(request: Request[Any, Any, Any]) -> Ledger:
    ledger: Ledger = request.app.state.ledger
    return ledger


def read(request: Request[Any, Any, Any], fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call a service in a read-only unit of work of its own."""
    with ledger_of(request).uow(read_only=True) as uow:
        return fn(uow, *args, **kwargs)


def write(request: Request[Any, Any, Any], fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call a service in one unit of work and commit it (re-run on a transient conflict)."""
    return ledger_of(request).run(fn, *args, **kwargs)


def created(request: Request[Any, Any, Any], dto: T, location: str) -> Response[T]:
    return Response(dto, status_code=201, headers={"Location": location})


def given(request: Request[Any, Any, Any], data: Any) -> dict[str, Any]:
    """The fields of a PATCH body the client actually sent (absent ones are left unchanged)."""
    keys = request.state.get(BODY_KEYS, set())
    return {name: value for name, value in attrs.asdict(data, recurse=False).items() if name in keys}


@attrs.frozen
class Page(Generic[T]):
    """One page of a list: the items, and the URL of the next page (null on the last)."""

    items: list[T]
    next: str | None


def page(request: Request[Any, Any, Any], items: Sequence[T], limit: int, offset: int) -> Page[T]:
    _check_window(limit, offset)
    return _page(request, list(items[offset : offset + limit]), limit, offset, offset + limit < len(items))


def paged(
    request: Request[Any, Any, Any], fetch: Callable[[int, int], Sequence[T]], limit: int, offset: int
) -> Page[T]:
    """One page of a list the service pages itself: `fetch(limit, offset)` is asked for one item
    more than the page holds, which tells whether another page follows."""
    _check_window(limit, offset)
    items = list(fetch(limit + 1, offset))
    return _page(request, items[:limit], limit, offset, len(items) > limit)


def _check_window(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationError(field="limit", value=limit, message=f"limit must be 1 to {MAX_LIMIT}")
    if offset < 0:
        raise ValidationError(field="offset", value=offset, message="offset must be 0 or more")


def _page(request: Request[Any, Any, Any], chunk: list[T], limit: int, offset: int, more: bool) -> Page[T]:
    following = None
    if more:
        query = {**dict(request.query_params.items()), "limit": str(limit), "offset": str(offset + limit)}
        following = f"{request.url.path}?{urlencode(query)}"
    return Page(items=chunk, next=following)
