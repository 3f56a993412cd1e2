"""Unusable databases are refused in one line naming the cause and the URL (never its password), and
only `init`, `migrate` (and the commands that fill an empty database) ever create or change a schema."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

import bakeledger
from bakeledger.domain.errors import DatabaseUnavailable, NotABakeLedgerDatabase, SchemaMismatch
from bakeledger.uow.migrate import head_revision
from tests.conftest import PG_ENV
from tests.integration.cli_fixture import demo_database, invoke, run


def _refused(capsys: pytest.CaptureFixture[str], url: str, *argv: str) -> str:
    outcome = invoke(capsys, "--db", url, *(argv or ("status",)))
    assert (outcome.code, outcome.clean) == (1, True), outcome
    return outcome.err


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


@pytest.fixture
def pg_base() -> str:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"PostgreSQL tests need {PG_ENV}")
    return base


def test_a_text_file_is_not_a_database(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "notes.db").write_text("shopping: flour, sugar\n")
    err = _refused(capsys, f"sqlite:///{tmp_path}/notes.db")
    assert "is not a SQLite database file" in err and f"sqlite:///{tmp_path}/notes.db" in err
    assert (tmp_path / "notes.db").read_text() == "shopping: flour, sugar\n"


def test_a_missing_folder_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    err = _refused(capsys, f"sqlite:///{tmp_path}/nope/ledger.db", "init")
    assert f"the folder {tmp_path}/nope does not exist" in err


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("not a url", "not a database URL"),
        ("sqlite://build/demo.db", "write sqlite:///build/demo.db"),
        ("mysql://root@localhost/x", "only sqlite and postgresql"),
    ],
)
def test_urls_bakeledger_cannot_use(capsys: pytest.CaptureFixture[str], url: str, needle: str) -> None:
    assert needle in _refused(capsys, url, "init")


def test_an_unreachable_server_hides_the_password(capsys: pytest.CaptureFixture[str]) -> None:
    err = _refused(capsys, "postgresql+psycopg://baker:s3cret@127.0.0.1:1/ledger")
    assert "Connection refused" in err and "postgresql+psycopg://baker:***@127.0.0.1:1/ledger" in err
    assert "s3cret" not in err


def test_a_read_only_file_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    url = demo_database(f"sqlite:///{tmp_path}/ledger.db")
    (tmp_path / "ledger.db").chmod(0o444)
    try:
        assert "is read-only" in _refused(capsys, url)
    finally:
        (tmp_path / "ledger.db").chmod(0o644)


def test_a_read_only_folder_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        err = _refused(capsys, f"sqlite:///{folder}/ledger.db", "init")
        assert f"the folder {folder} is read-only" in err
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize(("who", "needle"), [("role", 'role "nobody"'), ("database", 'database "nowhere"')])
def test_an_unknown_role_or_database_on_postgresql(
    capsys: pytest.CaptureFixture[str], pg_base: str, who: str, needle: str
) -> None:
    base = make_url(pg_base)
    url = base.set(username="nobody") if who == "role" else base.set(database="nowhere")
    err = _refused(capsys, url.render_as_string(hide_password=False))
    assert needle in err and "does not exist" in err


def test_reads_never_create_a_sqlite_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    err = _refused(capsys, f"sqlite:///{tmp_path}/ledger.db", "stock")
    assert "is not a bakeledger database" in err and "run `bakeledger init`" in err
    assert not (tmp_path / "ledger.db").exists()


@pytest.mark.parametrize("argv", [["status"], ["stock"], ["event", "list"], ["migrate"]])
def test_commands_leave_an_empty_database_empty(
    capsys: pytest.CaptureFixture[str], scratch_url: str, argv: list[str]
) -> None:
    _tables(scratch_url)  # the SQLite file now exists, with no tables
    assert "run `bakeledger init`" in _refused(capsys, scratch_url, *argv)
    assert _tables(scratch_url) == set()


def test_a_database_of_another_program_is_never_touched(
    capsys: pytest.CaptureFixture[str], scratch_url: str
) -> None:
    engine = create_engine(scratch_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
    engine.dispose()
    for argv in (["status"], ["init"], ["demo", "--yes"]):
        assert "is not a bakeledger database" in _refused(capsys, scratch_url, *argv)
    assert "not a regular file" in _refused(capsys, scratch_url, "import", "/dev/null")  # checked first
    with pytest.raises(NotABakeLedgerDatabase):
        bakeledger.open(scratch_url)
    assert _tables(scratch_url) == {"notes"}


def test_a_newer_schema_is_refused_naming_both_revisions(
    capsys: pytest.CaptureFixture[str], scratch_url: str
) -> None:
    assert invoke(capsys, "--db", scratch_url, "init").code == 0
    engine = create_engine(scratch_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    for argv in (["status"], ["init"], ["migrate"]):
        err = _refused(capsys, scratch_url, *argv)
        assert "0099" in err and head_revision() in err and "SchemaMismatch" in err
    with pytest.raises(SchemaMismatch):
        bakeledger.open(scratch_url)


def test_init_then_migrate_then_commands(capsys: pytest.CaptureFixture[str], scratch_url: str) -> None:
    assert invoke(capsys, "--db", scratch_url, "migrate").code == 1  # nothing to migrate yet
    created = invoke(capsys, "--db", scratch_url, "init")
    assert created.code == 0 and head_revision() in created.out
    assert invoke(capsys, "--db", scratch_url, "migrate").code == 0
    assert invoke(capsys, "--db", scratch_url, "init").code == 0  # again: nothing changes
    listed = invoke(capsys, "--db", scratch_url, "stock")
    assert (listed.code, listed.out.strip()) == (0, "No stock on hand.")


def test_the_python_api_creates_an_empty_database(scratch_url: str) -> None:
    bakeledger.open(scratch_url).dispose()
    assert "alembic_version" in _tables(scratch_url)


def test_the_python_api_reports_a_bad_url_as_a_typed_error() -> None:
    with pytest.raises(DatabaseUnavailable, match="not a database URL"):
        bakeledger.open("not a url")


def test_make_run_works_from_nothing(tmp_path: Path) -> None:
    """The demo fills a database that does not exist yet: its purpose is to fill one."""
    (tmp_path / "build").mkdir()
    outcome = run("--db", "sqlite:///build/demo.db", "demo", "--reset", "--yes", cwd=tmp_path)
    assert (outcome.code, outcome.clean) == (0, True), outcome
    assert "Demo season loaded into sqlite:///build/demo.db: 11 ingredients" in outcome.out


def test_checking_a_ledger_file_keeps_the_locks_this_process_holds(tmp_path: Path) -> None:
    """Opening a ledger checks its file through SQLite, never by opening the file itself: closing any
    handle on a file drops every lock this process holds on it, and another process could then write
    under a transaction that believes it holds the file."""
    import sqlite3
    import subprocess
    import sys

    from bakeledger.app.database import check_sqlite_file

    path = tmp_path / "ledger.db"
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("CREATE TABLE t (a)")
        holder.execute("BEGIN IMMEDIATE")  # the write lock, on the file itself (rollback journal)
        check_sqlite_file(make_url(f"sqlite:///{path}"), may_create=False)
        other = subprocess.run(
            [
                sys.executable,
                "-c",
                f"import sqlite3; sqlite3.connect({str(path)!r}, timeout=0).execute('BEGIN IMMEDIATE')",
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        holder.close()
    assert "database is locked" in other.stderr
