"""FIFO order through the database, as a property cheap enough for every CI run.

Random purchases of one ingredient in three volume units (cup, tbsp, tsp: exact factors), on a few
dates so that equal dates are common, inserted in a random order so that lot ids disagree with
purchase dates. A draw in a random unit must take the lots oldest purchase first, then lowest id,
in the amounts a plain-Python model gives — in the dry run and in the real consumption.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from bakeledger.app.ledger import Ledger
from bakeledger.services import catalog, inventory

TSP_PER = {"cup": 48, "tbsp": 3, "tsp": 1}  # 1 cup = 16 tbsp = 48 tsp, exactly
DAYS = [dt.date(2025, 11, 1), dt.date(2025, 11, 2), dt.date(2025, 11, 3)]

purchases = st.lists(
    st.tuples(st.sampled_from(sorted(TSP_PER)), st.sampled_from(DAYS), st.integers(1, 3)),
    min_size=2,
    max_size=8,
)


def expected_draw(lots: list[tuple[int, dt.date, int]], wanted_tsp: int) -> list[tuple[int, Fraction]]:
    """The model: (lot id, tsp taken) oldest purchase first, ties by lot id."""
    taken, left = [], Fraction(wanted_tsp)
    for lot_id, _day, size_tsp in sorted(lots, key=lambda lot: (lot[1], lot[0])):
        if left <= 0:
            break
        piece = min(left, Fraction(size_tsp))
        taken.append((lot_id, piece))
        left -= piece
    return taken


@given(bought=purchases, draw_unit=st.sampled_from(sorted(TSP_PER)), share=st.fractions(0, 1))
def test_fifo_takes_the_oldest_purchase_first_whatever_the_units_and_ids(
    ledger: Ledger, bought: list[tuple[str, dt.date, int]], draw_unit: str, share: Fraction
) -> None:
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Flour")
        products = {
            unit: catalog.create_product(
                uow, ingredient="flour", brand=unit, package_unit=unit, package_unit_quantity=1
            ).slug
            for unit in TSP_PER
        }
        lots = []
        for unit, day, packages in bought:
            lot = inventory.add_purchase(
                uow, product=products[unit], packages=packages, price_per_package="1", purchased_on=day
            )
            lots.append((lot.id, day, packages * TSP_PER[unit]))
        total_tsp = sum(size for _id, _day, size in lots)
        # a whole number of the draw unit, between one unit and everything there is
        wanted = max(1, int(share * total_tsp) // TSP_PER[draw_unit])
        wanted_tsp = min(wanted * TSP_PER[draw_unit], total_tsp - total_tsp % TSP_PER[draw_unit])
        if wanted_tsp == 0:
            uow.rollback()
            return
        model = expected_draw(lots, wanted_tsp)
        quantity = wanted_tsp // TSP_PER[draw_unit]
        dry = inventory.consume_fifo(uow, ingredient="flour", quantity=quantity, unit=draw_unit, dry_run=True)
        real = inventory.consume_fifo(uow, ingredient="flour", quantity=quantity, unit=draw_unit)
        uow.rollback()
    for result in (dry, real):
        assert result.satisfied
        assert [line.lot_id for line in result.lines] == [lot_id for lot_id, _tsp in model]
        for line, (_id, tsp) in zip(result.lines, model, strict=True):
            # the piece in the lot's own unit, which keeps 6 decimal places
            assert abs(Fraction(line.quantity) - tsp / TSP_PER[line.unit]) <= Fraction(1, 10**6)
