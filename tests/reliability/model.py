"""A plain-Python reference model of the ledger, for the state machine to compare against.

It knows nothing of bakeledger's code: lots, finished lots and runs are dataclasses, FIFO is a
loop, and the rounding rules are written out again from ADRs 0008/0011 (a ledger
line costs quantity × unit cost rounded half up to 4 places; a run costs the sum of its lines;
a per-unit cost is total / count at 6 places). Every operation either returns what it did or the
name of the error the ledger must raise — and then it changed nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from tests.reliability import world
from tests.reliability.plan_model import PlanModel

Q6, Q4, Q2 = Decimal("0.000001"), Decimal("0.0001"), Decimal("0.01")
Key = tuple[str | None, Any] | None  # (idempotency key, the request it was first used for)


def money(value: Decimal) -> Decimal:
    return value.quantize(Q4, rounding=ROUND_HALF_UP)


def per_unit(total: Decimal, count: int) -> Decimal:
    return (total / count).quantize(Q6, rounding=ROUND_HALF_UP) if count else Decimal(0)


def percent_text(value: Fraction) -> str:
    """A percent rounded half up to 2 places, as the DTOs show it."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return format(exact.quantize(Q2, rounding=ROUND_HALF_UP), "f")


@dataclass
class Lot:
    id: int
    ingredient: str
    quantity: Decimal
    remaining: Decimal
    unit_cost: Decimal
    purchased_on: dt.date
    cost: Decimal = Decimal(0)  # what it cost, at 4 places
    remaining_cost: Decimal = Decimal(0)  # the money not yet drawn

    def draw_cost(self, taken: Decimal) -> Decimal:
        """A draw costs its share of the lot's cost (4 places, never more than is left); the draw
        that empties the lot takes whatever money is left."""
        if taken >= self.remaining:
            return self.remaining_cost
        return min(money(self.cost * taken / self.quantity), self.remaining_cost)


@dataclass
class FinishedLot:
    kind: str
    slug: str
    quantity: int
    remaining: int
    unit_cost: Decimal


@dataclass
class Plan:
    """What a production or assembly would take, and the figures it would record."""

    lot_takes: list[tuple[int, Decimal, Decimal]]  # (lot id, quantity, cost)
    finished_takes: list[tuple[int, int]]  # (finished lot index, count)
    total: Decimal
    made: int
    expected: int = 0

    @property
    def unit_cost(self) -> Decimal:
        return per_unit(self.total, self.made)


@dataclass
class Run:
    id: int
    kind: str  # production | assembly
    item: str  # recipe or finished good
    count: int  # batches or bundles
    made: int  # actual yield or bundles
    event: int | None
    total: Decimal
    lot_takes: list[tuple[int, Decimal, Decimal]]
    finished_takes: list[tuple[int, int]]
    output: int  # index of the finished lot it added
    reversed: bool = False


