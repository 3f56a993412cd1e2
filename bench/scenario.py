"""A benchmarked operation: the bakeledger service call and the hand-written raw-SQL version of the
same work, and which size axis (lots, runs or events) it is measured along."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bakeledger.uow.base import UnitOfWork
from bench.raw import Raw


@dataclass(frozen=True)
class Scenario:
    name: str
    axis: str  # "lots" | "runs" | "events"
    writes: bool
    ours: Callable[[UnitOfWork], Any]  # returns the service's DTO
    theirs: Callable[[Raw], Any]  # returns the same content as plain dicts
    generated: tuple[
        str, ...
    ] = ()  # fields that differ between two runs of the same work (ids, uuids, times)

    def comparable(self, result: Any) -> Any:
        """`result` without the generated fields, for checking both sides did the same work."""
        if isinstance(result, list):
            return [self.comparable(item) for item in result]
        if isinstance(result, dict):
            return {k: self.comparable(v) for k, v in result.items() if k not in self.generated}
        return result
