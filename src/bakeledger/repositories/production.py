"""Production runs: the record of each bake, its losses and its recipe snapshot."""

from __future__ import annotations

from bakeledger.repositories.base import SqlRepository


class ProductionRunRepo(SqlRepository):
    pass
