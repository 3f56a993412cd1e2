"""Who may call the inventory, production and assembly routes: no token is 401, a viewer may read
and check but not record (403, nothing written), a baker may record."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.services import assembly, catalog, inventory, production
from tests.helpers import dump
from tests.http.conftest import Api, assert_problem
from tests.http.kitchen import setup_gift_bags
from tests.integration.gift_bag_kitchen import COOKIE, GIFT_BAG

BAKE = {"recipe": "sugar-cookies", "finished_unit": COOKIE, "batches": 1}
BUNDLE = {"finished_good": GIFT_BAG, "quantity": 1}

# method, path, body, the weakest role allowed, the status that role gets
ROUTES: list[tuple[str, str, Any, str, int]] = [
    (
        "POST",
        "/purchases",
        {"product": "flour-cups", "packages": 1, "price_per_package": "0.50"},
        "baker",
        201,
    ),
    ("GET", "/lots?ingredient=flour", None, "viewer", 200),
    ("GET", "/lots/{lot}", None, "viewer", 200),
    ("GET", "/stock/flour?unit=cup", None, "viewer", 200),
    ("POST", "/depletions", {"lot_id": "{lot}", "quantity": 1, "reason": "gift"}, "baker", 200),
    ("GET", "/finished-stock", None, "viewer", 200),
    ("POST", "/production-checks", {"recipe": "sugar-cookies", "batches": 1}, "viewer", 200),
    ("POST", "/production-runs", BAKE, "baker", 201),
    ("GET", "/production-runs", None, "viewer", 200),
    ("GET", "/production-runs/{bake}", None, "viewer", 200),
    ("POST", "/production-runs/{bake}/reversal", {"reason": "test"}, "baker", 200),
    ("POST", "/assembly-checks", BUNDLE, "viewer", 200),
    ("POST", "/assembly-runs", BUNDLE, "baker", 201),
    ("GET", "/assembly-runs", None, "viewer", 200),
    ("GET", "/assembly-runs/{bundle}", None, "viewer", 200),
    ("POST", "/assembly-runs/{bundle}/reversal", {"reason": "test"}, "baker", 200),
]


def _setup(ledger: Ledger) -> dict[str, int]:
    """The gift-bag kitchen, flour bought by the cup, one bake and one assembly recorded."""
    setup_gift_bags(ledger)
    with ledger.uow() as uow:
        catalog.create_product(
            uow, ingredient="flour", brand="Cups", package_unit="cup", package_unit_quantity=1
        )
        lot = inventory.add_purchase(uow, product="flour-cups", packages=10, price_per_package="0.50")
        bake = production.record_production(uow, **BAKE)
        bundle = assembly.record_assembly(uow, **BUNDLE)
        uow.commit()
    return {"lot": lot.id, "bake": bake.id, "bundle": bundle.id}


def _fill(value: Any, ids: dict[str, int]) -> Any:
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids[value[1:-1]]
    return value.format(**ids) if isinstance(value, str) else value


@pytest.mark.parametrize(
    ("method", "path", "body", "needed", "status"), ROUTES, ids=[f"{m} {p}" for m, p, *_ in ROUTES]
)
def test_each_route_asks_for_its_role(
    api: Api, ledger: Ledger, fresh: Engine, method: str, path: str, body: Any, needed: str, status: int
) -> None:
    ids = _setup(ledger)
    path, body = _fill(path, ids), _fill(body, ids)
    before = dump(fresh)
    kwargs = {"json": body} if body is not None else {}
    assert_problem(api.call(method, path, role=None, **kwargs), 401, "NotAuthenticated")
    if needed == "baker":
        refused = assert_problem(api.call(method, path, role="viewer", **kwargs), 403, "NotAllowed")
        assert (refused["role"], refused["needed"]) == ("viewer", "baker")
    assert dump(fresh) == before
    allowed = api.call(method, path, role=needed, **kwargs)
    assert allowed.status_code == status, allowed.text


def test_openapi_states_request_numbers_and_the_idempotency_headers(api: Api) -> None:
    document = api.ok("GET", "/openapi.json", role=None)
    schemas = document["components"]["schemas"]
    number = {"oneOf": [{"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$"}, {"type": "integer"}]}
    assert schemas["NewPurchase"]["properties"]["packages"] == number
    assert schemas["NewProductionRun"]["properties"]["scale"] == number
    assert schemas["LotDTO"]["properties"]["unit_cost"]["pattern"] == "^-?[0-9]+\\.[0-9]{4}$"
    for path in ("/api/v1/purchases", "/api/v1/production-runs", "/api/v1/assembly-runs"):
        create = document["paths"][path]["post"]
        assert [(p["name"], p["in"], p["required"]) for p in create["parameters"]] == [
            ("Idempotency-Key", "header", False)
        ]
        assert {"Location", "Idempotent-Replayed"} <= set(create["responses"]["201"]["headers"])
    history = document["paths"]["/api/v1/production-runs"]["get"]["parameters"]
    assert {"from", "to", "recipe", "event", "limit", "offset"} == {p["name"] for p in history}
