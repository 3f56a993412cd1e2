"""Bad values for the inventory, production and assembly services (see bad_calls.py)."""

from __future__ import annotations

from bakeledger.services import assembly, inventory, production
from tests.reliability import corpus as bad
from tests.reliability import world
from tests.reliability.bad_calls_case import Case
from tests.reliability.stage import Stage


def inventory_cases(s: Stage) -> list[Case]:
    lot = s.flour_lot + 1
    return [
        Case(
            "inventory.add_purchase",
            inventory.add_purchase,
            {"product": world.FLOUR_PRODUCT, "packages": 1, "price_per_package": "0.5"},
            {
                "product": bad.slugs(),
                "packages": bad.quantities(),
                "price_per_package": bad.prices(),
                "purchased_on": bad.dates(),
                "expires_on": bad.dates(),
                "supplier": [*bad.optional_texts(), "x" * 201],
                "idempotency_key": [*bad.optional_texts(), "x" * 201, ""],
            },
        ),
        Case(
            "inventory.consume_fifo",
            inventory.consume_fifo,
            {"ingredient": world.FLOUR, "quantity": 1, "unit": "cup"},
            {
                "ingredient": bad.slugs(),
                "quantity": [*bad.quantities(), 10**6],  # more than there is
                "unit": [*bad.units(), "each", "g", "bag"],  # units the flour lots cannot turn into
                "dry_run": bad.booleans(),
            },
        ),
        Case(
            "inventory.stock_on_hand",
            inventory.stock_on_hand,
            {"ingredient": world.FLOUR, "unit": "cup"},
            {"ingredient": bad.slugs(), "unit": [*bad.units(), "each", "g"]},
        ),
        Case(
            "inventory.ingredient_stock",
            inventory.ingredient_stock,
            {"ingredient": world.FLOUR, "unit": "cup"},
            {"ingredient": bad.slugs(), "unit": [*bad.units(), "each", "g"]},
        ),
        Case("inventory.get_lot", inventory.get_lot, {"lot_id": s.flour_lot}, {"lot_id": bad.ids()}),
        Case(
            "inventory.list_lots",
            inventory.list_lots,
            {},
            {"ingredient": bad.slugs(optional=True), "include_empty": bad.booleans()},
        ),
        Case(
            "inventory.deplete_lot",
            inventory.deplete_lot,
            {"lot_id": lot, "quantity": "0.5", "reason": "spoilage"},
            {
                "lot_id": bad.ids(),
                "quantity": [*bad.quantities(), 10**6],
                "reason": bad.words("spoilage", "gift", "correction", "other"),
                "notes": bad.optional_texts(),
            },
        ),
        Case(
            "inventory.finished_stock",
            inventory.finished_stock,
            {"kind": "finished_unit", "slug": world.COOKIE},
            {"kind": bad.words("finished_unit", "finished_good"), "slug": [*bad.slugs(), world.GIFT_BAG]},
        ),
        Case(
            "inventory.adjust_finished_stock",
            inventory.adjust_finished_stock,
            {"kind": "finished_unit", "slug": world.COOKIE, "delta": 1, "reason": "found"},
            {
                "kind": bad.words("finished_unit", "finished_good"),
                "slug": [*bad.slugs(), world.GIFT_BAG],
                "delta": [*bad.deltas(), -1],  # "found" only adds
                "reason": [*bad.words("found", "correction", "adjustment", "gift", "spoilage"), "gift"],
                "notes": bad.optional_texts(),
                "unit_cost": bad.prices(),
            },
        ),
    ]


def production_cases(s: Stage) -> list[Case]:
    base = {"recipe": world.COOKIES, "finished_unit": world.COOKIE, "batches": 1}
    return [
        Case(
            "production.check_can_produce",
            production.check_can_produce,
            {"recipe": world.COOKIES, "batches": 1},
            {"recipe": bad.slugs(), "batches": bad.counts(), "scale": [*bad.quantities(), "0.0000005"]},
        ),
        Case(
            "production.record_production",
            production.record_production,
            base,
            {
                "recipe": bad.slugs(),
                "finished_unit": [*bad.slugs(), world.DOUGH_BALL],  # the dough's, not the cookies'
                "batches": [*bad.counts(), 10**6],  # far more than the stock allows
                "actual_yield": [*bad.counts(zero_ok=True, optional=True), 13],  # more than the 12 expected
                "event": bad.ids(optional=True),
                "loss_category": bad.words("burnt", "other", optional=True),
                "loss_notes": [*bad.optional_texts(), "no loss to explain"],
                "notes": bad.optional_texts(),
                "produced_at": bad.datetimes(),
                "scale": [*bad.quantities(), "0.01"],  # 0.12 of a cookie: nothing whole
                "idempotency_key": [*bad.optional_texts(), "x" * 201, ""],
            },
        ),
        Case(
            "production.get_production_history",
            production.get_production_history,
            {},
            {
                "recipe": bad.slugs(optional=True),
                "finished_unit": bad.slugs(optional=True),
                "event": bad.ids(optional=True),
                "start": bad.datetimes(),
                "end": bad.datetimes(),
                "limit": bad.counts(),
                "offset": bad.counts(zero_ok=True),
                "include_consumptions": bad.booleans(),
                "include_losses": bad.booleans(),
            },
        ),
        Case(
            "production.get_production_run",
            production.get_production_run,
            {"run_id": s.cookie_run},
            {"run_id": bad.ids(), "include_consumptions": bad.booleans(), "include_losses": bad.booleans()},
        ),
        Case(
            "production.reverse_production",
            production.reverse_production,
            {"run_id": s.dough_run, "reason": "dropped"},
            {"run_id": [*bad.ids(), s.cookie_run], "reason": bad.names()},  # its cookies are in a gift bag
        ),
    ]


def assembly_cases(s: Stage) -> list[Case]:
    return [
        Case(
            "assembly.check_can_assemble",
            assembly.check_can_assemble,
            {"finished_good": world.GIFT_BAG, "quantity": 1},
            {"finished_good": bad.slugs(), "quantity": bad.counts()},
        ),
        Case(
            "assembly.record_assembly",
            assembly.record_assembly,
            {"finished_good": world.GIFT_BAG, "quantity": 1},
            {
                "finished_good": bad.slugs(),
                "quantity": [*bad.counts(), 1000],
                "event": bad.ids(optional=True),
                "packaging_bypassed": bad.booleans(),
                "bypass_notes": [*bad.optional_texts(), "not bypassed"],
                "notes": bad.optional_texts(),
                "assembled_at": bad.datetimes(),
                "idempotency_key": [*bad.optional_texts(), "x" * 201],
            },
        ),
        Case(
            "assembly.get_assembly_history",
            assembly.get_assembly_history,
            {},
            {
                "finished_good": bad.slugs(optional=True),
                "event": bad.ids(optional=True),
                "start": bad.datetimes(),
                "end": bad.datetimes(),
                "limit": bad.counts(),
                "offset": bad.counts(zero_ok=True),
                "include_consumptions": bad.booleans(),
            },
        ),
        Case(
            "assembly.get_assembly_run",
            assembly.get_assembly_run,
            {"run_id": s.gift_run},
            {"run_id": bad.ids(), "include_consumptions": bad.booleans()},
        ),
        Case(
            "assembly.reverse_assembly",
            assembly.reverse_assembly,
            {"run_id": s.gift_run, "reason": "wrong ribbon"},
            {"run_id": bad.ids(), "reason": bad.names()},
        ),
    ]
