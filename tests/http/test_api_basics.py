"""The API's common rules: health, deny by default, problem documents, strict bodies, pages."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from litestar.testing import TestClient

import bakeledger
from bakeledger.app.http import create_app
from bakeledger.app.ledger import Ledger
from bakeledger.services import access, catalog
from tests.http.conftest import Api, assert_problem


def test_health_is_public_and_names_backend_and_schema(api: Api, ledger: Ledger) -> None:
    body = api.ok("GET", "/health", role=None)
    assert body["status"] == "ok" and body["backend"] == ledger.backend
    assert body["schema"].isdigit()


def test_a_missing_or_unknown_token_is_401_and_a_revoked_one_too(api: Api, ledger: Ledger) -> None:
    assert_problem(api.get("/ingredients", role=None), 401, "NotAuthenticated")
    bad = api.client.get("/api/v1/ingredients", headers={"Authorization": "Bearer bkl_nope"})
    assert_problem(bad, 401, "NotAuthenticated")
    assert bad.headers["www-authenticate"].startswith("Bearer")
    made = ledger.run(access.create_token, role="viewer", name="phone")
    headers = {"Authorization": f"Bearer {made.token}"}
    assert api.client.get("/api/v1/ingredients", headers=headers).status_code == 200
    ledger.run(access.revoke_token, token_id=made.id)
    assert_problem(api.client.get("/api/v1/ingredients", headers=headers), 401, "NotAuthenticated")


def test_a_role_that_may_not_is_403_and_nothing_is_written(api: Api, ledger: Ledger) -> None:
    for role in ("viewer", "baker"):
        body = assert_problem(api.post("/ingredients", {"name": "Flour"}, role=role), 403, "NotAllowed")
        assert body["role"] == role and body["needed"] == "owner"
    with ledger.uow(read_only=True) as uow:
        assert catalog.list_ingredients(uow) == []


def test_repeated_failures_from_one_address_are_slowed_down(api: Api) -> None:
    for _ in range(5):
        assert api.client.get("/api/v1/ingredients", headers={"Authorization": "Bearer x"}).status_code == 401
    slowed = api.client.get("/api/v1/ingredients", headers={"Authorization": f"Bearer {api.tokens['owner']}"})
    body = assert_problem(slowed, 429, "TooManyAttempts")
    assert int(slowed.headers["retry-after"]) >= 1 and body["retry_after"] >= 1


def test_create_answers_201_with_location_and_the_dto(api: Api) -> None:
    response = api.post("/ingredients", {"name": "Flour", "density": "1 cup = 120 g"})
    assert response.status_code == 201
    assert response.headers["location"] == "/api/v1/ingredients/flour"
    assert response.json()["density"] == "1 cup = 120 g"
    assert api.ok("GET", "/ingredients/flour")["name"] == "Flour"


def test_bodies_are_strict_floats_unknown_fields_and_broken_json_refused(api: Api, ledger: Ledger) -> None:
    body = assert_problem(
        api.post("/ingredients", {"name": "Flour", "colour": "white"}), 422, "ValidationError"
    )
    assert "colour" in body["detail"]
    body = assert_problem(api.call("POST", "/ingredients", content=b'{"name": 2.5}'), 422, "ValidationError")
    assert body["field"] == "name" and "write it as a string" in body["detail"]
    assert_problem(api.call("POST", "/ingredients", content=b'{"name": "Flour"'), 400, "BadRequest")
    assert_problem(api.call("POST", "/ingredients", content=b'{"name": NaN}'), 400, "BadRequest")
    with ledger.uow(read_only=True) as uow:
        assert catalog.list_ingredients(uow) == []


def test_a_body_over_one_mebibyte_is_413(api: Api) -> None:
    response = api.call("POST", "/ingredients", content=b'{"name": "' + b"x" * (1024 * 1024) + b'"}')
    assert_problem(response, 413, "RequestBodyTooLarge")


def test_errors_of_the_tree_keep_their_fields(api: Api) -> None:
    api.ok("POST", "/ingredients", {"name": "Flour"}, status=201)
    body = assert_problem(api.post("/ingredients", {"name": "FLOUR"}), 409, "DuplicateName")
    assert body["type"] == "/problems/duplicate-name" and body["kind"] == "ingredient"
    body = assert_problem(api.get("/ingredients/rye"), 404, "IngredientNotFound")
    assert body["key"] == "rye"
    assert_problem(api.get("/no-such-thing"), 404, "NotFound")


def test_patch_changes_only_the_fields_sent(api: Api) -> None:
    api.ok(
        "POST",
        "/ingredients",
        {"name": "Flour", "category": "baking", "density": "1 cup = 120 g"},
        status=201,
    )
    changed = api.ok("PATCH", "/ingredients/flour", {"category": "dry goods"})
    assert changed["category"] == "dry goods" and changed["density"] == "1 cup = 120 g"
    cleared = api.ok("PATCH", "/ingredients/flour", {"density": None})
    assert cleared["density"] is None and cleared["category"] == "dry goods"


def test_lists_come_in_pages_with_a_next_link(api: Api) -> None:
    for name in ("Butter", "Flour", "Sugar"):
        api.ok("POST", "/ingredients", {"name": name}, status=201)
    first = api.ok("GET", "/ingredients", params={"limit": 2})
    assert [i["slug"] for i in first["items"]] == ["butter", "flour"]
    assert first["next"] is not None and "offset=2" in first["next"]
    second = api.ok("GET", "/ingredients", params={"limit": 2, "offset": 2})
    assert [i["slug"] for i in second["items"]] == ["sugar"] and second["next"] is None
    assert_problem(api.get("/ingredients", params={"limit": 1001}), 422, "ValidationError")
    assert_problem(api.get("/ingredients", params={"limit": "many"}), 422, "ValidationError")


def test_openapi_is_public_and_states_number_formats(api: Api) -> None:
    document = api.ok("GET", "/openapi.json", role=None)
    assert document["openapi"].startswith("3.1")
    assert "/api/v1/ingredients/{slug}" in document["paths"]


def test_a_database_kept_busy_past_the_retries_is_503_with_retry_after(tmp_path: Path) -> None:
    """Another writer holds SQLite's write lock: the server retries, then answers 503 with
    Retry-After, and nothing of the request is written."""
    url = f"sqlite:///{tmp_path}/busy.db"
    ledger = bakeledger.open(url, sqlite_busy_timeout_ms=20)
    try:
        token = ledger.run(access.create_token, role="owner").token
        blocker = sqlite3.connect(tmp_path / "busy.db", isolation_level=None)
        with TestClient(create_app(ledger)) as client:
            blocker.execute("BEGIN IMMEDIATE")
            try:
                response = client.post(
                    "/api/v1/ingredients",
                    json={"name": "Flour"},
                    headers={"Authorization": f"Bearer {token}"},
                )
            finally:
                blocker.execute("ROLLBACK")
                blocker.close()
        body = assert_problem(response, 503, "ConcurrencyError")
        assert int(response.headers["retry-after"]) >= 1 and body["attempts"] == 4
        with ledger.uow(read_only=True) as uow:
            assert catalog.list_ingredients(uow) == []
    finally:
        ledger.dispose()
