"""Property: a random sequence of baking steps sent over HTTP leaves the same ledger as the same
steps called through the library — same outcomes step by step, same state at the end."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar.testing import TestClient

import bakeledger
from bakeledger.app.http import create_app
from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import BakeLedgerError
from bakeledger.services import access, assembly, exchange, inventory, production
from tests.integration.exchange_support import BAG, build_catalogue

PRODUCTS = ["flour-cups", "sugar-sweet", "chocolate-dark", BAG]
BAKES = [("cookie-dough", "dough-ball", 10), ("chocolate-chip-cookies", "chocolate-chip-cookie", 24)]
amounts = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("8"), places=3)
prices = st.decimals(min_value=Decimal("0"), max_value=Decimal("25"), places=2)
steps = st.one_of(
    st.tuples(st.just("buy"), st.sampled_from(PRODUCTS), amounts, prices, st.integers(0, 3)),
    st.tuples(st.just("deplete"), st.integers(1, 6), amounts),
    st.tuples(st.just("bake"), st.sampled_from(BAKES), st.integers(1, 3), st.integers(0, 5)),
    st.tuples(st.just("assemble"), st.integers(1, 3)),
    st.tuples(st.just("reverse"), st.integers(1, 4)),
)
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _arguments(step: tuple[Any, ...], n: int) -> tuple[str, dict[str, Any]]:
    """The step as (what, keyword arguments); the same arguments go over HTTP and to the library."""
    kind, *args = step
    if kind == "buy":
        product, packages, price, day = args
        when = (dt.date(2025, 11, 1) + dt.timedelta(days=day)).isoformat()
        return kind, {
            "product": product,
            "packages": str(packages),
            "price_per_package": str(price),
            "purchased_on": when,
        }
    if kind == "deplete":
        lot_id, quantity = args
        return kind, {"lot_id": lot_id, "quantity": str(quantity), "reason": "spoilage"}
    if kind == "bake":
        (recipe, unit, per_batch), batches, lost = args
        return kind, {
            "recipe": recipe,
            "finished_unit": unit,
            "batches": batches,
            "actual_yield": per_batch * batches - lost,
            "produced_at": f"2025-12-01T10:{n:02d}:00",
        }
    if kind == "assemble":
        return kind, {
            "finished_good": "cookie-bag",
            "quantity": args[0],
            "assembled_at": f"2025-12-01T11:{n:02d}:00",
        }
    return kind, {"run_id": args[0], "reason": "undo"}


def _library(ledger: Ledger, kind: str, arguments: dict[str, Any], key: str) -> str:
    call = {
        "buy": lambda uow: inventory.add_purchase(uow, **arguments, idempotency_key=key),
        "deplete": lambda uow: inventory.deplete_lot(uow, **arguments),
        "bake": lambda uow: production.record_production(uow, **arguments, idempotency_key=key),
        "assemble": lambda uow: assembly.record_assembly(uow, **arguments, idempotency_key=key),
        "reverse": lambda uow: production.reverse_production(uow, **arguments),
    }[kind]
    try:
        ledger.run(call)
    except BakeLedgerError as error:
        return type(error).__name__
    return "ok"


def _http(client: TestClient[Any], kind: str, arguments: dict[str, Any], key: str) -> str:
    headers = {"Idempotency-Key": key}
    if kind == "buy":
        response = client.post("/api/v1/purchases", json=arguments, headers=headers)
    elif kind == "deplete":
        response = client.post("/api/v1/depletions", json=arguments)
    elif kind == "bake":
        response = client.post("/api/v1/production-runs", json=arguments, headers=headers)
    elif kind == "assemble":
        response = client.post("/api/v1/assembly-runs", json=arguments, headers=headers)
    else:
        run_id = arguments["run_id"]
        response = client.post(
            f"/api/v1/production-runs/{run_id}/reversal", json={"reason": arguments["reason"]}
        )
    assert response.status_code < 500, response.text
    return "ok" if response.status_code < 300 else str(response.json()["code"])


def normalized_digest(ledger: Ledger) -> str:
    """The ledger's export with what two ledgers cannot share taken out: uuids are renamed in order
    of appearance and wall-clock stamps (`…_at` set by the clock, not by the caller) dropped."""
    with ledger.uow(read_only=True) as uow:
        document = exchange.export_all(uow)
    names: dict[str, str] = {}

    def clean(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {
                k: clean(v, k)
                for k, v in value.items()
                if k not in ("created_at", "reversed_at", "exported_at")
            }
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, str) and _UUID.match(value):
            return names.setdefault(value, f"u{len(names)}")
        return value

    text = json.dumps(clean(document), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _open(path: Any, name: str) -> Ledger:
    ledger = bakeledger.open(f"sqlite:///{path}/{name}.db")
    with ledger.uow() as uow:
        build_catalogue(uow)
        for product in (*PRODUCTS, "flour-mill-10lb"):  # enough on hand for a few bakes and bundles
            inventory.add_purchase(
                uow, product=product, packages=12, price_per_package="1.25", purchased_on="2025-11-01"
            )
        uow.commit()
    return ledger


@settings(deadline=None, max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=st.lists(steps, min_size=1, max_size=12))
def test_http_and_library_build_the_same_ledger(
    tmp_path_factory: pytest.TempPathFactory, plan: list[Any]
) -> None:
    folder = tmp_path_factory.mktemp("twins")
    over_http, in_process = _open(folder, "http"), _open(folder, "library")
    try:
        token = over_http.run(access.create_token, role="owner").token
        with TestClient(create_app(over_http)) as client:
            client.headers["Authorization"] = f"Bearer {token}"
            for n, step in enumerate(plan):
                kind, arguments = _arguments(step, n)
                key = f"step-{n}"
                assert _http(client, kind, arguments, key) == _library(in_process, kind, arguments, key), step
        assert normalized_digest(over_http) == normalized_digest(in_process)
    finally:
        over_http.dispose()
        in_process.dispose()
