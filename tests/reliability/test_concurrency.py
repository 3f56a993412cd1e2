"""Concurrency: processes racing for the same stock never over-consume.

Four spawned processes each try three runs through `ledger.run(..., retries=10)` against stock for
exactly seven: exactly seven succeed, the other five are refused for stock (a ConcurrencyError
would mean the retries ran out — none is expected), no lot goes negative and every lot balances.
On a SQLite file and on a PostgreSQL database of the race's own.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

import bakeledger
from bakeledger.services import inventory
from bakeledger.uow.base import UnitOfWork
from tests.reliability import figures, world
from tests.reliability.databases import own_postgres_database, truncate_all
from tests.reliability.invariants import check_all, check_finished_counts
from tests.reliability.race_worker import race

PROCESSES, ATTEMPTS, ENOUGH_FOR = 4, 3, 7
RACE_TIMEOUT_S = 240
_FLOUR = "ingredient_id = (SELECT id FROM ingredients WHERE slug = 'flour')"


@pytest.fixture(scope="module")
def pg_race_database() -> Iterator[str]:
    with own_postgres_database("bakeledger_race") as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def race_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/race.db"
        bakeledger.open(url).dispose()
        return url
    url = str(request.getfixturevalue("pg_race_database"))
    engine = create_engine(url)
    truncate_all(engine)
    engine.dispose()
    return url


def _flour_for_seven_doughs(uow: UnitOfWork) -> None:
    """35 lots of 0.2 cup flour (more than one FIFO chunk of lots), sugar for 12 doughs."""
    for day in range(35):
        inventory.add_purchase(
            uow,
            product=world.FLOUR_PRODUCT,
            packages="0.2",
            price_per_package="0.5",
            purchased_on=f"2025-10-{1 + day % 28:02d}",
        )
    inventory.add_purchase(uow, product=world.SUGAR_PRODUCT, packages=2, price_per_package="1.2")


def _cookies_for_seven_bags(uow: UnitOfWork) -> None:
    """42 cookies in three finished lots (7 gift bags' worth) and 30 cellophane bags."""
    for count in (20, 10, 12):
        inventory.adjust_finished_stock(
            uow, kind="finished_unit", slug=world.COOKIE, delta=count, reason="found", unit_cost="0.1"
        )
    inventory.add_purchase(uow, product=world.BAG_PRODUCT, packages=30, price_per_package="0.1")


def _bags_for_seven_bundles(uow: UnitOfWork) -> None:
    """Cookies for 20 gift bags but only 7 cellophane bags, in two lots."""
    inventory.adjust_finished_stock(
        uow, kind="finished_unit", slug=world.COOKIE, delta=120, reason="found", unit_cost="0.1"
    )
    inventory.add_purchase(
        uow, product=world.BAG_PRODUCT, packages=3, price_per_package="0.1", purchased_on="2025-10-01"
    )
    inventory.add_purchase(
        uow, product=world.BAG_PRODUCT, packages=4, price_per_package="0.2", purchased_on="2025-10-02"
    )


def _race(
    url: str, kind: str, stock: Callable[[UnitOfWork], None], processes: int, attempts: int
) -> Counter[str]:
    ledger = bakeledger.open(url)
    with ledger.uow() as uow:
        world.build_catalogue(uow)
        stock(uow)
        uow.commit()
    ledger.dispose()
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(processes), context.Queue()
    racers = [
        context.Process(target=race, args=(url, kind, attempts, start, results)) for _ in range(processes)
    ]
    for racer in racers:
        racer.start()
    try:
        outcomes = [o for _ in racers for o in results.get(timeout=RACE_TIMEOUT_S)]
    except queue.Empty:
        pytest.fail("a racer did not report back in time")
    finally:
        for racer in racers:
            racer.join(timeout=30)
            if racer.is_alive():
                racer.kill()
    unexpected = [detail for outcome, detail in outcomes if outcome == "unexpected"]
    assert not unexpected, unexpected
    made = [detail for outcome, detail in outcomes if outcome == "ok"]
    assert len(made) == len(set(made)), "two racers were handed the same run"
    return Counter(outcome for outcome, _ in outcomes)


def _settle(url: str) -> dict[tuple[str, str], int]:
    """Every invariant on what the racers committed; the finished counts."""
    engine, ledger = create_engine(url), bakeledger.open(url)
    try:
        check_all(engine)
        return check_finished_counts(ledger, engine)
    finally:
        ledger.dispose()
        engine.dispose()


def _record(url: str, outcomes: Counter[str], processes: int, attempts: int) -> None:
    backend = url.split(":", 1)[0].split("+")[0]
    figures.add(
        "concurrency",
        backend,
        races=1,
        processes=processes,
        attempts=processes * attempts,
        successes=outcomes["ok"],
        refused_for_stock=outcomes["InsufficientStock"] + outcomes["InsufficientFinishedStock"],
        concurrency_errors=outcomes["ConcurrencyError"],
    )


def test_bakers_racing_for_flour_take_exactly_what_there_is(race_url: str) -> None:
    outcomes = _race(race_url, "production", _flour_for_seven_doughs, PROCESSES, ATTEMPTS)
    _record(race_url, outcomes, PROCESSES, ATTEMPTS)
    assert outcomes == Counter({"ok": ENOUGH_FOR, "InsufficientStock": PROCESSES * ATTEMPTS - ENOUGH_FOR})
    counts = _settle(race_url)
    assert counts[("finished_unit", world.DOUGH_BALL)] == ENOUGH_FOR * 10
    engine = create_engine(race_url)
    with engine.connect() as conn:
        bought, left = conn.execute(
            text(f"SELECT SUM(quantity), SUM(remaining) FROM lots WHERE {_FLOUR}")
        ).one()
        taken = conn.execute(
            text(
                "SELECT SUM(quantity) FROM lot_movements"
                f" WHERE lot_id IN (SELECT id FROM lots WHERE {_FLOUR})"
            )
        ).scalar_one()
    engine.dispose()
    assert (left, taken) == (0, bought), "flour taken ≠ flour bought: a lost or double update"


@pytest.mark.parametrize(
    ("stock", "refusal"),
    [(_cookies_for_seven_bags, "InsufficientFinishedStock"), (_bags_for_seven_bundles, "InsufficientStock")],
    ids=["short-of-cookies", "short-of-bags"],
)
def test_wrappers_racing_for_cookies_and_bags_take_exactly_what_there_is(
    race_url: str, stock: Callable[[UnitOfWork], None], refusal: str
) -> None:
    outcomes = _race(race_url, "assembly", stock, PROCESSES, ATTEMPTS)
    _record(race_url, outcomes, PROCESSES, ATTEMPTS)
    assert outcomes == Counter({"ok": ENOUGH_FOR, refusal: PROCESSES * ATTEMPTS - ENOUGH_FOR})
    counts = _settle(race_url)
    assert counts[("finished_good", world.GIFT_BAG)] == ENOUGH_FOR


@pytest.mark.slow
@pytest.mark.parametrize("round_", range(10))
def test_many_bakers_racing_many_times(race_url: str, round_: int) -> None:
    """`make soak`: eight processes, five attempts each, ten times over, on stock for seven."""
    outcomes = _race(race_url, "production", _flour_for_seven_doughs, 8, 5)
    _record(race_url, outcomes, 8, 5)
    assert outcomes == Counter({"ok": ENOUGH_FOR, "InsufficientStock": 8 * 5 - ENOUGH_FOR})
    _settle(race_url)
