"""What every CLI command shares: the open ledger, transactions, safe JSON/Rich output."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from bakeledger.app.database import SchemaPolicy
from bakeledger.app.ledger import Ledger, open_ledger
from bakeledger.services.dto import converter

T = TypeVar("T")
ZERO_WIDTH_JOINER = "\u200d"
console = Console()
err_console = Console(stderr=True, soft_wrap=True, highlight=False)


class CliState:
    """Options given before the command; the ledger is opened once, on first use.

    Commands only use a database already at the latest schema; `init`, `migrate` and `demo` open
    it with their own schema policy first.
    """

    def __init__(self, db: str | None = None) -> None:
        self.db = db
        self.interrupted_write = False  # Ctrl-C came while a write transaction was open
        self._ledger: Ledger | None = None

    def open(self, schema: SchemaPolicy) -> Ledger:
        if self._ledger is None:
            self._ledger = open_ledger(self.db, schema=schema)
        return self._ledger

    def close(self) -> None:
        """Give the database connections back (the command is over)."""
        if self._ledger is not None:
            self._ledger.dispose()
            self._ledger = None

    @property
    def ledger(self) -> Ledger:
        return self.open("require_current")

    def write(self, fn: Callable[..., T], **kwargs: Any) -> T:
        """Run one service in its own transaction (retried on transient conflicts) and commit."""
        with self.transaction():
            return self.ledger.run(fn, **kwargs)

    def read(self, fn: Callable[..., T], **kwargs: Any) -> T:
        """Run one service in a read-only transaction."""
        with self.ledger.uow(read_only=True) as uow:
            return fn(uow, **kwargs)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A block that writes in one transaction: an interrupt inside it rolls it all back."""
        try:
            yield
        except KeyboardInterrupt:
            self.interrupted_write = True
            raise


def state(ctx: typer.Context) -> CliState:
    obj = ctx.find_root().obj
    assert isinstance(obj, CliState)
    return obj


def clean(value: Any) -> str:
    """Text that is safe for a terminal: line breaks and tabs become spaces, and other control
    and format characters (escape sequences, bells, direction overrides) vanish, so stored text can
    never move the cursor or recolour the screen."""
    return "".join(_safe_character(ch) for ch in cell(value))


def _safe_character(ch: str) -> str:
    if ch in "\t\n\r":
        return " "
    if ch == ZERO_WIDTH_JOINER:  # a format character that joins emoji, harmless
        return ch
    return "" if unicodedata.category(ch) in ("Cc", "Cf") else ch


def cell(value: Any) -> str:
    """How one value reads in a table: yes/no for booleans, nothing for None."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def plain(value: Any, style: str = "") -> Text:
    """User-supplied text as a Rich `Text`: never read as markup, control characters removed."""
    return Text(clean(value), style=style)


def print_json(result: Any) -> None:
    """Print DTOs (or plain data) as JSON, through the one cattrs converter."""
    console.print_json(json.dumps(converter.unstructure(result)))


def show(result: Any, as_json: bool, render: Callable[[Any], None] | None = None) -> None:
    """`--json` prints the DTOs; otherwise a Rich rendering (a key/value table by default)."""
    if as_json:
        print_json(result)
    elif render is not None:
        render(result)
    else:
        show_record(result)


def show_record(result: Any, title: str | None = None) -> None:
    data = converter.unstructure(result)
    table = Table(title=title, show_header=False, box=None)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for key, value in data.items():
        if isinstance(value, list):
            value = (
                f"{len(value)} item(s)"
                if value and isinstance(value[0], dict)
                else ", ".join(map(cell, value))
            )
        table.add_row(plain(key, "bold"), plain(value))
    console.print(table)


def show_rows(rows: list[Any], columns: list[str], *, title: str, empty: str, as_json: bool = False) -> None:
    """DTOs, one row each, with the given fields (`empty` says in words that there are none);
    with `as_json`, the DTOs whole, as JSON.

    Nothing is ever cut: when the rows do not fit the terminal's width as a table, each row is
    shown as its own list of fields, so a slug or a number is always printed whole.
    """
    if as_json:
        print_json(rows)
        return
    if not rows:
        console.print(plain(empty))
        return
    headers = [column.replace("_", " ") for column in columns]
    cells = [[clean(converter.unstructure(row).get(c)) for c in columns] for row in rows]
    # a header is never wrapped either: Rich would then need more width than was planned
    widths = [max([len(header), *(len(line[i]) for line in cells)]) for i, header in enumerate(headers)]
    if sum(widths) + 3 * len(widths) + 1 <= console.width:  # cells plus borders and padding
        table = Table(title=title, title_justify="left")
        for header, width in zip(headers, widths, strict=True):
            table.add_column(header, min_width=width, overflow="fold")
        for line in cells:
            table.add_row(*(Text(value) for value in line))
        console.print(table)
        return
    console.print(plain(title, "italic"))
    for line in cells:
        record = Table.grid(padding=(0, 1))
        record.add_column(style="bold", no_wrap=True)
        record.add_column(overflow="fold")
        for header, value in zip(headers, line, strict=True):
            record.add_row(Text(header), Text(value))
        console.print(record)
        console.print()


def show_shopping_items(
    items: list[Any], *, title: str = "Shopping list", empty: str = "Nothing to buy."
) -> None:
    """What to buy, one row per ingredient: an event's shopping list, the season's, the demo's."""
    show_rows(
        items,
        ["ingredient", "needed", "on_hand", "to_buy", "unit", "product", "packages", "estimated_cost"],
        title=title,
        empty=empty,
    )


JSON_OPTION = typer.Option(False, "--json", help="Print the result as JSON.")
