"""Shared service plumbing: one structured log record per outcome, and idempotent replays."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from loguru import logger

from bakeledger.domain.errors import BakeLedgerError, IdempotencyConflict


@contextmanager
def logged(what: str, log: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Log `log` once when the block ends: outcome `success`, or `rejected:<ErrorType>` and re-raise.

    The block may add fields (ids, costs as strings) to `log` as it learns them.
    """
    try:
        yield log
    except BakeLedgerError as exc:
        logger.info(f"{what} rejected", **log, outcome=f"rejected:{type(exc).__name__}")
        raise
    logger.info(what, **log, outcome="success")


class _Keyed(Protocol):
    id: int
    request_fingerprint: str | None


class _KeyedRuns(Protocol):
    def find_by_key(self, idempotency_key: str) -> Any: ...


def replayed_run_id(runs: _KeyedRuns, key: str | None, fingerprint: str) -> int | None:
    """The run an idempotency key already made with the same arguments (None if the key is new).

    The same key with different arguments is an `IdempotencyConflict`.
    """
    if key is None:
        return None
    earlier: _Keyed | None = runs.find_by_key(key)
    if earlier is None:
        return None
    if earlier.request_fingerprint != fingerprint:
        raise IdempotencyConflict(key=key)
    return earlier.id
