"""Fault injection: make the k-th write statement on an engine fail, to prove atomicity."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from bakeledger.uow.engine import WRITE_VERBS


class InjectedFault(RuntimeError):
    """The failure a test forced (never raised by bakeledger itself)."""


class WriteCounter:
    def __init__(self, fail_at: int | None) -> None:
        self.fail_at = fail_at
        self.writes = 0
        self.fired = False

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().split(None, 1)[0].upper() not in WRITE_VERBS:
            return
        self.writes += 1
        if self.fail_at is not None and self.writes == self.fail_at:
            self.fired = True
            raise InjectedFault(f"injected failure at write #{self.writes}: {statement.split()[0:3]}")


@contextmanager
def fail_on_write(engine: Engine, k: int | None) -> Iterator[WriteCounter]:
    """Within the block, the k-th INSERT/UPDATE/DELETE on `engine` raises InjectedFault.

    With k=None nothing fails and the counter just counts writes (to learn how many there are).
    """
    counter = WriteCounter(k)
    event.listen(engine, "before_cursor_execute", counter)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", counter)


def assert_unchanged_when_write_fails(
    engine: Engine, fresh: Engine, k: int, action: Callable[[], Any]
) -> None:
    """Run `action` with its k-th write failing; the database seen through `fresh` must not change."""
    from tests.helpers import dump

    before = dump(fresh)
    with fail_on_write(engine, k) as counter, pytest.raises(InjectedFault):
        action()
    assert counter.fired
    assert dump(fresh) == before
