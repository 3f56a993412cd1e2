"""Every public service of SPEC §6 with valid arguments and the bad values to try for each one.

A case's `base` arguments are valid on the stage (stage.py); one argument at a time is replaced
by each of its bad values. `special_cases` are valid values in a combination the rules forbid.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from bakeledger.services import assembly, catalog, events, exchange, inventory, production
from tests.reliability import corpus as bad
from tests.reliability import world
from tests.reliability.stage import Stage

SPEC_NAMES = {
    "catalog": [
        "create_ingredient",
        "create_product",
        "create_recipe",
        "add_recipe_component",
        "aggregated_ingredients",
        "create_finished_unit",
        "create_finished_good",
        "create_package",
        "create_recipient",
    ],
    "inventory": [
        "add_purchase",
        "consume_fifo",
        "stock_on_hand",
        "list_lots",
        "deplete_lot",
        "finished_stock",
        "adjust_finished_stock",
    ],
    "production": [
        "check_can_produce",
        "record_production",
        "get_production_history",
        "get_production_run",
        "reverse_production",
    ],
    "assembly": [
        "check_can_assemble",
        "record_assembly",
        "get_assembly_history",
        "get_assembly_run",
        "reverse_assembly",
    ],
    "events": [
        "create_event",
        "get_event",
        "list_events",
        "update_event",
        "delete_event",
        "clone_event",
        "set_production_target",
        "set_assembly_target",
        "delete_production_target",
        "delete_assembly_target",
        "assign_package",
        "advance_fulfillment",
        "list_assignments",
        "get_production_progress",
        "get_assembly_progress",
        "get_overall_progress",
        "get_events_with_progress",
        "get_event_cost_analysis",
        "get_event_summary",
        "get_shopping_list",
        "plan_event",
    ],
    "exchange": ["export_all", "import_all", "state_digest", "export_history", "import_history"],
}


@attrs.frozen
class Case:
    name: str
    function: Callable[..., Any]
    base: dict[str, Any]
    params: dict[str, list[Any]]


def _line(**change: Any) -> list[dict[str, Any]]:
    return [{"ingredient": world.FLOUR, "quantity": 1, "unit": "cup", **change}]


def _lines() -> list[Any]:
    return [
        "flour",
        [("flour", 1, "cup")],
        {"ingredient": "flour"},
        [None],
        _line(quantity=0),
        _line(quantity="1e3"),
        _line(unit="cup!"),
        _line(unit=None),
        _line(ingredient="no-such-thing"),
        _line(ingredient=None),
        _line(ingredient=["flour"]),
        [{"quantity": 1, "unit": "cup"}],
        *bad.wrong_types(),
    ]


def _recipe_parts() -> list[Any]:
    return [
        "dough",
        [{"recipe": "no-such-thing"}],
        [{"recipe": None}],
        [{"recipe": world.DOUGH, "multiplier": 0}],
        [{"recipe": world.DOUGH, "multiplier": "NaN"}],
        [{"recipe": world.DOUGH}, {"recipe": world.DOUGH}],
        [{"multiplier": 1}],
        *bad.wrong_types(),
    ]


def _good_parts() -> list[Any]:
    return [
        None,
        [],
        "cookie",
        [{"kind": "cake", "slug": world.COOKIE}],
        [{"kind": None, "slug": world.COOKIE}],
        [{"kind": ["finished_unit"], "slug": world.COOKIE}],
        [{"kind": "finished_unit", "slug": world.COOKIE, "quantity": 0}],
        [{"kind": "finished_unit", "slug": world.COOKIE, "quantity": "1.5"}],
        [{"kind": "packaging", "slug": world.BAG_PRODUCT, "quantity": -1}],
        [{"kind": "finished_unit", "slug": "no-such-thing"}],
        [{"kind": "finished_good", "slug": None}],
        [{"kind": "packaging", "slug": world.COOKIE}],
        *bad.wrong_types(),
    ]


def _contents() -> list[Any]:
    return [
        "gift-bag",
        [{"finished_good": "no-such-thing"}],
        [{"finished_good": None}],
        [{"finished_good": world.GIFT_BAG, "quantity": 0}],
        [{"finished_good": world.GIFT_BAG, "quantity": 2.5}],
        *bad.wrong_types(),
    ]


def _catalog(s: Stage) -> list[Case]:
    return [
        Case(
            "catalog.create_ingredient",
            catalog.create_ingredient,
            {"name": "Butter"},
            {
                "name": bad.names(),
                "category": bad.names(),
                "density": [
                    "1 cup = 0 g",
                    "cup = g",
                    "1 g = 1 cup",
                    "1 cup = 120 each",
                    "1e3 cup = 1 g",
                    120,
                    "",
                ]
                + bad.wrong_types(),
            },
        ),
        Case(
            "catalog.create_product",
            catalog.create_product,
            {"ingredient": world.FLOUR, "brand": "Farm", "package_unit": "lb", "package_unit_quantity": 5},
            {
                "ingredient": bad.slugs(),
                "brand": bad.names(),
                "package_unit": bad.units(),
                "package_unit_quantity": bad.quantities(),
                "name": [n for n in bad.names() if n is not None],
                "preferred": bad.booleans(),
            },
        ),
        Case(
            "catalog.create_recipe",
            catalog.create_recipe,
            {"name": "Scones", "ingredients": _line()},
            {
                "name": bad.names(),
                "category": bad.names(),
                "ingredients": _lines(),
                "components": _recipe_parts(),
            },
        ),
        Case(
            "catalog.add_recipe_component",
            catalog.add_recipe_component,
            {"recipe": world.COOKIES, "component": "glaze"},
            {
                "recipe": bad.slugs(),
                "component": [*bad.slugs(), world.COOKIES, world.DOUGH],  # itself; already a component
                "multiplier": bad.quantities(),
            },
        ),
        Case(
            "catalog.aggregated_ingredients",
            catalog.aggregated_ingredients,
            {"recipe": world.COOKIES},
            {"recipe": bad.slugs(), "batches": bad.counts()},
        ),
        Case(
            "catalog.create_finished_unit",
            catalog.create_finished_unit,
            {"recipe": world.COOKIES, "name": "Crumb", "items_per_batch": 10},
            {"recipe": bad.slugs(), "name": bad.names(), "items_per_batch": bad.counts()},
        ),
        Case(
            "catalog.create_finished_good",
            catalog.create_finished_good,
            {"name": "Tin", "components": [{"kind": "finished_unit", "slug": world.COOKIE, "quantity": 4}]},
            {"name": bad.names(), "components": _good_parts()},
        ),
        Case(
            "catalog.create_package",
            catalog.create_package,
            {"name": "Crate", "contents": [{"finished_good": world.GIFT_BAG, "quantity": 1}]},
            {"name": bad.names(), "contents": _contents()},
        ),
        Case(
            "catalog.create_recipient",
            catalog.create_recipient,
            {"name": "Bob"},
            {"name": bad.names(), "household": [n for n in bad.names() if n is not None]},
        ),
    ]


def _inventory(s: Stage) -> list[Case]:
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


def _production(s: Stage) -> list[Case]:
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


def _assembly(s: Stage) -> list[Case]:
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


def _event_reads(s: Stage) -> list[Case]:
    names = [
        "get_production_progress",
        "get_assembly_progress",
        "get_overall_progress",
        "get_event_cost_analysis",
        "get_event_summary",
        "get_shopping_list",
        "plan_event",
    ]
    return [
        Case(f"events.{n}", getattr(events, n), {"event": s.event_id}, {"event": bad.ids()}) for n in names
    ]


def _events(s: Stage) -> list[Case]:
    fair = s.fair_id
    return [
        Case(
            "events.create_event",
            events.create_event,
            {"name": "Party", "event_date": "2026-12-01"},
            {"name": bad.names(), "event_date": bad.dates(optional=False), "notes": bad.optional_texts()},
        ),
        Case("events.get_event", events.get_event, {"event_id": fair}, {"event_id": bad.ids()}),
        Case(
            "events.list_events", events.list_events, {}, {"year": [0, -1, 10_000, "abc", 2.5, True, "1e3"]}
        ),
        Case(
            "events.update_event",
            events.update_event,
            {"event_id": fair, "notes": "moved"},
            {
                "event_id": bad.ids(),
                "name": bad.names(),
                "event_date": bad.dates(optional=False),
                "notes": bad.optional_texts(),
            },
        ),
        Case(
            "events.delete_event",
            events.delete_event,
            {"event_id": fair, "cascade": True},
            {"event_id": [*bad.ids(), s.event_id], "cascade": bad.booleans()},  # runs use the first event
        ),
        Case(
            "events.clone_event",
            events.clone_event,
            {"event_id": fair, "name": "Copy", "event_date": "2027-01-01"},
            {
                "event_id": bad.ids(),
                "name": bad.names(),
                "event_date": bad.dates(optional=False),
                "include_targets": bad.booleans(),
            },
        ),
        Case(
            "events.set_production_target",
            events.set_production_target,
            {"event": fair, "recipe": world.DOUGH, "batches": 3},
            {
                "event": bad.ids(),
                "recipe": bad.slugs(),
                "batches": bad.counts(),
                "notes": bad.optional_texts(),
            },
        ),
        Case(
            "events.set_assembly_target",
            events.set_assembly_target,
            {"event": fair, "finished_good": world.GIFT_BAG, "quantity": 2},
            {
                "event": bad.ids(),
                "finished_good": bad.slugs(),
                "quantity": bad.counts(),
                "notes": bad.optional_texts(),
            },
        ),
        Case(
            "events.delete_production_target",
            events.delete_production_target,
            {"event": fair, "recipe": world.DOUGH},
            {"event": bad.ids(), "recipe": bad.slugs()},
        ),
        Case(
            "events.delete_assembly_target",
            events.delete_assembly_target,
            {"event": fair, "finished_good": world.HAMPER},
            {"event": bad.ids(), "finished_good": bad.slugs()},
        ),
        Case(
            "events.assign_package",
            events.assign_package,
            {"event": fair, "recipient": "ann", "package": "family-box"},
            {
                "event": bad.ids(),
                "recipient": bad.slugs(),
                "package": bad.slugs(),
                "quantity": bad.counts(),
                "notes": bad.optional_texts(),
            },
        ),
        Case(
            "events.advance_fulfillment",
            events.advance_fulfillment,
            {"assignment_id": s.assignment_id, "status": "ready"},
            {
                "assignment_id": bad.ids(),
                "status": [*bad.words("pending", "ready", "delivered"), "delivered", "pending"],
            },
        ),
        Case(
            "events.list_assignments",
            events.list_assignments,
            {"event": fair},
            {"event": bad.ids(), "status": bad.words("pending", "ready", "delivered", optional=True)},
        ),
        *_event_reads(s),
        Case(
            "events.get_events_with_progress",
            events.get_events_with_progress,
            {},
            {
                "filter": bad.words("active_future", "past", "all"),
                "date_from": bad.dates(),
                "date_to": bad.dates(),
                "today": bad.dates(),
            },
        ),
    ]


def _exchange(empty_export: dict[str, Any], history: dict[str, Any]) -> list[Case]:
    return [
        Case("exchange.export_all", exchange.export_all, {}, {}),
        Case("exchange.state_digest", exchange.state_digest, {}, {}),
        Case("exchange.export_history", exchange.export_history, {}, {}),
        Case(
            "exchange.import_all",
            exchange.import_all,
            {"document": empty_export},  # valid, but the ledger is not empty: Conflict
            {"document": [*bad.documents(), empty_export]},
        ),
        Case(
            "exchange.import_history",
            exchange.import_history,
            {"document": history},
            {"document": bad.documents(), "skip_duplicates": bad.booleans()},
        ),
    ]


def cases(s: Stage, empty_export: dict[str, Any], history: dict[str, Any]) -> list[Case]:
    """Every §6 service; `empty_export` is the export of an empty ledger, `history` the stage's."""
    exchanges = _exchange(empty_export, history)
    return [*_catalog(s), *_inventory(s), *_production(s), *_assembly(s), *_events(s), *exchanges]


