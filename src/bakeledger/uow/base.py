"""The Unit of Work contract that services program against — free of SQLAlchemy at run time.

Repository attributes are typed with the real repository classes, imported for the type checker
only: every repository signature is written once (in `repositories/`), mypy checks each service call
against it, and a service still never imports SQLAlchemy when it runs (import-linter ignores
type-checking imports and checks the rest).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from bakeledger.repositories.access import TokenRepo
    from bakeledger.repositories.assembly import AssemblyRunRepo
    from bakeledger.repositories.catalog import IngredientRepo, PackageRepo, ProductRepo, RecipientRepo
    from bakeledger.repositories.events import EventRepo
    from bakeledger.repositories.exchange import ExchangeRepo
    from bakeledger.repositories.finished import FinishedLotRepo
    from bakeledger.repositories.finished_goods import FinishedGoodRepo
    from bakeledger.repositories.lots import LotRepo
    from bakeledger.repositories.plans import PlanRepo
    from bakeledger.repositories.production import ProductionRunRepo
    from bakeledger.repositories.recipes import FinishedUnitRepo, RecipeRepo


class Savepoint(Protocol):
    def rollback(self) -> None: ...


class UnitOfWork(Protocol):
    """One transaction. Enter with `with`, commit explicitly; no session is exposed."""

    read_only: bool
    statements: int

    @property
    def ingredients(self) -> IngredientRepo: ...
    @property
    def products(self) -> ProductRepo: ...
    @property
    def lots(self) -> LotRepo: ...
    @property
    def recipes(self) -> RecipeRepo: ...
    @property
    def finished_units(self) -> FinishedUnitRepo: ...
    @property
    def finished_goods(self) -> FinishedGoodRepo: ...
    @property
    def finished_lots(self) -> FinishedLotRepo: ...
    @property
    def packages(self) -> PackageRepo: ...
    @property
    def recipients(self) -> RecipientRepo: ...
    @property
    def events(self) -> EventRepo: ...
    @property
    def production_runs(self) -> ProductionRunRepo: ...
    @property
    def assembly_runs(self) -> AssemblyRunRepo: ...
    @property
    def exchange(self) -> ExchangeRepo: ...
    @property
    def tokens(self) -> TokenRepo: ...
    @property
    def plans(self) -> PlanRepo: ...

    @property
    def active(self) -> bool: ...
    def ensure_active(self) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
    def savepoint(self) -> AbstractContextManager[Savepoint]: ...
    def on_commit(self, callback: Callable[[], Any]) -> None: ...
