"""Tokens over HTTP: the owner lists, makes (its secret shown once) and revokes them; stored hashed."""

from __future__ import annotations

import hashlib

import pytest

from bakeledger.app.ledger import Ledger
from bakeledger.services import access, exchange
from tests.http.conftest import Api, assert_problem


def test_the_owner_makes_lists_and_revokes_a_token(api: Api) -> None:
    response = api.post("/tokens", {"role": "baker", "name": "kitchen tablet"})
    assert response.status_code == 201, response.text
    made = response.json()
    assert set(made) == {"id", "name", "role", "token"}
    assert (made["name"], made["role"]) == ("kitchen tablet", "baker")
    assert made["token"].startswith("bkl_")
    assert response.headers["location"] == f"/api/v1/tokens/{made['id']}"

    listed = api.ok("GET", "/tokens")["items"]
    assert [(t["id"], t["name"], t["role"], t["revoked_at"]) for t in listed] == [
        (1, "viewer token", "viewer", None),
        (2, "baker token", "baker", None),
        (3, "owner token", "owner", None),
        (made["id"], "kitchen tablet", "baker", None),
    ]
    assert all("token" not in t and "token_hash" not in t for t in listed)

    revoked = api.ok("DELETE", f"/tokens/{made['id']}")
    assert (revoked["id"], revoked["name"], revoked["role"]) == (made["id"], "kitchen tablet", "baker")
    assert revoked["revoked_at"] is not None and revoked["revoked_at"] >= revoked["created_at"]


def test_a_default_name_comes_from_the_role(api: Api) -> None:
    made = api.ok("POST", "/tokens", {"role": "viewer"}, status=201)
    assert (made["name"], made["role"]) == ("viewer token", "viewer")


def test_the_secret_is_nowhere_in_the_database_only_its_digest(api: Api, ledger: Ledger) -> None:
    secret = api.ok("POST", "/tokens", {"role": "owner", "name": "laptop"}, status=201)["token"]
    with ledger.uow(read_only=True) as uow:
        rows = uow.tokens.list_all()
        document = exchange.export_all(uow)
    stored = [row for row in rows if row.name == "laptop"]
    assert len(stored) == 1
    assert stored[0].token_hash == hashlib.sha256(secret.encode("utf-8")).hexdigest()
    assert all(secret not in repr(row) for row in rows)
    assert secret not in exchange.canonical_json(document)
    assert secret not in api.get("/tokens").text


def test_a_revoked_token_is_refused_on_the_next_request(api: Api) -> None:
    made = api.ok("POST", "/tokens", {"role": "baker", "name": "phone"}, status=201)
    headers = {"Authorization": f"Bearer {made['token']}"}
    assert api.client.get("/api/v1/events", headers=headers).status_code == 200
    api.ok("DELETE", f"/tokens/{made['id']}")
    assert_problem(api.client.get("/api/v1/events", headers=headers), 401, "NotAuthenticated")


def test_errors_unknown_role_missing_token_and_unknown_fields(api: Api, ledger: Ledger) -> None:
    body = assert_problem(api.post("/tokens", {"role": "admin"}), 422, "ValidationError")
    assert body["field"] == "role"
    assert_problem(api.post("/tokens", {"role": "viewer", "scope": "all"}), 422, "ValidationError")
    assert_problem(api.post("/tokens", {"name": "no role"}), 422, "ValidationError")
    body = assert_problem(api.delete("/tokens/999"), 404, "TokenNotFound")
    assert body["key"] == 999
    with ledger.uow(read_only=True) as uow:
        assert len(access.list_tokens(uow)) == 3


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [("GET", "/tokens", None), ("POST", "/tokens", {"role": "owner"}), ("DELETE", "/tokens/1", None)],
)
def test_only_the_owner_may_touch_tokens(
    api: Api, ledger: Ledger, method: str, path: str, body: object
) -> None:
    kwargs = {} if body is None else {"json": body}
    assert_problem(api.call(method, path, role=None, **kwargs), 401, "NotAuthenticated")
    for role in ("viewer", "baker"):
        refused = assert_problem(api.call(method, path, role=role, **kwargs), 403, "NotAllowed")
        assert refused["needed"] == "owner"
    with ledger.uow(read_only=True) as uow:
        assert [t.revoked_at for t in access.list_tokens(uow)] == [None, None, None]
    assert api.call(method, path, role="owner", **kwargs).status_code in (200, 201)
