"""What every CLI command shares: the open ledger, transactions, JSON/Rich output, errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from bakeledger.app.ledger import Ledger, open_ledger
from bakeledger.services.dto import to_dict

T = TypeVar("T")
console = Console()
err_console = Console(stderr=True, soft_wrap=True)


class CliState:
    """Options given before the command; the ledger is opened once, on first use."""

    def __init__(self, db: str | None) -> None:
        self.db = db
        self._ledger: Ledger | None = None

    @property
    def ledger(self) -> Ledger:
        if self._ledger is None:
            self._ledger = open_ledger(self.db)
        return self._ledger

    def write(self, fn: Callable[..., T], **kwargs: Any) -> T:
        """Run one service in its own transaction (retried on transient conflicts) and commit."""
        return self.ledger.run(fn, **kwargs)

    def read(self, fn: Callable[..., T], **kwargs: Any) -> T:
        """Run one service in a read-only transaction."""
        with self.ledger.uow(read_only=True) as uow:
            return fn(uow, **kwargs)


def state(ctx: typer.Context) -> CliState:
    obj = ctx.find_root().obj
    assert isinstance(obj, CliState)
    return obj


def print_json(result: Any) -> None:
    """Print DTOs (or plain data) as JSON, through the one cattrs converter."""
    console.print_json(json.dumps(to_dict(result)))


def show(result: Any, as_json: bool, render: Callable[[Any], None] | None = None) -> None:
    """`--json` prints the DTOs; otherwise a Rich rendering (a key/value table by default)."""
    if as_json:
        print_json(result)
    elif render is not None:
        render(result)
    else:
        show_record(result)


def show_record(result: Any, title: str | None = None) -> None:
    data = to_dict(result)
    table = Table(title=title, show_header=False, box=None)
    for key, value in data.items():
        if isinstance(value, list):
            value = (
                f"{len(value)} item(s)"
                if value and isinstance(value[0], dict)
                else ", ".join(map(str, value))
            )
        table.add_row(f"[bold]{key}[/bold]", "" if value is None else str(value))
    console.print(table)


def show_rows(rows: list[Any], columns: list[str], title: str | None = None) -> None:
    """A Rich table of DTOs, one row each, with the given fields."""
    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        data = to_dict(row)
        table.add_row(*("" if data.get(c) is None else str(data.get(c)) for c in columns))
    console.print(table)


JSON_OPTION = typer.Option(False, "--json", help="Print the result as JSON.")
