"""The SQLAlchemy Unit of Work: one connection and its transaction, repositories on it (ADR 0024)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from types import TracebackType
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from loguru import logger
from sqlalchemy import Connection, Engine
from sqlalchemy.engine import RootTransaction
from sqlalchemy.orm import Session
from sqlalchemy.pool import PoolProxiedConnection

from bakeledger.domain.errors import (
    NoActiveTransactionError,
    ReadOnlyError,
    UncommittedWorkError,
    UnitOfWorkStateError,
)
from bakeledger.repositories.assembly import AssemblyRunRepo
from bakeledger.repositories.catalog import IngredientRepo, PackageRepo, ProductRepo, RecipientRepo
from bakeledger.repositories.events import EventRepo
from bakeledger.repositories.exchange import ExchangeRepo
from bakeledger.repositories.finished import FinishedLotRepo
from bakeledger.repositories.finished_goods import FinishedGoodRepo
from bakeledger.repositories.lots import LotRepo
from bakeledger.repositories.production import ProductionRunRepo
from bakeledger.repositories.recipes import FinishedUnitRepo, RecipeRepo
from bakeledger.repositories.sql import Sql
from bakeledger.uow.engine import begin_sqlite

R = TypeVar("R")
_WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")


_BINDS: WeakKeyDictionary[Engine, dict[bool, Engine]] = WeakKeyDictionary()


def _bind(engine: Engine, read_only: bool) -> Engine:
    """The engine with a writer's or a reader's transaction options (made once per engine). SQLite
    needs none: the unit of work issues its own BEGIN IMMEDIATE or DEFERRED on the driver."""
    binds = _BINDS.get(engine)
    if binds is None:
        binds = _BINDS[engine] = {False: engine, True: engine}
        if engine.dialect.name != "sqlite":
            options = dict(isolation_level="REPEATABLE READ", postgresql_readonly=True)
            binds[True] = engine.execution_options(**options)
    return binds[read_only]


class _Savepoint:
    """Handle of an open savepoint; `rollback()` discards what was done inside it."""

    def __init__(self, uow: SqlAlchemyUnitOfWork, nested: Any) -> None:
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
        self._pooled: PoolProxiedConnection | None = None  # the DBAPI connection, from the pool
        self._connection: Connection | None = None  # Core's, on it (SQLite: made when first needed)
        self._transaction: RootTransaction | None = None
        self._session: Session | None = None  # made on the connection when Core first needs it
        self._writes = 0
        self.statements = 0
        self._callbacks: list[Callable[[], Any]] = []
        self._stack = ExitStack()
        self._repos: dict[Any, Any] = {}
        self._sql: Sql | None = None

    # --- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> SqlAlchemyUnitOfWork:
        if self._state != "new":
            raise UnitOfWorkStateError(message=f"unit of work {self.id} cannot be entered twice")
        self._stack.enter_context(logger.contextualize(uow_id=self.id))
        self._state = "active"
        try:
            self._begin()
        except BaseException:
            self._close()
            raise
        logger.debug("uow begin", read_only=self.read_only)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._state != "active":
            self._close()
            return
        if exc is not None:
            self._rollback(f"exception: {exc_type.__name__ if exc_type else 'unknown'}")
            self._close()
            return
        wrote = self._writes > 0
        self._rollback("left without commit" + (" after writes" if wrote else ""))
        self._close()
        if wrote:
            raise UncommittedWorkError()

    def _begin(self) -> None:
        """BEGIN now (writers take the lock up front). On SQLite straight on the pooled driver
        connection: Core's connection and transaction are made only if a Core statement or a
        savepoint needs them (ADR 0024); on PostgreSQL through Core, which sets the isolation
        level and READ ONLY per transaction and resets them when the connection goes back."""
        bind = _bind(self._engine, self.read_only)
        if self._engine.dialect.name == "sqlite":
            pooled = self._pooled = bind.raw_connection()
            begin_sqlite(pooled.driver_connection, "DEFERRED" if self.read_only else "IMMEDIATE")
        else:
            self._connection = bind.connect()
            self._transaction = self._connection.begin()
            pooled = self._pooled = self._connection.connection
        pooled.info["bakeledger.tracker"] = self
        self._sql = Sql(pooled, self._engine)

    def _core(self) -> Connection:
        """Core's connection in this unit of work's transaction (made on SQLite when first needed)."""
        if self._connection is None:
            assert self._pooled is not None
            self._connection = Connection(_bind(self._engine, self.read_only), connection=self._pooled)
            self._transaction = self._connection.begin()  # the driver is in its transaction already
        return self._connection

    def _end(self, *, commit: bool) -> None:
        if self._transaction is not None:
            self._transaction.commit() if commit else self._transaction.rollback()
        else:
            assert self._sql is not None
            self._sql.end(commit=commit)

    def commit(self) -> None:
        """Make everything done in this unit of work durable, then run on_commit callbacks."""
        self._require_active()
        if self.read_only and self._writes:
            raise ReadOnlyError()
        self._end(commit=True)
        self._detach()
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
        self._detach()
        self._end(commit=False)
        self._state = "done"
        self._callbacks.clear()
        logger.debug("uow rollback", reason=reason)

    def _detach(self) -> None:
        if self._pooled is not None:
            self._pooled.info.pop("bakeledger.tracker", None)

    def _close(self) -> None:
        self._state = "done"
        self._detach()
        if self._sql is not None:
            self._sql.close()
            self._sql = None
        if self._session is not None:
            self._session.close()  # joined as "rollback_only": closing leaves the transaction alone
            self._session = None
        if self._connection is not None:
            self._connection.close()  # gives the pooled connection back too
        elif self._pooled is not None:
            self._pooled.close()
        self._pooled = self._connection = self._transaction = None
        self._repos.clear()
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
        handle = _Savepoint(self, self._core().begin_nested())
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

    def on_statement(self, statement: str) -> None:
        """Called for every SQL statement on this unit of work's connection."""
        self.statements += 1
        verb = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
        if verb in _WRITE_VERBS:
            if self.read_only:
                raise ReadOnlyError()
            self._writes += 1

    def _require_active(self) -> None:
        if self._state == "new":
            raise NoActiveTransactionError()
        if self._state != "active" or self._pooled is None:
            raise NoActiveTransactionError(message=f"unit of work {self.id} was already closed")

    def _core_session(self) -> Session:
        """The ORM session for Core statements, made on this unit of work's connection when first
        needed (most units of work never need it: hot paths run through `Sql`)."""
        self._require_active()
        if self._session is None:
            self._session = Session(bind=self._core(), autoflush=False, join_transaction_mode="rollback_only")
        return self._session

    # --- repositories (created lazily on this unit of work's session) ----------------------
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

    def _repo(self, repo_class: Callable[[Callable[[], Session], Sql], R]) -> R:
        repo = self._repos.get(repo_class)
        if repo is None:
            self._require_active()
            assert self._sql is not None
            repo = self._repos[repo_class] = repo_class(self._core_session, self._sql)
        elif self._state != "active":
            self._require_active()
        return repo
