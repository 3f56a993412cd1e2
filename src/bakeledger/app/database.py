"""Opening a database safely: URL checks, SQLite file checks and the schema policy, each failure a
typed error that names the cause and the URL (never its password)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from bakeledger.domain.errors import DatabaseUnavailable, NotABakeLedgerDatabase, SchemaMismatch
from bakeledger.uow import migrate
from bakeledger.uow.migrate import SchemaState

# create_or_upgrade: `bakeledger.open` and `init` create an empty database or upgrade an older one;
# create: `demo` and `import`, whose purpose is to fill an empty database, may create its schema;
# upgrade: `migrate` upgrades an existing bakeledger database; require_current: every other command
# only uses a database already at head; trust: no check at all (workers of an already opened ledger)
SchemaPolicy = Literal["create_or_upgrade", "create", "upgrade", "require_current", "trust"]
CREATING: tuple[SchemaPolicy, ...] = ("create_or_upgrade", "create")

CONNECT_TIMEOUT_S = 10  # an unreachable server is reported after this long, not after minutes
BACKENDS = ("sqlite", "postgresql")


def parse_url(url: str) -> URL:
    """The URL, or DatabaseUnavailable when it is not one bakeledger can use."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseUnavailable(
            url=url, reason="not a database URL (use sqlite:///PATH or postgresql://USER@HOST/NAME)"
        ) from None
    shown = shown_url(parsed)
    if parsed.get_backend_name() not in BACKENDS:
        raise DatabaseUnavailable(url=shown, reason="only sqlite and postgresql URLs are supported")
    if parsed.get_backend_name() == "sqlite" and parsed.host:
        raise DatabaseUnavailable(
            url=shown,
            reason=f"a SQLite URL has no host: write sqlite:///{parsed.host}/{parsed.database or ''} for a "
            "path relative to the current folder, or sqlite:////ABSOLUTE/PATH",
        )
    return parsed


def engine_url(url: URL) -> str:
    """The URL the engine is built from: PostgreSQL gets a connection timeout unless it names one."""
    if url.get_backend_name() == "postgresql" and "connect_timeout" not in url.query:
        url = url.update_query_dict({"connect_timeout": str(CONNECT_TIMEOUT_S)})
    return url.render_as_string(hide_password=False)


def shown_url(url: str | URL) -> str:
    """The URL as it may be printed: the password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return str(url)


def check_sqlite_file(url: URL, *, may_create: bool) -> None:
    """Refuse, before SQLite gets to create or lock anything, a file it could not use."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return
    shown = shown_url(url)
    path = Path(url.database)
    folder = path.parent
    if not folder.is_dir():
        reason = "does not exist" if not folder.exists() else "is not a folder"
        raise DatabaseUnavailable(url=shown, reason=f"the folder {folder} {reason}")
    if not path.exists():
        if not may_create:
            raise NotABakeLedgerDatabase(url=shown, reason=f"there is no file {path}")
        if not _writable(folder):
            raise DatabaseUnavailable(url=shown, reason=f"the folder {folder} is read-only")
        return
    if not path.is_file():
        raise DatabaseUnavailable(url=shown, reason=f"{path} is not a regular file")
    if not _is_sqlite(path):
        raise DatabaseUnavailable(url=shown, reason=f"{path} is not a SQLite database file")
    if not _writable(path):
        raise DatabaseUnavailable(url=shown, reason=f"the file {path} is read-only")
    if not _writable(folder):  # SQLite keeps its write-ahead log beside the file
        raise DatabaseUnavailable(url=shown, reason=f"the folder {folder} is read-only")


def _is_sqlite(path: Path) -> bool:
    """Whether SQLite reads the file as a database (an empty file is one). Asked of SQLite itself,
    never by opening the file: closing any handle on a file drops every POSIX lock this process
    holds on it, so a ledger opened twice in one process would lose its other connections' locks."""
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as exc:
        return getattr(exc, "sqlite_errorname", "") != "SQLITE_NOTADB"
    return True


def _writable(path: Path) -> bool:
    # permission bits as well as access(): a superuser may write anything, but a file or folder
    # marked read-only was marked so on purpose
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)


@contextmanager
def reaching(url: str) -> Iterator[None]:
    """Turn a driver's failure to connect or to read the schema into one line naming the cause."""
    try:
        yield
    except DBAPIError as exc:
        raise DatabaseUnavailable(url=url, reason=driver_reason(exc)) from exc


def driver_reason(exc: BaseException) -> str:
    """The first line of the driver's own message, without SQLAlchemy's decorations."""
    original = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    return " ".join(lines[0].split()) if lines else type(original).__name__


def settle_schema(engine: Engine, url: str, policy: SchemaPolicy) -> None:
    """Check (and, when the policy allows, create or upgrade) the schema; refuse anything else."""
    if policy == "trust":
        return
    with reaching(url):
        with engine.connect() as connection:
            schema = migrate.inspect_schema(connection)
        state = schema.state
        if state is SchemaState.CURRENT:
            return
        if state is SchemaState.FOREIGN:
            raise NotABakeLedgerDatabase(url=url, reason="it holds tables of another program")
        if state is SchemaState.NEWER:
            raise SchemaMismatch(
                url=url, database_revision=schema.revision or "", code_revision=schema.head, newer=True
            )
        if state is SchemaState.EMPTY and policy not in CREATING:
            raise NotABakeLedgerDatabase(url=url, reason="it is empty")
        if state is SchemaState.OLDER and policy in ("require_current", "create"):
            raise SchemaMismatch(url=url, database_revision=schema.revision or "", code_revision=schema.head)
        migrate.upgrade(engine)
