"""A real `bakeledger serve` in a subprocess, on 127.0.0.1 and a free port, for tests over HTTP.

Started with bounded waiting for `/api/v1/health`, stopped by its pid (terminate, wait, kill), its
output kept in files so a test can read what it printed.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import attrs
import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import bakeledger
from bakeledger.app.cli import app
from bakeledger.app.cli_errors import run_guarded
from bakeledger.app.cli_support import CliState
from bakeledger.uow.engine import ENV_URL
from tests.conftest import PG_ENV
from tests.integration.cli_fixture import BIN

HOST = "127.0.0.1"
READY_POLLS = 300  # × POLL_S: a loaded 2-core machine needs a few seconds to import everything
POLL_S = 0.1
STOP_TIMEOUT_S = 20
PORT_ATTEMPTS = 3


class ServerFailed(AssertionError):
    """The server exited or never answered; the message holds what it printed."""


@attrs.define
class Served:
    """A running server: its base URL, database, the owner token made for it, and its output."""

    base: str
    port: int
    db: str
    token: str | None
    process: subprocess.Popen[bytes]
    out: Path
    err: Path
    returncode: int | None = None

    @property
    def api(self) -> str:
        return f"{self.base}/api/v1"

    def headers(self, token: str | None = None) -> dict[str, str]:
        secret = token or self.token
        assert secret, "this server was started without a token"
        return {"Authorization": f"Bearer {secret}"}

    def client(self, token: str | None = None) -> httpx.Client:
        headers = self.headers(token) if (token or self.token) else {}
        return httpx.Client(base_url=self.base, headers=headers, timeout=30)

    @property
    def stdout(self) -> str:
        return self.out.read_text(errors="replace")

    @property
    def stderr(self) -> str:
        return self.err.read_text(errors="replace")

    def stop(self, sig: int = signal.SIGTERM) -> int:
        """Stop it by its pid: the signal, a bounded wait, then kill; returns the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT_S)
        self.returncode = self.process.returncode
        return self.returncode


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def cli(*argv: str) -> tuple[int, str]:
    """The CLI in this process, as its entry point runs it (a subprocess would only add seconds of
    start-up): its exit code and what it printed on stdout."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = run_guarded(app, list(argv), CliState())
    return code, out.getvalue()


def create_token(db: str, role: str = "owner", name: str | None = None) -> dict[str, object]:
    """A token made the way a user makes one: `bakeledger token create --json`."""
    argv = ["--db", db, "token", "create", "--role", role, "--json"]
    if name:
        argv += ["--name", name]
    code, out = cli(*argv)
    assert code == 0, out
    made: dict[str, object] = json.loads(out)
    return made


@contextmanager
def fresh_database(backend: str, folder: Path) -> Iterator[str]:
    """A new database at the latest schema, dropped afterwards (PostgreSQL only when offered)."""
    if backend == "sqlite":
        url = f"sqlite:///{folder}/served.db"
        bakeledger.open(url).dispose()
        yield url
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"PostgreSQL tests need {PG_ENV}")
    admin = create_engine(make_url(base), isolation_level="AUTOCOMMIT")
    name = f"bakeledger_served_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    try:
        bakeledger.open(url).dispose()
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def start(db: str, folder: Path, *, token: str | None = None, args: tuple[str, ...] = ()) -> Served:
    """`bakeledger serve` on a free port, once it answers `/api/v1/health`."""
    for attempt in range(PORT_ATTEMPTS):
        port = free_port()
        out, err = folder / f"serve-{port}.out", folder / f"serve-{port}.err"
        env = {k: v for k, v in os.environ.items() if k != ENV_URL}
        with out.open("wb") as stdout, err.open("wb") as stderr:
            process = subprocess.Popen(
                [str(BIN / "bakeledger"), "--db", db, "serve", "--host", HOST, "--port", str(port), *args],
                stdout=stdout,
                stderr=stderr,
                stdin=subprocess.DEVNULL,
                env={**env, "COLUMNS": "200"},
            )
        served = Served(f"http://{HOST}:{port}", port, db, token, process, out, err)
        try:
            wait_ready(served)
            return served
        except ServerFailed:
            served.stop(signal.SIGKILL)
            if "already in use" in served.stderr and attempt + 1 < PORT_ATTEMPTS:
                continue  # someone took the free port first: try another
            raise
    raise AssertionError("unreachable")


def wait_ready(served: Served) -> None:
    for _ in range(READY_POLLS):
        if served.process.poll() is not None:
            raise ServerFailed(f"serve exited with {served.process.returncode}: {served.stderr[-2000:]}")
        try:
            if httpx.get(f"{served.api}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(POLL_S)
    raise ServerFailed(f"serve did not answer within {READY_POLLS * POLL_S:.0f} s: {served.stderr[-2000:]}")


@contextmanager
def serving(
    db: str, folder: Path, *, token: str | None = None, args: tuple[str, ...] = ()
) -> Iterator[Served]:
    """A server for the block; stopped (SIGTERM) after it, which must end it cleanly."""
    served = start(db, folder, token=token, args=args)
    try:
        yield served
    finally:
        code = served.stop()
    assert code == 0, served.stderr[-2000:]
    assert "Traceback" not in served.stdout + served.stderr
