"""How the CLI ends: every failure is one line on stderr (one JSON object with `--json`) and an exit
code — 2 for a usage error, 1 for a refused operation or an unusable database, 130 for Ctrl-C."""

from __future__ import annotations

import json
from typing import Any

import typer
from loguru import logger
from sqlalchemy.exc import SQLAlchemyError

from bakeledger.app.cli_entry import INTERRUPTED
from bakeledger.app.cli_support import CliState, clean, err_console
from bakeledger.app.database import driver_reason, shown_url
from bakeledger.domain.errors import BakeLedgerError

USAGE = 2
REFUSED = 1


def run_guarded(app: typer.Typer, argv: list[str], session: CliState) -> int:
    """Run the app on `argv` and return the process's exit code; nothing escapes as a traceback."""
    as_json = "--json" in argv
    try:
        return _run(app, argv, session, as_json)
    finally:
        session.close()


def _run(app: typer.Typer, argv: list[str], session: CliState, as_json: bool) -> int:
    try:
        result = app(args=argv, prog_name="bakeledger", standalone_mode=False, obj=session)
    except BakeLedgerError as exc:
        fields = {k: v for k, v in exc.to_dict().items() if k not in ("type", "message")}
        name = type(exc).__name__
        return _fail(REFUSED, name, exc.message, fields, as_json, text=f"{name}: {exc.message}")
    except typer.Abort:  # a question answered with end of input, or declined
        return _fail(REFUSED, "Aborted", "aborted: nothing was changed", {}, as_json)
    except typer.TyperException as exc:  # usage errors (unknown command, bad or missing argument)
        code = getattr(exc, "exit_code", USAGE)
        return _fail(code, "UsageError" if code == USAGE else type(exc).__name__, _usage(exc), {}, as_json)
    except KeyboardInterrupt:
        return _interrupted(session, as_json)
    except SQLAlchemyError as exc:
        url = shown_url(session.db) if session.db else "the database"
        return _fail(REFUSED, "DatabaseError", f"{url}: {driver_reason(exc)}", {"url": url}, as_json)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        where = f"{exc.filename}: " if exc.filename else ""
        return _fail(REFUSED, "FileError", f"{where}{reason}", {"file": exc.filename}, as_json)
    except Exception as exc:  # a bug: still one line for the user, the traceback only in the debug log
        logger.opt(exception=exc).debug("unexpected error")
        message = f"unexpected error: {type(exc).__name__}: {exc}"
        return _fail(REFUSED, "UnexpectedError", message, {}, as_json)
    if result == INTERRUPTED:  # Typer turns Ctrl-C into this exit code when it is not standalone
        return _interrupted(session, as_json)
    return result if isinstance(result, int) else 0


def _usage(exc: typer.TyperException) -> str:
    message = " ".join(exc.format_message().split())
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx is not None else "bakeledger"
    return f"{message} (see `{path} --help`)"


def _interrupted(session: CliState, as_json: bool) -> int:
    message = "interrupted — nothing was written" if session.interrupted_write else "interrupted"
    return _fail(INTERRUPTED, "Interrupted", message, {}, as_json)


def _fail(
    code: int, error: str, message: str, fields: dict[str, Any], as_json: bool, *, text: str | None = None
) -> int:
    if as_json:
        line = json.dumps({"error": error, "message": message, **fields}, ensure_ascii=False, default=str)
        err_console.print(clean(line), markup=False, soft_wrap=True)
    else:
        err_console.print(f"error: {clean(text or message)}", markup=False, soft_wrap=True)
    return code
