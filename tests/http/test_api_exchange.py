"""Exchange over HTTP: export the canonical document, import it into an empty ledger, compare digests."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient

import bakeledger
from bakeledger.app.http import create_app
from bakeledger.app.ledger import Ledger
from bakeledger.services import access, exchange
from tests.http.conftest import Api, assert_problem
from tests.integration.exchange_support import digest, export, seed

pytest_plugins = ["tests.integration.exchange_fixtures"]

JSON = {"Content-Type": "application/json"}


@pytest.fixture
def second(ledger: Ledger, tmp_path: Any, request: pytest.FixtureRequest) -> Iterator[Api]:
    """The API over a second, empty ledger on the same backend as `ledger` (holding tokens only)."""
    if ledger.backend == "sqlite":
        url = f"sqlite:///{tmp_path}/second.db"
    else:
        url = request.getfixturevalue("pg_import_database")
    opened = bakeledger.open(url)
    with opened.uow() as uow:  # the session's second PostgreSQL database is shared: empty it
        uow.exchange.delete_all()
        uow.commit()
    tokens = {role: opened.run(access.create_token, role=role).token for role in ("viewer", "baker", "owner")}
    with TestClient(create_app(opened)) as client:
        yield Api(client, tokens)
    opened.dispose()


def ledger_of(api: Api) -> Ledger:
    found: Ledger = api.client.app.state.ledger
    return found


def test_export_is_the_canonical_document_and_hashes_to_the_digest(api: Api, ledger: Ledger) -> None:
    document = seed(ledger)
    response = api.get("/export")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    assert response.content == exchange.canonical_json(document).encode("utf-8")
    assert response.json()["format"] == "bakeledger" and len(response.json()["lots"]) == 6
    expected = digest(ledger)
    assert hashlib.sha256(response.content).hexdigest() == expected
    assert api.ok("GET", "/digest") == {"digest": expected}


def test_export_then_import_into_an_empty_ledger_gives_the_same_digest(
    api: Api, ledger: Ledger, second: Api
) -> None:
    seed(ledger)
    document = api.get("/export").content
    empty = second.ok("GET", "/digest")["digest"]
    assert empty != api.ok("GET", "/digest")["digest"]

    report = second.ok("POST", "/import", content=document, headers=JSON)
    assert report == {"imported": 73, "skipped": 0, "errors": []}
    assert second.ok("GET", "/digest") == api.ok("GET", "/digest")
    assert export(ledger_of(second)) == export(ledger)


def test_import_takes_documents_over_the_usual_body_limit(api: Api, ledger: Ledger, second: Api) -> None:
    seed(ledger)
    padded = api.get("/export").content + b" " * (2 * 1024 * 1024)
    assert second.ok("POST", "/import", content=padded, headers=JSON)["imported"] == 73
    assert digest(ledger_of(second)) == digest(ledger)


def test_import_into_a_ledger_that_holds_data_is_refused_and_changes_nothing(
    api: Api, ledger: Ledger
) -> None:
    seed(ledger)
    document = api.get("/export").content
    before = digest(ledger)
    body = assert_problem(api.call("POST", "/import", content=document, headers=JSON), 409, "Conflict")
    assert "empty ledger" in body["detail"]
    assert digest(ledger) == before


def test_a_bad_document_is_refused_whole_and_writes_nothing(api: Api, ledger: Ledger, second: Api) -> None:
    seed(ledger)
    document = json.loads(api.get("/export").content)
    empty = second.ok("GET", "/digest")["digest"]

    document["lots"][0]["remaining"] = 2.5  # a float where an exact decimal string belongs
    text = json.dumps(document).encode("utf-8")
    body = assert_problem(second.call("POST", "/import", content=text, headers=JSON), 422, "ImportRejected")
    assert any("lots[0].remaining" in p and "2.5" in p for p in body["problems"]), body["problems"]

    broken = text[:-1]
    assert_problem(second.call("POST", "/import", content=broken, headers=JSON), 400, "BadRequest")
    nan = text.replace(b'"format"', b'"nan": NaN, "format"', 1)
    assert_problem(second.call("POST", "/import", content=nan, headers=JSON), 400, "BadRequest")
    assert_problem(second.call("POST", "/import", content=b"[]", headers=JSON), 422, "ImportRejected")
    assert second.ok("GET", "/digest")["digest"] == empty


@pytest.mark.parametrize(
    ("method", "path", "weakest"),
    [("GET", "/export", "owner"), ("POST", "/import", "owner"), ("GET", "/digest", "viewer")],
)
def test_who_may_export_import_and_digest(
    second: Api, ledger: Ledger, method: str, path: str, weakest: str
) -> None:
    kwargs: dict[str, Any] = {}
    if method == "POST":
        seed(ledger)
        kwargs = {"content": exchange.canonical_json(export(ledger)).encode("utf-8"), "headers": JSON}
    assert_problem(second.call(method, path, role=None, **kwargs), 401, "NotAuthenticated")
    roles = ("viewer", "baker", "owner")
    for role in roles[: roles.index(weakest)]:
        refused = assert_problem(second.call(method, path, role=role, **kwargs), 403, "NotAllowed")
        assert refused["needed"] == weakest
    assert export(ledger_of(second))["lots"] == []
    assert second.call(method, path, role=weakest, **kwargs).status_code == 200


def test_openapi_documents_the_import_body_as_an_object(api: Api) -> None:
    document = api.ok("GET", "/openapi.json", role=None)
    body = document["paths"]["/api/v1/import"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"]["type"] == "object"
    assert {"/api/v1/export", "/api/v1/digest", "/api/v1/tokens", "/api/v1/events/{event_id}/plan"} <= set(
        document["paths"]
    )
