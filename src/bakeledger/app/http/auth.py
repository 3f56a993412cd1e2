"""Deny by default: every route needs a token whose role may call it, unless it is marked public.

A route states the role it needs in its `opt` (`opt=BAKER`); without one, a GET needs the viewer
role and anything else the owner role. Credentials are a bearer token or the session cookie set at
login (it holds the same token, HttpOnly). Failed attempts are counted per client address: after a
few, that address waits before it may try again.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Any

import anyio.to_thread
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from bakeledger.domain.access import role_allows
from bakeledger.domain.errors import NotAllowed, NotAuthenticated, TooManyAttempts
from bakeledger.services import access

PUBLIC: dict[str, Any] = {"public": True}
VIEWER: dict[str, Any] = {"role": "viewer"}
BAKER: dict[str, Any] = {"role": "baker"}
OWNER: dict[str, Any] = {"role": "owner"}
SESSION_COOKIE = "bakeledger_session"
CALLER = "caller"  # connection state: the TokenDTO of whoever is calling
_NS = 1_000_000_000


class Throttle:
    """Failed attempts per client address in a sliding window; too many → wait.

    Times are whole nanoseconds of the monotonic clock."""

    def __init__(self, *, attempts: int = 5, window_s: int = 60) -> None:
        self.attempts, self.window_ns = attempts, window_s * _NS
        self._failures: dict[str, deque[int]] = {}
        self._lock = threading.Lock()

    def check(self, address: str) -> None:
        with self._lock:
            now = time.monotonic_ns()
            recent = self._recent(address, now)
            if len(recent) >= self.attempts:
                wait_s = (recent[0] + self.window_ns - now) // _NS + 1
                raise TooManyAttempts(retry_after=max(1, wait_s))

    def failed(self, address: str) -> None:
        with self._lock:
            now = time.monotonic_ns()
            self._recent(address, now).append(now)

    def _recent(self, address: str, now: int) -> deque[int]:
        recent = self._failures.setdefault(address, deque())
        while recent and recent[0] <= now - self.window_ns:
            recent.popleft()
        return recent


def needed_role(handler: BaseRouteHandler) -> str | None:
    """The role a route needs, or None for a public one."""
    if handler.opt.get("public"):
        return None
    role = handler.opt.get("role")
    if role:
        return str(role)
    methods: set[str] = set(getattr(handler, "http_methods", ()))
    return "viewer" if methods and methods <= {"GET", "HEAD"} else "owner"


def credentials(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    header = connection.headers.get("authorization")
    if header:
        scheme, _, value = header.partition(" ")
        return value.strip() if scheme.lower() == "bearer" and value.strip() else ""
    return connection.cookies.get(SESSION_COOKIE)


async def guard(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """The app-wide guard: who is calling, and may their role call this route (the token is looked
    up in a worker thread, as handlers run, so the event loop never waits on the database)."""
    needed = needed_role(handler)
    if needed is None:
        return
    caller = await anyio.to_thread.run_sync(identify, connection)
    if not role_allows(caller.role, needed):
        raise NotAllowed(role=caller.role, needed=needed)


def identify(connection: ASGIConnection[Any, Any, Any, Any]) -> Any:
    """The caller's token (TokenDTO), checked in a read-only unit of work of its own."""
    throttle: Throttle = connection.app.state.throttle
    address = connection.client.host if connection.client else "unknown"
    secret = credentials(connection)
    if secret is None:
        raise NotAuthenticated()
    throttle.check(address)
    ledger = connection.app.state.ledger
    try:
        with ledger.uow(read_only=True) as uow:
            caller = access.authenticate(uow, secret=secret)
    except NotAuthenticated:
        throttle.failed(address)
        raise
    connection.state[CALLER] = caller
    return caller
