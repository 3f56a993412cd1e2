"""Production and assembly runs."""

from __future__ import annotations

from bakeledger.repositories.base import SqlRepository


class ProductionRunRepo(SqlRepository):
    pass


class AssemblyRunRepo(SqlRepository):
    pass
