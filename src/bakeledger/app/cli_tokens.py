"""CLI commands `token create|list|revoke`: the API tokens the HTTP server accepts.

A token's secret is shown once, when it is made; the ledger keeps only its digest.
"""

from __future__ import annotations

import typer

from bakeledger.app.cli_support import JSON_OPTION, console, err_console, plain, print_json, show, show_rows
from bakeledger.app.cli_support import state as cli_state
from bakeledger.domain.access import ROLES
from bakeledger.services import access

app = typer.Typer(no_args_is_help=True)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="token", help="API tokens for the HTTP server: create, list, revoke.")


@app.command("create")
def create(
    ctx: typer.Context,
    role: str = typer.Option(..., "--role", help=f"One of {', '.join(ROLES)}."),
    name: str | None = typer.Option(None, "--name", help="What the token is for (default: '<role> token')."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Make a token; its secret is printed now and never again."""
    made = cli_state(ctx).write(access.create_token, role=role, name=name)
    if as_json:
        print_json(made)
        return
    show(made, as_json=False)
    err_console.print(
        plain("Keep the token now: it cannot be shown again. Send it as `Authorization: Bearer TOKEN`.")
    )


@app.command("list")
def list_command(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Every token, active and revoked (never their secrets)."""
    rows = cli_state(ctx).read(access.list_tokens)
    show_rows(
        rows,
        ["id", "name", "role", "created_at", "revoked_at"],
        title="API tokens",
        empty="No tokens. Make one with `bakeledger token create --role owner`.",
        as_json=as_json,
    )


@app.command("revoke")
def revoke(
    ctx: typer.Context,
    token_id: str = typer.Argument(..., metavar="ID", help="The token's id (see `token list`)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Revoke a token for good: requests carrying it are refused from now on."""
    revoked = cli_state(ctx).write(access.revoke_token, token_id=token_id)
    if as_json:
        print_json(revoked)
        return
    console.print(plain(f"revoked token {revoked.id} ({revoked.name}, {revoked.role})"))
