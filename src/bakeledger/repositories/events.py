"""Events, their targets and assignments."""

from __future__ import annotations

from bakeledger.repositories.base import SqlRepository


class EventRepo(SqlRepository):
    pass
