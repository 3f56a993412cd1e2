"""The SQLAlchemy Unit of Work: one Session on one connection and its transaction, repositories on it."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from types import TracebackType
from typing import Any, TypeVar

from loguru import logger
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, SessionTransaction

from bakeledger.domain.errors import (
    NoActiveTransactionError,
    ReadOnlyError,
    UncommittedWorkError,
    UnitOfWorkStateError,
)
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
from bakeledger.uow.engine import TRACKER, transaction_bind

R = TypeVar("R")


class _Savepoint:
    """Handle of an open savepoint; `rollback()` discards what was done inside it."""

    def __init__(self, uow: SqlAlchemyUnitOfWork, nested: SessionTransaction) -> None:
        self._uow, self._nested, self._writes_before = uow, nested, uow._writes
        self.rolled_back = False

    def rollback(self) -> None:
        if not self.rolled_back:
            self._nested.rollback()
            self._uow._writes = self._writes_before
            self.rolled_back = True


class SqlAlchemyUnitOfWork:
    """Single use: enter once, commit explicitly; leaving without commit after writes raises."""

    def __init__(self, engine: Engine, *, read_only: bool = False) -> None:
        self._engine = engine
        self.read_only = read_only
        self.id = uuid.uuid4().hex[:12]
        self._state = "new"  # new -> active -> done
        self._session: Session | None = None
        self._connection: Connection | None = None  # the session's, while the transaction is open
        self._writes = 0
        self.statements = 0
        self._callbacks: list[Callable[[], Any]] = []
        self._stack = ExitStack()
        self._repos: dict[Any, Any] = {}

    # --- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> SqlAlchemyUnitOfWork:
        if self._state != "new":
            raise UnitOfWorkStateError(message=f"unit of work {self.id} cannot be entered twice")
        self._stack.enter_context(logger.contextualize(uow_id=self.id))
        self._state = "active"
        try:
            session = self._session = Session(
                bind=transaction_bind(self._engine, self.read_only), autoflush=False, expire_on_commit=False
            )
            # BEGIN now, not at the first statement: a writer takes SQLite's write lock up front
            self._connection = session.connection()
            self._connection.info[TRACKER] = self
        except BaseException:
            self._close()
            raise
        logger.debug("uow begin", read_only=self.read_only)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if self._state != "active":
                return
            if exc is not None:
                self._rollback(f"exception: {exc_type.__name__ if exc_type else 'unknown'}")
                return
            wrote = self._writes > 0
            self._rollback("left without commit" + (" after writes" if wrote else ""))
            if wrote:
                raise UncommittedWorkError()
        finally:
            self._close()

    def commit(self) -> None:
        """Make everything done in this unit of work durable, then run on_commit callbacks."""
        session = self._require_active()
        if self.read_only and self._writes:
            raise ReadOnlyError()
        self._detach()
        session.commit()
        self._state = "done"
        logger.debug("uow commit", writes=self._writes, statements=self.statements)
        callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()

    def rollback(self) -> None:
        """Discard everything done in this unit of work on purpose."""
        self._require_active()
        self._rollback("explicit rollback")

    def _rollback(self, reason: str) -> None:
        self._state = "done"
        self._callbacks.clear()
        self._detach()
        if self._session is not None:
            self._session.close()  # ends the transaction by rolling it back; nothing is kept
        logger.debug("uow rollback", reason=reason)

    def _detach(self) -> None:
        """Stop counting statements: the connection goes back to the pool for others."""
        if self._connection is not None:
            self._connection.info.pop(TRACKER, None)
            self._connection = None

    def _close(self) -> None:
        """Always runs: gives the connection back and leaves the log context, whatever failed."""
        self._state = "done"
        self._repos.clear()
        try:
            if self._session is not None:
                self._detach()
                self._session.close()
        finally:
            self._session = None
            self._stack.close()

    # --- tools for services -------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self._state == "active"

    def ensure_active(self) -> None:
        self._require_active()

    def savepoint(self) -> AbstractContextManager[_Savepoint]:
        """A SAVEPOINT: leaving it by exception (or `sp.rollback()`) undoes just its part."""
        self._require_active()
        return self._savepoint()

    @contextmanager
    def _savepoint(self) -> Iterator[_Savepoint]:
        handle = _Savepoint(self, self._require_active().begin_nested())
        try:
            yield handle
        except BaseException:
            handle.rollback()
            raise
        if not handle.rolled_back:
            handle._nested.commit()

    def on_commit(self, callback: Callable[[], Any]) -> None:
        """Run `callback` after a successful commit; dropped on rollback."""
        self._require_active()
        self._callbacks.append(callback)

    def on_statement(self, *, writes: bool) -> None:
        """Called by the engine for every SQL statement on this unit of work's connection."""
        self.statements += 1
        if writes:
            if self.read_only:
                raise ReadOnlyError()
            self._writes += 1

    def _require_active(self) -> Session:
        if self._state == "new":
            raise NoActiveTransactionError()
        if self._state != "active" or self._session is None:
            raise NoActiveTransactionError(message=f"unit of work {self.id} was already closed")
        return self._session

    # --- repositories (made on first use, all on this unit of work's session) --------------
    @property
    def ingredients(self) -> IngredientRepo:
        return self._repo(IngredientRepo)

    @property
    def products(self) -> ProductRepo:
        return self._repo(ProductRepo)

    @property
    def lots(self) -> LotRepo:
        return self._repo(LotRepo)

    @property
    def recipes(self) -> RecipeRepo:
        return self._repo(RecipeRepo)

    @property
    def finished_units(self) -> FinishedUnitRepo:
        return self._repo(FinishedUnitRepo)

    @property
    def finished_goods(self) -> FinishedGoodRepo:
        return self._repo(FinishedGoodRepo)

    @property
    def finished_lots(self) -> FinishedLotRepo:
        return self._repo(FinishedLotRepo)

    @property
    def packages(self) -> PackageRepo:
        return self._repo(PackageRepo)

    @property
    def recipients(self) -> RecipientRepo:
        return self._repo(RecipientRepo)

    @property
    def events(self) -> EventRepo:
        return self._repo(EventRepo)

    @property
    def production_runs(self) -> ProductionRunRepo:
        return self._repo(ProductionRunRepo)

    @property
    def assembly_runs(self) -> AssemblyRunRepo:
        return self._repo(AssemblyRunRepo)

    @property
    def exchange(self) -> ExchangeRepo:
        return self._repo(ExchangeRepo)

    @property
    def tokens(self) -> TokenRepo:
        return self._repo(TokenRepo)

    @property
    def plans(self) -> PlanRepo:
        return self._repo(PlanRepo)

    def _repo(self, repo_class: Callable[[Session], R]) -> R:
        session = self._require_active()
        repo = self._repos.get(repo_class)
        if repo is None:
            repo = self._repos[repo_class] = repo_class(session)
        return repo
