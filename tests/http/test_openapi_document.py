"""What the OpenAPI document says about every route: its role, its problem answers, page bounds."""

from __future__ import annotations

from typing import Any

from tests.http.conftest import Api

PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


def _document(api: Api) -> dict[str, Any]:
    document: dict[str, Any] = api.ok("GET", "/openapi.json", role=None)
    return document


def test_routes_state_the_bearer_token_and_the_role_they_need(api: Api) -> None:
    document = _document(api)
    assert document["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": document["components"]["securitySchemes"]["bearer"]["description"],
    }
    health = document["paths"]["/api/v1/health"]["get"]
    assert health["security"] == [] and "401" not in health["responses"]
    create = document["paths"]["/api/v1/ingredients"]["post"]
    assert create["security"] == [{"bearer": []}]
    assert "Needs the owner role" in create["description"]
    assert "Needs the viewer role" in document["paths"]["/api/v1/ingredients"]["get"]["description"]


def test_errors_are_documented_as_problem_documents(api: Api) -> None:
    document = _document(api)
    assert document["components"]["schemas"]["Problem"]["required"] == [
        "type",
        "title",
        "status",
        "detail",
        "code",
    ]
    patch = document["paths"]["/api/v1/ingredients/{slug}"]["patch"]["responses"]
    assert list(patch) == ["200", "400", "401", "403", "404", "422", "default"]
    assert all(patch[code]["content"] == PROBLEM for code in patch if code != "200")
    listing = document["paths"]["/api/v1/ingredients"]["get"]["responses"]
    assert list(listing) == ["200", "401", "403", "422", "default"]  # no body, no path key


def test_page_parameters_state_their_bounds(api: Api) -> None:
    parameters = _document(api)["paths"]["/api/v1/ingredients"]["get"]["parameters"]
    schemas = {p["name"]: p["schema"] for p in parameters}
    assert schemas["limit"] == {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}
    assert schemas["offset"] == {"type": "integer", "minimum": 0, "default": 0}


def test_a_response_of_several_shapes_is_any_of_them(api: Api) -> None:
    """An empty page of events is a page of either kind: anyOf, not oneOf, says so."""
    listing = _document(api)["paths"]["/api/v1/events"]["get"]["responses"]["200"]
    schema = listing["content"]["application/json"]["schema"]
    assert "oneOf" not in schema and len(schema["anyOf"]) == 2
    assert api.ok("GET", "/events") == {"items": [], "next": None}