def special_cases(s: Stage) -> list[tuple[str, Callable[[Any], Any]]]:
    """Valid values, forbidden together."""
    return [
        (
            "deplete 'other' without notes",
            lambda uow: inventory.deplete_lot(uow, lot_id=s.flour_lot, quantity="0.1", reason="other"),
        ),
        (
            "correction without notes",
            lambda uow: inventory.adjust_finished_stock(
                uow, kind="finished_unit", slug=world.COOKIE, delta=-1, reason="correction"
            ),
        ),
        (
            "a cost on what is taken",
            lambda uow: inventory.adjust_finished_stock(
                uow, kind="finished_unit", slug=world.COOKIE, delta=-1, reason="gift", unit_cost="0.5"
            ),
        ),
        (
            "a loss category without a loss",
            lambda uow: production.record_production(
                uow, recipe=world.COOKIES, finished_unit=world.COOKIE, batches=1, loss_category="burnt"
            ),
        ),
        (
            "bypassing packaging without notes",
            lambda uow: assembly.record_assembly(
                uow, finished_good=world.GIFT_BAG, quantity=1, packaging_bypassed=True
            ),
        ),
        (
            "a recipe nesting itself through another",
            lambda uow: catalog.add_recipe_component(uow, recipe=world.DOUGH, component=world.COOKIES),
        ),
        ("an unknown event field", lambda uow: events.update_event(uow, event_id=s.fair_id, colour="red")),
        ("an event's year field", lambda uow: events.update_event(uow, event_id=s.fair_id, year=2030)),
        ("a duplicate ingredient", lambda uow: catalog.create_ingredient(uow, name="Flour")),
        ("a duplicate recipe, other spacing", lambda uow: catalog.create_recipe(uow, name="  Cookies ")),
    ]
