"""Assembly runs: the record of each bundle assembly."""

from __future__ import annotations

from bakeledger.repositories.base import SqlRepository


class AssemblyRunRepo(SqlRepository):
    pass