@dataclass
class Model:
    event_id: int
    lots: list[Lot] = field(default_factory=list)
    finished: list[FinishedLot] = field(default_factory=list)
    runs: dict[tuple[str, int], Run] = field(default_factory=dict)
    keys: dict[str, tuple[Any, int]] = field(default_factory=dict)
    event_plan: PlanModel = field(default_factory=PlanModel)

    # --- ingredient lots -------------------------------------------------------------------
    def purchase(self, lot_id: int, product: str, packages: int, price: Decimal, day: dt.date) -> Lot:
        ingredient, size = world.PRODUCTS[product]
        quantity = size * packages
        unit_cost = (price / size).quantize(Q6, ROUND_HALF_UP)
        paid = money(price * packages)
        lot = Lot(lot_id, ingredient, quantity, quantity, unit_cost, day, paid, paid)
        self.lots.append(lot)
        return lot

    def lot(self, lot_id: int) -> Lot:
        return next(lot for lot in self.lots if lot.id == lot_id)

    def _fifo(self, ingredient: str, need: Decimal) -> tuple[list[tuple[int, Decimal, Decimal]], bool]:
        takes = []
        for lot in sorted(self.lots, key=lambda lot: (lot.purchased_on, lot.id)):
            if need <= 0:
                break
            if lot.ingredient != ingredient or lot.remaining <= 0:
                continue
            taken = min(lot.remaining, need)
            takes.append((lot.id, taken, lot.draw_cost(taken)))
            need -= taken
        return takes, need > 0

    def _finished_fifo(self, kind: str, slug: str, need: int) -> tuple[list[tuple[int, int]], bool]:
        takes = []
        for index, lot in enumerate(self.finished):
            if need <= 0:
                break
            if (lot.kind, lot.slug) != (kind, slug) or lot.remaining <= 0:
                continue
            taken = min(lot.remaining, need)
            takes.append((index, taken))
            need -= taken
        return takes, need > 0

    def _lot_cost(self, takes: list[tuple[int, Decimal, Decimal]]) -> Decimal:
        return sum((cost for _i, _q, cost in takes), Decimal(0))

    def _take(self, takes: list[tuple[int, Decimal, Decimal]], sign: int = -1) -> None:
        for lot_id, q, cost in takes:
            lot = self.lot(lot_id)
            lot.remaining += sign * q
            lot.remaining_cost += sign * cost

    def _finished_cost(self, takes: list[tuple[int, int]]) -> Decimal:
        return sum((money(q * self.finished[i].unit_cost) for i, q in takes), Decimal(0))

    def deplete(self, lot_id: int, amount: Decimal) -> str | None:
        lot = self.lot(lot_id)
        if amount > lot.remaining:
            return "InsufficientStock"
        self._take([(lot_id, amount, lot.draw_cost(amount))])
        return None

    # --- finished stock --------------------------------------------------------------------
    def count(self, kind: str, slug: str) -> int:
        return sum(lot.remaining for lot in self.finished if (lot.kind, lot.slug) == (kind, slug))

    def adjust_finished(self, kind: str, slug: str, delta: int, unit_cost: Decimal) -> str | None:
        if delta > 0:
            self.finished.append(FinishedLot(kind, slug, delta, delta, unit_cost))
            return None
        takes, short = self._finished_fifo(kind, slug, -delta)
        if short:
            return "InsufficientFinishedStock"
        for index, q in takes:
            self.finished[index].remaining -= q
        return None

    # --- idempotency -----------------------------------------------------------------------
    def replay(self, key: str | None, request: Any) -> str | int | None:
        """None for a new key; the first run's id for the same request; else the error name."""
        if key is None or key not in self.keys:
            return None
        first_request, run_id = self.keys[key]
        return run_id if first_request == request else "IdempotencyConflict"

    # --- production ------------------------------------------------------------------------
    def plan_production(self, recipe: str, batches: int, actual: int | None, category: Any) -> str | Plan:
        _unit, per_batch, needs = world.RECIPES[recipe]
        expected = int((Decimal(per_batch) * batches).to_integral_value(ROUND_FLOOR))
        made = expected if actual is None else actual
        if made > expected:
            return "YieldExceedsExpected"
        if category is not None and made == expected:
            return "ValidationError"
        takes: list[tuple[int, Decimal, Decimal]] = []
        for ingredient, quantity in needs.items():
            some, short = self._fifo(ingredient, quantity * batches)
            if short:
                return "InsufficientStock"
            takes += some
        return Plan(takes, [], self._lot_cost(takes), made, expected)

    def record_production(
        self, plan: Plan, run_id: int, recipe: str, batches: int, event: int | None, key: Key = None
    ) -> Run:
        self._take(plan.lot_takes)
        self.finished.append(
            FinishedLot("finished_unit", world.RECIPES[recipe][0], plan.made, plan.made, plan.unit_cost)
        )
        output = len(self.finished) - 1
        run = Run(
            run_id, "production", recipe, batches, plan.made, event, plan.total, plan.lot_takes, [], output
        )
        self._remember(run, key)
        return run

    # --- assembly --------------------------------------------------------------------------
    def plan_assembly(self, good: str, quantity: int, bypass: bool) -> str | Plan:
        components, packaging = world.BUNDLES[good]
        finished_takes: list[tuple[int, int]] = []
        short_finished = False
        for kind, slug, per_bundle in components:
            some, short = self._finished_fifo(kind, slug, per_bundle * quantity)
            short_finished = short_finished or short
            finished_takes += some
        lot_takes: list[tuple[int, Decimal, Decimal]] = []
        short_packaging = False
        for ingredient, per_bag in ({} if bypass else packaging).items():
            taken, short = self._fifo(ingredient, per_bag * quantity)
            short_packaging = short_packaging or short
            lot_takes += taken
        if short_finished:
            return "InsufficientFinishedStock"
        if short_packaging:
            return "InsufficientStock"
        total = self._finished_cost(finished_takes) + self._lot_cost(lot_takes)
        return Plan(lot_takes, finished_takes, total, quantity)

    def record_assembly(
        self, plan: Plan, run_id: int, good: str, quantity: int, event: int | None, key: Key = None
    ) -> Run:
        self._take(plan.lot_takes)
        for index, count in plan.finished_takes:
            self.finished[index].remaining -= count
        self.finished.append(FinishedLot("finished_good", good, quantity, quantity, plan.unit_cost))
        output = len(self.finished) - 1
        takes = plan.finished_takes
        run = Run(
            run_id, "assembly", good, quantity, quantity, event, plan.total, plan.lot_takes, takes, output
        )
        self._remember(run, key)
        return run

    def _remember(self, run: Run, key: Key) -> None:
        self.runs[(run.kind, run.id)] = run
        if key is not None and key[0] is not None:
            self.keys[key[0]] = (key[1], run.id)

    # --- reversal --------------------------------------------------------------------------
    def reverse(self, kind: str, run_id: int) -> str | None:
        run = self.runs[(kind, run_id)]
        if run.reversed:
            return "InvalidTransition"
        made = self.finished[run.output]
        if made.remaining < made.quantity:
            return "InsufficientFinishedStock"
        self._take(run.lot_takes, sign=1)
        for index, count in run.finished_takes:
            self.finished[index].remaining += count
        made.quantity = made.remaining = 0
        run.reversed = True
        return None

    def used_runs(self) -> list[tuple[str, int]]:
        """Live runs some of whose output was taken since (so they cannot be reversed)."""
        return sorted(
            key
            for key, run in self.runs.items()
            if not run.reversed and self.finished[run.output].remaining < self.finished[run.output].quantity
        )

    # --- event progress --------------------------------------------------------------------
    def made_for_the_event(self, recipe: str) -> tuple[int, int]:
        """Items and batches the event's live production runs of a recipe made."""
        live = [
            r
            for r in self.runs.values()
            if r.kind == "production" and r.item == recipe and r.event == self.event_id and not r.reversed
        ]
        return sum(r.made for r in live), sum(r.count for r in live)

    def progress(self) -> dict[str, Any]:
        """Per target (done, yield, percent, complete) and overall, as the progress DTOs show them."""
        live = [r for r in self.runs.values() if r.event == self.event_id and not r.reversed]
        production = [
            (recipe, target, sum(r.count for r in live if r.kind == "production" and r.item == recipe))
            for recipe, target in self.event_plan.production.items()
        ]
        made = {
            recipe: sum(r.made for r in live if r.kind == "production" and r.item == recipe)
            for recipe in self.event_plan.production
        }
        assembly = [
            (good, target, sum(r.count for r in live if r.kind == "assembly" and r.item == good))
            for good, target in self.event_plan.assembly.items()
        ]
        kinds = [_mean_capped(production), _mean_capped(assembly)]
        everything = production + assembly
        if all(done >= target for _, target, done in everything):
            status = "complete"
        elif kinds == [0, 0]:
            status = "not_started"
        else:
            status = "in_progress"
        return {
            "production": [
                (slug, done, made[slug], percent_text(Fraction(done * 100, target)), done >= target)
                for slug, target, done in production
            ],
            "assembly": [
                (slug, done, percent_text(Fraction(done * 100, target)), done >= target)
                for slug, target, done in assembly
            ],
            "overall": (
                percent_text(kinds[0]),
                percent_text(kinds[1]),
                percent_text(sum(kinds, Fraction(0)) / 2),
                status,
            ),
        }


def _mean_capped(targets: list[tuple[str, int, int]]) -> Fraction:
    capped = [min(Fraction(done * 100, target), Fraction(100)) for _, target, done in targets]
    return sum(capped, Fraction(0)) / len(capped)
