"""A small holiday season for the event tests: the pantry's cookies, a gift bag, recipients, packages."""

from __future__ import annotations

import datetime as dt

import attrs

from bakeledger.app.ledger import Ledger
from bakeledger.services import catalog, events, inventory
from bakeledger.uow.base import UnitOfWork
from tests.integration.cookie_pantry import COOKIE, RECIPE, build_cookie_pantry

GIFT_BAG = "cookie-gift-bag"
BOX = "cookie-box"
DAY = dt.date(2026, 12, 24)


@attrs.frozen
class Season:
    event_id: int
    flour_product: str
    bag_product: str


def build_season(uow: UnitOfWork, *, bags: int = 50) -> Season:
    """The cookie pantry, 50 cellophane bags @ 0.10, gift bag = 12 cookies + 1 bag, a box of 2 gift bags,
    recipients Ann and Bob, and an event "Christmas" on 2026-12-24 without targets."""
    pantry = build_cookie_pantry(uow)
    catalog.create_ingredient(uow, name="Cellophane Bag", category="packaging")
    bag = catalog.create_product(
        uow, ingredient="cellophane-bag", brand="Wrap Co", package_unit="bag", package_unit_quantity=1
    )
    inventory.add_purchase(
        uow, product=bag.slug, packages=bags, price_per_package="0.10", purchased_on="2025-11-01"
    )
    catalog.create_finished_good(
        uow,
        name="Cookie Gift Bag",
        components=[
            {"kind": "finished_unit", "slug": COOKIE, "quantity": 12},
            {"kind": "packaging", "slug": bag.slug, "quantity": 1},
        ],
    )
    catalog.create_finished_good(
        uow, name="Cookie Box", components=[{"kind": "finished_good", "slug": GIFT_BAG, "quantity": 2}]
    )
    catalog.create_package(uow, name="Small Gift", contents=[{"finished_good": GIFT_BAG, "quantity": 1}])
    catalog.create_package(uow, name="Big Gift", contents=[{"finished_good": BOX, "quantity": 1}])
    catalog.create_recipient(uow, name="Ann")
    catalog.create_recipient(uow, name="Bob")
    event = events.create_event(uow, name="Christmas", event_date=DAY, notes="family")
    return Season(event.id, pantry.flour_product, bag.slug)


def setup_season(ledger: Ledger, **kwargs: int) -> Season:
    with ledger.uow() as uow:
        season = build_season(uow, **kwargs)
        uow.commit()
    return season


__all__ = ["BOX", "COOKIE", "DAY", "GIFT_BAG", "RECIPE", "Season", "build_season", "setup_season"]
