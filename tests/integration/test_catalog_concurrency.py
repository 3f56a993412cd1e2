"""Two catalogue edits at once: the second waits for the first and then sees it, so checks that
span entries (a nesting cycle) hold. PostgreSQL runs writers side by side, SQLite one at a time;
both must end the same way."""

from __future__ import annotations

import threading
import time
from typing import Any

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import CycleError
from bakeledger.services import catalog


def _line(cups: int) -> dict[str, Any]:
    return {"ingredient": "flour", "quantity": cups, "unit": "cup"}


def _two_recipes(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Flour")
        for name in ("Dough", "Filling"):
            catalog.create_recipe(
                uow, name=name, ingredients=[{"ingredient": "flour", "quantity": 1, "unit": "cup"}]
            )
        uow.commit()


def test_two_edits_cannot_make_a_cycle_between_them(ledger: Ledger) -> None:
    _two_recipes(ledger)
    outcome: dict[str, Any] = {}

    def second_edit() -> None:
        try:
            with ledger.uow() as uow:
                catalog.update_recipe(
                    uow, recipe="filling", components=[{"recipe": "dough", "multiplier": 1}]
                )
                uow.commit()
            outcome["second"] = "committed"
        except CycleError as exc:
            outcome["second"] = exc

    with ledger.uow() as first:
        catalog.update_recipe(first, recipe="dough", components=[{"recipe": "filling", "multiplier": 1}])
        other = threading.Thread(target=second_edit)
        other.start()
        time.sleep(0.5)
        assert other.is_alive(), "the second edit waits while the first is open"
        first.commit()
    other.join(timeout=30)
    assert isinstance(outcome["second"], CycleError)
    with ledger.uow(read_only=True) as uow:
        assert [c.recipe for c in catalog.get_recipe(uow, recipe="dough").components] == ["filling"]
        assert catalog.get_recipe(uow, recipe="filling").components == []


def test_replaced_lines_are_those_of_one_edit(ledger: Ledger) -> None:
    """Two edits replacing the same recipe's lines: the recipe ends with the later edit's lines,
    never both sets mixed."""
    _two_recipes(ledger)

    def replace() -> None:
        with ledger.uow() as uow:
            catalog.update_recipe(uow, recipe="dough", ingredients=[_line(5)])
            uow.commit()

    with ledger.uow() as first:
        catalog.update_recipe(first, recipe="dough", ingredients=[_line(2)])
        other = threading.Thread(target=replace)
        other.start()
        time.sleep(0.3)
        first.commit()
    other.join(timeout=30)
    with ledger.uow(read_only=True) as uow:
        lines = catalog.get_recipe(uow, recipe="dough").ingredients
    assert [(line.ingredient, line.quantity) for line in lines] == [("flour", "5")]
