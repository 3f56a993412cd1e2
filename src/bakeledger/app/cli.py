"""The `bakeledger` command line (Typer + Rich). Errors are one line on stderr and a non-zero exit."""

from __future__ import annotations

import sys
from decimal import Decimal

import typer
from rich.progress import BarColumn, Progress, TextColumn

from bakeledger.app import (
    cli_catalog,
    cli_events,
    cli_exchange,
    cli_planning,
    cli_serve,
    cli_stock,
    cli_tokens,
    demo,
)
from bakeledger.app.cli_errors import run_guarded
from bakeledger.app.cli_support import (
    JSON_OPTION,
    CliState,
    console,
    plain,
    print_json,
    show,
    state,
)
from bakeledger.app.ledger import Ledger
from bakeledger.app.logging import configure
from bakeledger.services import events
from bakeledger.uow.migrate import head_revision

app = typer.Typer(
    name="bakeledger",
    help="The transactional core of a holiday-baking planner.",
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(cli_events.app, name="event", help="Events: create, targets, assignments, progress.")
cli_catalog.register(app)
cli_stock.register(app)
cli_events.register(app)
cli_planning.register(app)
cli_exchange.register(app)
cli_tokens.register(app)
cli_serve.register(app)


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    db: str | None = typer.Option(None, "--db", envvar="BAKELEDGER_DATABASE_URL", help="Database URL."),
    log_json: bool = typer.Option(False, "--log-json", help="Write logs as JSON lines on stderr."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log every operation."),
) -> None:
    configure(json_lines=log_json, level="INFO" if (verbose or log_json) else "WARNING")
    if not isinstance(ctx.obj, CliState):
        ctx.obj = CliState()
    ctx.obj.db = db
    if ctx.invoked_subcommand is None:
        ctx.fail("missing command")


@app.command()
def init(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Create the database, or bring a bakeledger database to the latest schema."""
    _show_schema(state(ctx).open("create_or_upgrade"), as_json)


@app.command()
def migrate(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Bring an existing bakeledger database to the latest schema."""
    _show_schema(state(ctx).open("upgrade"), as_json)


def _show_schema(ledger: Ledger, as_json: bool) -> None:
    show({"database": ledger.shown_url, "backend": ledger.backend, "schema": head_revision()}, as_json)


@app.command("demo")
def demo_command(
    ctx: typer.Context,
    reset: bool = typer.Option(False, "--reset", help="Replace everything in the database (asks first)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask before replacing data."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Fill the database with a realistic holiday season and show the dashboard.

    An empty database is initialised first: filling it is what the command is for.
    """
    st = state(ctx)
    ledger = st.open("create")
    if reset and not yes and demo.has_data(ledger):
        typer.confirm(f"Replace everything in {ledger.shown_url} with the demo season?", abort=True, err=True)
    with st.transaction():
        summary = demo.run(ledger, reset=reset)
    if as_json:
        print_json(summary)
        return
    _status(st, include_past=True)
    demo.show_shopping_list(st, summary["event_id"])
    console.print(plain(demo.describe(summary, ledger.shown_url), "bold green"))


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
        console.print("No events. Create one with `bakeledger event create NAME DATE`.", markup=False)
    for item in items:
        overall = item.overall
        title = plain(f"{item.name} — {item.event_date} (id {item.event_id}) — {overall.status}", "bold")
        console.rule(title)
        with Progress(
            TextColumn("{task.description}", markup=False),
            BarColumn(bar_width=None),
            TextColumn("{task.fields[detail]}", markup=False),
            console=console,
            transient=False,
            expand=True,
        ) as bars:
            for p in item.production:
                bars.add_task(
                    plain(f"bake {p.recipe}").plain,
                    total=100,
                    completed=min(100, _pct(p.percent)),
                    detail=f"{p.produced_batches}/{p.target_batches} batches ({p.percent}%)",
                )
            for a in item.assembly:
                bars.add_task(
                    plain(f"assemble {a.finished_good}").plain,
                    total=100,
                    completed=min(100, _pct(a.percent)),
                    detail=f"{a.assembled_quantity}/{a.target_quantity} ({a.percent}%)",
                )
            bars.add_task(
                "overall",
                total=100,
                completed=_pct(overall.overall_percent),
                detail=f"{overall.overall_percent}% · packages {overall.packages_delivered}"
                f"/{overall.packages_total} delivered",
            )


def _pct(text: str) -> int:
    """Whole percent for drawing a bar (the exact figure is printed beside it)."""
    return int(Decimal(text))


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI; every error becomes one clear line and an exit code."""
    sys.exit(run_guarded(app, sys.argv[1:] if argv is None else argv, CliState()))
