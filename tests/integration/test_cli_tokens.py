"""`bakeledger token create|list|revoke`, on both backends: the secret shown once and working, the
list never showing secrets, revoking for good, bad input refused with one line."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import create_engine, text

import bakeledger
from bakeledger.app.ledger import Ledger
from bakeledger.domain.access import token_digest
from bakeledger.domain.errors import NotAuthenticated
from bakeledger.services import access
from tests.integration.cli_fixture import invoke


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], db_url: str, ledger: Ledger) -> Any:
    """The token commands on an empty ledger (the `ledger` fixture made its schema)."""

    def call(*argv: str, code: int = 0, as_json: bool = True) -> Any:
        outcome = invoke(capsys, "--db", db_url, *argv, *(["--json"] if as_json else []))
        assert outcome.code == code and outcome.clean, (argv, outcome)
        if not as_json:
            return outcome
        return json.loads(outcome.out if code == 0 else outcome.err)

    return call


def _authenticate(db_url: str, secret: str) -> Any:
    ledger = bakeledger.open(db_url)
    try:
        with ledger.uow(read_only=True) as uow:
            return access.authenticate(uow, secret=secret)
    finally:
        ledger.dispose()


def test_create_prints_the_secret_once_and_it_authenticates(cli: Any, db_url: str) -> None:
    made = cli("token", "create", "--role", "baker", "--name", "kitchen tablet")
    assert set(made) == {"id", "name", "role", "token"}
    assert (made["id"], made["name"], made["role"]) == (1, "kitchen tablet", "baker")
    assert made["token"].startswith("bkl_") and len(made["token"]) > 40
    assert _authenticate(db_url, made["token"]).role == "baker"
    engine = create_engine(db_url)  # only the digest is stored
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT token_hash FROM api_tokens")).scalars().all()
    engine.dispose()
    assert stored == [token_digest(made["token"])]


def test_create_without_json_shows_the_secret_and_warns_on_stderr(cli: Any) -> None:
    shown = cli("token", "create", "--role", "viewer", as_json=False)
    assert "bkl_" in shown.out and "viewer token" in shown.out
    assert "cannot be shown again" in shown.err


def test_list_shows_every_token_but_never_a_secret(cli: Any) -> None:
    owner = cli("token", "create", "--role", "owner")
    viewer = cli("token", "create", "--role", "viewer", "--name", "fridge screen")
    listed = cli("token", "list")
    assert [(t["id"], t["name"], t["role"], t["revoked_at"]) for t in listed] == [
        (owner["id"], "owner token", "owner", None),
        (viewer["id"], "fridge screen", "viewer", None),
    ]
    assert "bkl_" not in json.dumps(listed)


def test_revoke_is_for_good_and_the_token_stops_working(cli: Any, db_url: str) -> None:
    made = cli("token", "create", "--role", "owner")
    revoked = cli("token", "revoke", str(made["id"]))
    assert revoked["id"] == made["id"] and revoked["revoked_at"] is not None
    assert cli("token", "list")[0]["revoked_at"] == revoked["revoked_at"]
    with pytest.raises(NotAuthenticated):
        _authenticate(db_url, made["token"])
    assert cli("token", "revoke", str(made["id"]))["revoked_at"] == revoked["revoked_at"]  # no change


def test_bad_input_is_one_line_and_writes_nothing(cli: Any) -> None:
    assert cli("token", "create", "--role", "admin", code=1)["error"] == "ValidationError"
    assert cli("token", "revoke", "99", code=1)["error"] == "TokenNotFound"
    assert cli("token", "revoke", "x", code=1)["error"] == "ValidationError"
    assert cli("token", "list") == []
    empty = cli("token", "list", as_json=False)
    assert "No tokens" in empty.out


def test_a_missing_role_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], db_url: str, ledger: Ledger
) -> None:
    outcome = invoke(capsys, "--db", db_url, "token", "create")
    assert outcome.code == 2 and outcome.clean and "--role" in outcome.err
