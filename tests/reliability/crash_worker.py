"""Bakes in a loop on a ledger until it is killed: `python -m tests.reliability.crash_worker URL`.

Started by test_crash.py, which SIGKILLs it at a random moment. It says "ready" once the ledger
is open, "begin N" before each unit of work and "committed <what> <id>" after each commit, so the
parent knows what must have survived. Every third bake is reversed right away, every fourth turn
wraps a gift bag, and running out of flour or sugar buys more, so the kill can land in any of those
write paths.
"""

from __future__ import annotations

import sys

import bakeledger
from bakeledger.domain.errors import InsufficientFinishedStock, InsufficientStock
from bakeledger.services import assembly, inventory, production
from tests.reliability import world


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def restock(ledger: bakeledger.Ledger, turn: int) -> None:
    """Out of flour or sugar: buy more (a purchase is one more write path the kill can land in)."""
    say(f"begin {turn}p")
    with ledger.uow() as uow:
        for product, packages in ((world.FLOUR_PRODUCT, 20), (world.SUGAR_PRODUCT, 10)):
            lot = inventory.add_purchase(uow, product=product, packages=packages, price_per_package="0.7")
        uow.commit()
    say(f"committed purchase {lot.id}")


def main(url: str) -> None:
    ledger = bakeledger.open(url, migrate_schema=False)
    say("ready")
    turn = 0
    while True:
        turn += 1
        say(f"begin {turn}")
        try:
            with ledger.uow() as uow:
                run = production.record_production(
                    uow,
                    recipe=world.COOKIES,
                    finished_unit=world.COOKIE,
                    batches=1,
                    actual_yield=12 - turn % 3,
                )
                uow.commit()
        except InsufficientStock:
            restock(ledger, turn)
            continue
        say(f"committed production {run.id}")
        if turn % 3 == 0:
            say(f"begin {turn}r")
            with ledger.uow() as uow:
                production.reverse_production(uow, run_id=run.id, reason="crash test")
                uow.commit()
            say(f"committed reversal {run.id}")
        if turn % 4 == 0:
            say(f"begin {turn}a")
            try:
                with ledger.uow() as uow:
                    bundle = assembly.record_assembly(uow, finished_good=world.GIFT_BAG, quantity=1)
                    uow.commit()
            except (InsufficientStock, InsufficientFinishedStock):
                continue
            say(f"committed assembly {bundle.id}")


if __name__ == "__main__":
    main(sys.argv[1])
