"""HTTP fixtures: the app in process over the test ledger, and a token for each role."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient

from bakeledger.app.http import create_app
from bakeledger.app.ledger import Ledger
from bakeledger.services import access


class Api:
    """A test client that sends one role's token (or none) with every request."""

    def __init__(self, client: TestClient[Any], tokens: dict[str, str]) -> None:
        self.client, self.tokens = client, tokens

    def call(self, method: str, path: str, *, role: str | None = "owner", **kwargs: Any) -> Any:
        headers = dict(kwargs.pop("headers", {}))
        if role is not None:
            headers["Authorization"] = f"Bearer {self.tokens[role]}"
        return self.client.request(method, f"/api/v1{path}", headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.call("POST", path, json=body, **kwargs)

    def put(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.call("PUT", path, json=body, **kwargs)

    def patch(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.call("PATCH", path, json=body, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Any:
        return self.call("DELETE", path, **kwargs)

    def ok(self, method: str, path: str, body: Any = None, *, status: int = 200, **kwargs: Any) -> Any:
        """The JSON of a call that must answer `status`."""
        if body is not None:
            kwargs["json"] = body
        response = self.call(method, path, **kwargs)
        assert response.status_code == status, response.text
        return response.json()


@pytest.fixture
def api(ledger: Ledger) -> Iterator[Api]:
    tokens = {role: ledger.run(access.create_token, role=role).token for role in ("viewer", "baker", "owner")}
    with TestClient(create_app(ledger)) as client:
        yield Api(client, tokens)


def assert_problem(response: Any, status: int, code: str) -> dict[str, Any]:
    """The response is a problem document of this status and code; its body is returned."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["code"] == code
    assert body["type"].startswith("/problems/")
    assert {"title", "detail"} <= set(body)
    return body
