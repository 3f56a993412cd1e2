"""The `bakeledger` command line (Typer + Rich). Errors are one line on stderr and a non-zero exit."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

import click
import typer
from rich.progress import BarColumn, Progress, TextColumn

from bakeledger.app import cli_events, cli_stock, demo
from bakeledger.app.cli_support import JSON_OPTION, CliState, console, err_console, print_json, show, state
from bakeledger.app.logging import configure
from bakeledger.domain.errors import BakeLedgerError, ImportRejected
from bakeledger.services import events, exchange

app = typer.Typer(
    name="bakeledger",
    help="The transactional core of a holiday-baking planner.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(cli_events.app, name="event", help="Events: create, targets, assignments, progress.")
cli_stock.register(app)
cli_events.register(app)


@app.callback()
def _root(
    ctx: typer.Context,
    db: str | None = typer.Option(None, "--db", envvar="BAKELEDGER_DATABASE_URL", help="Database URL."),
    log_json: bool = typer.Option(False, "--log-json", help="Write logs as JSON lines on stderr."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log every operation."),
) -> None:
    configure(json_lines=log_json, level="INFO" if (verbose or log_json) else "WARNING")
    ctx.obj = CliState(db)


@app.command()
def init(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Create the database (or bring it to the latest schema)."""
    ledger = state(ctx).ledger
    show({"database": ledger.url, "backend": ledger.backend, "schema": "head"}, as_json)


@app.command("demo")
def demo_command(
    ctx: typer.Context,
    reset: bool = typer.Option(False, "--reset", help="Wipe the database first (never done silently)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Fill the database with a realistic holiday season and show the dashboard."""
    st = state(ctx)
    summary = demo.run(st.ledger, reset=reset)
    if as_json:
        print_json(summary)
        return
    console.print(f"[bold green]Demo season loaded[/] into {st.ledger.url}: {summary['counts']}")
    _status(st, include_past=True)
    demo.show_shopping_list(st, summary["event_id"])


@app.command()
def status(
    ctx: typer.Context,
    all_events: bool = typer.Option(False, "--all", help="Include past events."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Events with their production, assembly and overall progress."""
    st = state(ctx)
    if as_json:
        print_json(st.read(events.get_events_with_progress, filter="all" if all_events else "active_future"))
        return
    _status(st, include_past=all_events)


def _status(st: CliState, *, include_past: bool) -> None:
    items = st.read(events.get_events_with_progress, filter="all" if include_past else "active_future")
    if not items:
        console.print("No events. Create one with `bakeledger event create NAME DATE`.")
    for item in items:
        overall = item.overall
        console.rule(f"[bold]{item.name}[/] — {item.event_date} (id {item.event_id}) — {overall.status}")
        with Progress(
            TextColumn("{task.description:<34}"),
            BarColumn(bar_width=30),
            TextColumn("{task.fields[detail]}"),
            console=console,
            transient=False,
        ) as bars:
            for p in item.production:
                bars.add_task(
                    f"bake {p.recipe}",
                    total=100,
                    completed=min(100, _pct(p.percent)),
                    detail=f"{p.produced_batches}/{p.target_batches} batches ({p.percent}%)",
                )
            for a in item.assembly:
                bars.add_task(
                    f"assemble {a.finished_good}",
                    total=100,
                    completed=min(100, _pct(a.percent)),
                    detail=f"{a.assembled_quantity}/{a.target_quantity} ({a.percent}%)",
                )
            bars.add_task(
                "[bold]overall",
                total=100,
                completed=_pct(overall.overall_percent),
                detail=f"{overall.overall_percent}% · packages {overall.packages_delivered}"
                f"/{overall.packages_total} delivered",
            )


def _pct(text: str) -> int:
    """Whole percent for drawing a bar (the exact figure is printed beside it)."""
    return int(Decimal(text))


@app.command("export")
def export_command(ctx: typer.Context, file: Path, as_json: bool = JSON_OPTION) -> None:
    """Write the whole ledger as one canonical JSON document."""
    st = state(ctx)
    document = st.read(exchange.export_all)
    file.write_text(json.dumps(document, sort_keys=True, indent=1))
    digest = st.read(exchange.state_digest)
    show({"file": str(file), "digest": digest}, as_json)


@app.command("import")
def import_command(ctx: typer.Context, file: Path, as_json: bool = JSON_OPTION) -> None:
    """Load a full export into an empty database (validated first; all or nothing)."""
    st = state(ctx)
    size = file.stat().st_size
    if size > exchange.MAX_DOCUMENT_BYTES:  # refuse before reading a huge file into memory
        raise ImportRejected(problems=[f"{file}: {size} bytes; at most {exchange.MAX_DOCUMENT_BYTES}"])
    document = exchange.parse_document(file.read_bytes())
    report = st.write(exchange.import_all, document=document)
    show(report, as_json)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI; turn every error into one clear line and an exit code."""
    try:
        app(args=argv, standalone_mode=False)
    except BakeLedgerError as exc:
        err_console.print(f"[red]error:[/] {type(exc).__name__}: {exc.message}", highlight=False)
        sys.exit(1)
    except click.exceptions.Abort:
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (OSError, ValueError) as exc:
        err_console.print(f"[red]error:[/] {exc}", highlight=False)
        sys.exit(1)
