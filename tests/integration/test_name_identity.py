"""One identity per name: names are stored composed (NFC) with single spaces, and two names that
differ only in case, width or Unicode composition are the same name; hidden characters are refused."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import DuplicateName, ValidationError
from bakeledger.services import catalog, events
from tests.helpers import dump


def _finished_good(uow: Any, name: str) -> Any:
    """A bundle of one ribbon (the ribbon is made on first use)."""
    if not uow.ingredients.find("ribbon"):
        catalog.create_ingredient(uow, name="Ribbon")
        catalog.create_product(
            uow, ingredient="ribbon", brand="Red", package_unit="each", package_unit_quantity=10
        )
    return catalog.create_finished_good(
        uow, name=name, components=[{"kind": "packaging", "slug": "ribbon-red", "quantity": 1}]
    )


CREATE = {
    "ingredient": lambda uow, name: catalog.create_ingredient(uow, name=name),
    "recipe": lambda uow, name: catalog.create_recipe(uow, name=name),
    "finished good": lambda uow, name: _finished_good(uow, name),
    "package": lambda uow, name: catalog.create_package(uow, name=name),
}
SAME_AS_CAFE = ["café", "CAFÉ", "Cafe\u0301", "  Café  ", "\uff23\uff41\uff46\uff45\u0301"]


@pytest.mark.parametrize("kind", list(CREATE))
@pytest.mark.parametrize("spelling", SAME_AS_CAFE)
def test_the_same_name_typed_another_way_is_a_duplicate(
    ledger: Ledger, fresh: Engine, kind: str, spelling: str
) -> None:
    with ledger.uow() as uow:
        CREATE[kind](uow, "Caf\u00e9")
        uow.commit()
    before = dump(fresh)
    with ledger.uow() as uow, pytest.raises(DuplicateName) as info:
        CREATE[kind](uow, spelling)
    assert info.value.kind == kind
    assert dump(fresh) == before


def test_names_are_stored_composed_with_single_spaces(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        made = catalog.create_recipe(uow, name="  Cafe\u0301 \u00a0 Cookies ")
        assert made.name == "Caf\u00e9 Cookies"
        assert catalog.create_recipient(uow, name="Zoe\u0308").name == "Zo\u00eb"
        event = events.create_event(uow, name="Noe\u0308l  2026", event_date="2026-12-24")
        assert event.name == "No\u00ebl 2026"
        uow.commit()


@pytest.mark.parametrize(
    "hidden", ["\u200b", "\u200d", "\u2060", "\ufeff", "\u202e", "\u2067", "\u200f", "\x07"]
)
def test_hidden_characters_in_a_name_are_refused_and_nothing_is_written(
    ledger: Ledger, fresh: Engine, hidden: str
) -> None:
    before = dump(fresh)
    calls: list[Any] = [
        lambda uow: catalog.create_ingredient(uow, name=f"Flour{hidden}"),
        lambda uow: catalog.create_recipient(uow, name=f"Aunt{hidden} May"),
        lambda uow: events.create_event(uow, name=f"Yule{hidden}", event_date="2026-12-24"),
        lambda uow: events.create_event(uow, name="Yule", event_date="2026-12-24", notes=f"a{hidden}b"),
    ]
    for call in calls:
        with ledger.uow() as uow, pytest.raises(ValidationError) as info:
            call(uow)
        assert "zero-width" in info.value.message
    assert dump(fresh) == before
