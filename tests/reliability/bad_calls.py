"""Every public service with valid arguments and the bad values to try for each one.

A case's `base` arguments are valid on the stage (stage.py); one argument at a time is replaced
by each of its bad values (bad_calls_catalog.py, bad_calls_runs.py, bad_calls_events.py).
`special_cases` are valid values in a combination the rules forbid.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bakeledger.services import assembly, catalog, events, inventory, production
from tests.reliability import world
from tests.reliability.bad_calls_case import Case
from tests.reliability.bad_calls_catalog import catalog_cases
from tests.reliability.bad_calls_events import event_cases, exchange_cases, planning_cases
from tests.reliability.bad_calls_runs import assembly_cases, inventory_cases, production_cases
from tests.reliability.stage import Stage

__all__ = ["PUBLIC_SERVICES", "Case", "cases", "special_cases"]

PUBLIC_SERVICES = {
    "catalog": "create_ingredient create_product create_recipe add_recipe_component aggregated_ingredients"
    " create_finished_unit create_finished_good create_package create_recipient"
    " get_ingredient list_ingredients get_product list_products get_recipe list_recipes get_finished_unit"
    " list_finished_units get_finished_good list_finished_goods get_package list_packages get_recipient"
    " list_recipients update_ingredient update_product update_recipe update_finished_unit"
    " update_finished_good update_package update_recipient delete_ingredient delete_product delete_recipe"
    " delete_finished_unit delete_finished_good delete_package delete_recipient",
    "inventory": "add_purchase consume_fifo stock_on_hand ingredient_stock get_lot list_lots deplete_lot"
    " finished_stock adjust_finished_stock",
    "production": "check_can_produce record_production get_production_history get_production_run"
    " reverse_production",
    "assembly": "check_can_assemble record_assembly get_assembly_history get_assembly_run reverse_assembly",
    "events": "create_event get_event list_events update_event delete_event clone_event set_production_target"
    " set_assembly_target delete_production_target delete_assembly_target remove_production_target"
    " remove_assembly_target assign_package advance_fulfillment"
    " list_assignments get_production_progress get_assembly_progress get_overall_progress"
    " get_events_with_progress get_event_cost_analysis get_event_summary get_shopping_list plan_event",
    "planning": "derive_demand batch_options get_plan decide_batches lock_plan start_production complete_plan"
    " amend_plan plan_season",
    "exchange": "export_all import_all state_digest export_history import_history",
}


def cases(s: Stage, empty_export: dict[str, Any], history: dict[str, Any]) -> list[Case]:
    """Every public service; `empty_export` is the export of an empty ledger, `history` the stage's."""
    return [
        *catalog_cases(s),
        *inventory_cases(s),
        *production_cases(s),
        *assembly_cases(s),
        *event_cases(s),
        *planning_cases(s),
        *exchange_cases(empty_export, history),
    ]


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
        (
            "renaming to another ingredient's name",
            lambda uow: catalog.update_ingredient(uow, ingredient="flour", name="Sugar"),
        ),
        (
            "renaming to another recipe's name",
            lambda uow: catalog.update_recipe(uow, recipe="cookies", name="Dough"),
        ),
        (
            "an unknown recipient field",
            lambda uow: catalog.update_recipient(uow, recipient="ann", slug="anne"),
        ),
        (
            "replacing an assembled bundle's components",
            lambda uow: catalog.update_finished_good(
                uow,
                finished_good=world.GIFT_BAG,
                components=[{"kind": "finished_unit", "slug": world.COOKIE}],
            ),
        ),
        (
            "a recipe made to nest the recipe that nests it",
            lambda uow: catalog.update_recipe(
                uow, recipe=world.DOUGH, components=[{"recipe": world.COOKIES}]
            ),
        ),
        ("a duplicate recipe, other spacing", lambda uow: catalog.create_recipe(uow, name="  Cookies ")),
    ]
