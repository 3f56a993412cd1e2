"""Two units of work use the same new idempotency key at once: the second gets the first's run.

The second starts while the first has recorded but not committed, so its "was this key used?"
check finds nothing; on PostgreSQL it then waits on the first one's row locks and its insert meets
the committed key (`ON CONFLICT DO NOTHING`), on SQLite it waits for the write lock at BEGIN. Either
way it must return the first run, consume nothing and write nothing.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.services import assembly
from tests.helpers import HOLD_S, count, race
from tests.integration.cookie_pantry import record, remaining, setup_cookie_pantry
from tests.integration.gift_bag_kitchen import GIFT_BAG, counts, setup_gift_bag_kitchen


def test_a_bake_raced_with_its_own_key_is_recorded_once(ledger: Ledger, fresh: Engine) -> None:
    setup_cookie_pantry(ledger)
    first, second, waited = race(ledger, lambda uow: record(uow, actual_yield=40, idempotency_key="k1"))
    assert not isinstance(second, Exception), repr(second)
    assert waited >= HOLD_S * 0.8  # it really overlapped the first one's transaction
    assert second == first
    assert count(fresh, "production_runs") == 1
    assert (remaining(ledger, "flour"), remaining(ledger, "sugar")) == (["8"], ["4"])


def test_an_assembly_raced_with_its_own_key_is_recorded_once(ledger: Ledger, fresh: Engine) -> None:
    setup_gift_bag_kitchen(ledger)
    first, second, waited = race(
        ledger,
        lambda uow: assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=2, idempotency_key="k2"),
    )
    assert not isinstance(second, Exception), repr(second)
    assert waited >= HOLD_S * 0.8
    assert second == first
    assert count(fresh, "assembly_runs") == 1
    assert counts(ledger) == (76, 2, "48")
