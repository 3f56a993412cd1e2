"""Property: any ledger the services can build survives export → import into an empty ledger exactly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bakeledger
from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import BakeLedgerError
from bakeledger.services import assembly, exchange, inventory, production
from bakeledger.uow.base import UnitOfWork
from tests.integration.exchange_support import BAG, build_catalogue, digest, export, import_into, seed

PRODUCTS = ["flour-cups", "flour-mill-10lb", "sugar-sweet", "chocolate-dark", BAG]
BAKES = [("cookie-dough", "dough-ball", 10), ("chocolate-chip-cookies", "chocolate-chip-cookie", 24)]
amounts = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("8"), places=3)
prices = st.decimals(min_value=Decimal("0"), max_value=Decimal("25"), places=2)

steps = st.one_of(
    st.tuples(st.just("buy"), st.sampled_from(PRODUCTS), amounts, prices, st.integers(0, 3)),
    st.tuples(
        st.just("consume"),
        st.sampled_from([("flour", "cup"), ("sugar", "cup"), ("chocolate", "oz")]),
        amounts,
    ),
    st.tuples(st.just("deplete"), st.integers(1, 8), amounts),
    st.tuples(st.just("bake"), st.sampled_from(BAKES), st.integers(1, 2), st.integers(0, 5)),
    st.tuples(st.just("assemble"), st.integers(1, 2), st.booleans()),
    st.tuples(st.just("adjust"), st.integers(-6, 12), prices),
    st.tuples(st.just("reverse"), st.booleans()),
)


def apply(uow: UnitOfWork, step: tuple[Any, ...]) -> None:
    """One step of baking life, through the services."""
    kind, *args = step
    if kind == "buy":
        product, packages, price, day = args
        purchased = dt.date(2025, 11, 1) + dt.timedelta(days=day)
        inventory.add_purchase(
            uow, product=product, packages=packages, price_per_package=price, purchased_on=purchased
        )
    elif kind == "consume":
        (ingredient, unit), quantity = args
        inventory.consume_fifo(uow, ingredient=ingredient, quantity=quantity, unit=unit)
    elif kind == "deplete":
        lot_id, quantity = args
        inventory.deplete_lot(uow, lot_id=lot_id, quantity=quantity, reason="spoilage")
    elif kind == "bake":
        (recipe, unit, per_batch), batches, lost = args
        production.record_production(
            uow, recipe=recipe, finished_unit=unit, batches=batches, actual_yield=per_batch * batches - lost
        )
    elif kind == "assemble":
        quantity, bypass = args
        assembly.record_assembly(
            uow,
            finished_good="cookie-bag",
            quantity=quantity,
            packaging_bypassed=bypass,
            bypass_notes="ran out of bags" if bypass else None,
        )
    elif kind == "adjust":
        delta, cost = args
        reason = "found" if delta > 0 else "spoilage"
        inventory.adjust_finished_stock(
            uow, kind="finished_unit", slug="dough-ball", delta=delta or 1, reason=reason, unit_cost=cost
        )
    else:
        history = production.get_production_history(uow, limit=1)
        if args[0] and history:
            production.reverse_production(uow, run_id=history[0].id, reason="undo")
        elif not args[0]:
            runs = assembly.get_assembly_history(uow, limit=1)
            if runs:
                assembly.reverse_assembly(uow, run_id=runs[0].id, reason="undo")


def stocked_catalogue(uow: UnitOfWork) -> None:
    """The shared catalogue with enough of everything on hand for a few bakes and bundles."""
    build_catalogue(uow)
    for product in PRODUCTS:
        inventory.add_purchase(
            uow, product=product, packages=12, price_per_package="1.25", purchased_on="2025-11-01"
        )


def play(ledger: Ledger, plan: list[tuple[Any, ...]]) -> None:
    seed(ledger, stocked_catalogue)
    for step in plan:
        with ledger.uow() as uow:
            try:
                apply(uow, step)
            except BakeLedgerError:
                uow.rollback()  # a refused step (short stock, bad yield, …) changes nothing
            else:
                uow.commit()


@settings(deadline=None, max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=st.lists(steps, min_size=1, max_size=14))
def test_any_ledger_round_trips_exactly(tmp_path_factory: pytest.TempPathFactory, plan: list[Any]) -> None:
    folder = tmp_path_factory.mktemp("round-trip")
    source = bakeledger.open(f"sqlite:///{folder}/source.db")
    target = bakeledger.open(f"sqlite:///{folder}/target.db")
    try:
        play(source, plan)
        document = export(source)

        import_into(target, exchange.parse_document(exchange.canonical_json(document)))

        assert digest(target) == digest(source)
        assert export(target) == document
    finally:
        source.dispose()
        target.dispose()
