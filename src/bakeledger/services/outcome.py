"""Shared run plumbing: one structured log record per outcome, idempotent replays (and telling a
caller that a call was one), and the rule that a run is reversed only once."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, ParamSpec, Protocol, TypeVar

import attrs
from loguru import logger

from bakeledger.domain.errors import BakeLedgerError, IdempotencyConflict, InvalidTransition


@contextmanager
def logged(what: str, log: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Log `log` once when the block ends: outcome `success`, or `rejected:<ErrorType>` and re-raise.

    The block may add fields (ids, costs as strings) to `log` as it learns them.
    """
    try:
        yield log
    except BakeLedgerError as exc:
        log_rejected(what, log, exc)
        raise
    logger.info(what, **log, outcome="success")


def log_rejected(what: str, log: dict[str, Any], exc: BakeLedgerError) -> None:
    """The one record of a refused call: `<what> rejected`, outcome `rejected:<ErrorType>`."""
    logger.info(f"{what} rejected", **log, outcome=f"rejected:{type(exc).__name__}")


P = ParamSpec("P")
T = TypeVar("T")
# the arguments that say what a refused call was about, and the log field each goes to (the
# success records' names: an `event` argument is logged as `event_id`)
_IDENTIFYING = {
    "event": "event_id",
    "event_id": "event_id",
    "assignment_id": "assignment_id",
    "recipe": "recipe",
    "finished_good": "finished_good",
    "recipient": "recipient",
    "package": "package",
    "product": "product",
}


def logs_rejection(what: str, op: str) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Log one `rejected:<ErrorType>` record when the decorated service refuses (its success
    record is logged inside it, with the ids it made), so every outcome leaves one record."""

    def decorate(service: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(service)
        def logged_service(*args: P.args, **kwargs: P.kwargs) -> T:
            try:
                return service(*args, **kwargs)
            except BakeLedgerError as exc:
                about = {
                    field: _loggable(kwargs[arg]) for arg, field in _IDENTIFYING.items() if arg in kwargs
                }
                log_rejected(what, {"op": op, **about}, exc)
                raise

        return logged_service

    return decorate


def _loggable(value: Any) -> Any:
    """An argument as it may go into a log record: ints as they are, anything else as short text."""
    return value if isinstance(value, int) else str(value)[:80]


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


@attrs.frozen
class Recorded(Generic[T]):
    """What a keyed write returned, and whether it was a replay: the result an earlier call with
    the same idempotency key and arguments made, returned again with nothing written."""

    value: T
    replayed: bool = False


def value_only(service: Callable[P, Recorded[T]], name: str) -> Callable[P, T]:
    """The plain form, called `name`, of a service that returns `Recorded`: the same arguments,
    answering the value only (for callers that need not know whether it was a replay)."""

    @functools.wraps(service)
    def plain(*args: P.args, **kwargs: P.kwargs) -> T:
        return service(*args, **kwargs).value

    plain.__name__ = plain.__qualname__ = name
    return plain


def refuse_second_reversal(what: str, run_id: int, *, reversed: bool) -> None:
    """A run is reversed once: reversing it again is an InvalidTransition."""
    if reversed:
        raise InvalidTransition(
            current="reversed",
            requested="reversed",
            allowed=[],
            message=f"{what} {run_id} is already reversed",
        )
