"""CLI command `serve`: the HTTP API (and its docs at /api/docs) under uvicorn.

The database must already be at the latest schema: `serve` never migrates (run `bakeledger
migrate` first). SQLite is served by one process, whose thread pool runs the handlers; PostgreSQL
may be served by several worker processes (`--workers N`): each builds its own app through
`worker_app`, which reads the database URL from `BAKELEDGER_DATABASE_URL` and the secret that signs
the pages' CSRF tokens (shared by all workers) from `BAKELEDGER_SERVE_SECRET` (the parent sets both).

The listening socket is bound here, before uvicorn starts, so a port already in use is one clear
line; Ctrl-C (or SIGTERM) lets requests in flight finish, then the command ends with exit code 0.
"""

from __future__ import annotations

import copy
import json
import os
import secrets
import signal
import socket
from types import FrameType

import typer
import uvicorn
from litestar import Litestar
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors import Multiprocess

from bakeledger.app.cli_support import CliState, console, err_console, plain, state
from bakeledger.app.http import create_app
from bakeledger.app.ledger import Ledger, open_ledger
from bakeledger.app.logging import configure
from bakeledger.domain.errors import ValidationError
from bakeledger.services import access
from bakeledger.uow.engine import ENV_URL

LOOPBACK = ("127.0.0.1", "localhost", "::1")
# uvicorn's own logging, but every line on stderr: stdout holds only what `serve` says (its --json line)
LOG_CONFIG = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
LOG_CONFIG["handlers"]["access"]["stream"] = "ext://sys.stderr"
WORKER_APP = "bakeledger.app.cli_serve:worker_app"
SECRET_ENV = "BAKELEDGER_SERVE_SECRET"
FIRST_TOKEN_NAME = "first login"


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address (default: this machine only)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    db: str | None = typer.Option(None, "--db", help="Database URL (default: the one given before `serve`)."),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Worker processes (PostgreSQL only)."),
    as_json: bool = typer.Option(
        False, "--json", help="Print where it serves (and a first owner token) as one JSON line."
    ),
) -> None:
    """Serve the JSON API (/api/v1), its docs (/api/docs) and the web pages until Ctrl-C."""
    st = state(ctx)
    if db:
        st.db = db
    ledger = st.open("require_current")  # never migrates: an older schema is refused, naming `migrate`
    if workers > 1 and ledger.backend != "postgresql":
        raise ValidationError(
            field="workers",
            value=workers,
            message="SQLite is served by one process; --workers needs PostgreSQL",
        )
    if host not in LOOPBACK:
        err_console.print(
            plain(
                f"warning: listening on {host}: other machines can reach this ledger, over plain HTTP "
                "(tokens travel unencrypted; put a TLS proxy in front of it)",
                "yellow",
            )
        )
    sock = bind(host, port)
    try:
        base = f"http://{_url_host(host)}:{port}"
        first = _first_owner_token(st)
        if as_json:
            started = {"url": base, "api": f"{base}/api/v1", "database": ledger.shown_url}
            if first is not None:
                started |= {"login_url": f"{base}/login?token={first}", "token": first}
            print(json.dumps(started), flush=True)
        else:
            _say_started(base, ledger, first)
        _run(st, ledger, sock, workers)
    finally:
        sock.close()
    err_console.print(plain("stopped"))


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound as uvicorn binds it; a port in use is one clear line."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # TCP named as the protocol: asyncio sets TCP_NODELAY on accepted connections only then (with
    # protocol 0 every answer waited ~40 ms for the client's delayed acknowledgement)
    sock = socket.socket(family=family, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        reason = (exc.strerror or str(exc)).lower()
        hint = " (is another server running there? choose another --port)"
        raise OSError(exc.errno, f"cannot listen: {reason}{hint}", f"{host}:{port}") from None
    sock.set_inheritable(True)
    return sock


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", "", "::"):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def _first_owner_token(st: CliState) -> str | None:
    """A ledger nobody can administer yet gets an owner token: its secret, to be shown this once."""
    if st.read(access.has_owner_token):
        return None
    return st.write(access.create_token, role="owner", name=FIRST_TOKEN_NAME).token


def _say_started(base: str, ledger: Ledger, first: str | None) -> None:
    if first is not None:
        console.print(plain("No owner token yet, so one was made; it is shown only this once:", "bold"))
        console.print(plain(f"  log in:        {base}/login?token={first}"), soft_wrap=True)
        console.print(plain(f"  API requests:  Authorization: Bearer {first}"), soft_wrap=True)
    console.print(
        plain(
            f"serving {ledger.shown_url}: pages at {base}/, API at {base}/api/v1 "
            f"(docs: {base}/api/docs) — Ctrl-C stops"
        ),
        soft_wrap=True,
    )


class _Stop(Exception):
    """SIGTERM, after uvicorn has finished the requests in flight."""


def _stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop()


def _run(st: CliState, ledger: Ledger, sock: socket.socket, workers: int) -> None:
    previous = signal.signal(signal.SIGTERM, _stop)  # uvicorn re-raises the signal once it has stopped
    try:
        if workers == 1:
            config = uvicorn.Config(
                create_app(ledger), log_config=LOG_CONFIG, log_level="info", timeout_graceful_shutdown=10
            )
            server = uvicorn.Server(config)
            server.run(sockets=[sock])
            if not server.started:
                raise RuntimeError("the server did not start (see the log above)")
        else:
            os.environ[ENV_URL] = ledger.url  # for the workers, which start from scratch
            os.environ[SECRET_ENV] = secrets.token_hex(32)
            st.close()  # the parent serves nothing: its connections go back
            config = uvicorn.Config(
                WORKER_APP,
                factory=True,
                workers=workers,
                log_config=LOG_CONFIG,
                log_level="info",
                timeout_graceful_shutdown=10,
            )
            supervisor = Multiprocess(config, sockets=[sock])
            supervisor.run()
            if any(p.exitcode == STARTUP_FAILURE for p in supervisor.processes):
                raise RuntimeError("a worker did not start (see the log above)")
    except (KeyboardInterrupt, _Stop):
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)


def worker_app() -> Litestar:
    """The app of one worker process, over the database in `BAKELEDGER_DATABASE_URL` (its schema
    was checked by the `serve` that started the worker), signing with `BAKELEDGER_SERVE_SECRET`."""
    configure(json_lines=False, level="WARNING")
    ledger = open_ledger(os.environ[ENV_URL], schema="require_current")
    app = create_app(ledger, secret=os.environ[SECRET_ENV])
    app.on_shutdown.append(ledger.dispose)
    return app
