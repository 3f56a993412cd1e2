"""Property test: random operations and injected failures against the ledger and a model.

Each hypothesis example gets a fresh database (made in the machine's __init__) holding the small
bakery of world.py. Rules buy, bake (with and without the event, with losses), assemble, reverse,
deplete lots, adjust finished stock, replay idempotency keys, give out boxes, decide batches, lock,
start, amend and complete the event's plan, and make the k-th write fail. After
every step the invariants are read through a separate engine and the state must equal the
plain-Python model's; a refused or failed step must leave the database dump unchanged.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import Counter
from collections.abc import Callable
from contextlib import nullcontext
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from bakeledger.domain.errors import BakeLedgerError
from bakeledger.services import assembly, events, inventory, planning, production
from bakeledger.uow.base import UnitOfWork
from tests.faults import InjectedFault, fail_on_write
from tests.helpers import dump
from tests.reliability import figures, observed, world
from tests.reliability.databases import DatabaseFactory
from tests.reliability.invariants import check_all, finished_sums
from tests.reliability.model import Model, Plan, money
from tests.reliability.plan_model import UNIT_ORDER, UNIT_RECIPE, Choice

START = dt.date(2025, 11, 1)
STARTING_STOCK = [
    (world.FLOUR_PRODUCT, 16, "0.50", 0),
    (world.SUGAR_PRODUCT, 4, "1.00", 2),
    (world.BAG_PRODUCT, 10, "0.10", 1),
]
PRICES = st.sampled_from(["0.10", "0.50", "0.55", "1.00", "1.25", "2.00"])
FAULTS = st.none() | st.integers(1, 6)
PICK = st.integers(0, 1000)
RECIPE = st.sampled_from(list(world.RECIPES))
GOOD = st.sampled_from([world.GIFT_BAG, world.GIFT_BAG, world.HAMPER])  # a hamper needs two gift bags
BATCHES, CATEGORY = st.integers(1, 3), st.sampled_from([None, "burnt"])
MADE = st.sampled_from(["default", "full", "partial", "zero", "over"])
CHOICE = st.tuples(st.sampled_from(UNIT_ORDER), st.integers(1, 6), st.booleans())
CHOICES = st.lists(CHOICE, min_size=1, max_size=2, unique_by=lambda c: c[0])
REFUSED = object()  # an attempt that raised (the error the model expected, or the injected fault)


def two_places(value: Decimal) -> str:
    """A money total as the DTOs show it: 2 places, half up."""
    return format(money(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), "f")


class LedgerMachine(RuleBasedStateMachine):
    factory: ClassVar[DatabaseFactory]
    tally: ClassVar[Counter[str]]

    def __init__(self) -> None:
        super().__init__()
        self.db = self.factory.fresh()
        self.ledger, self.fresh = self.db.ledger, self.db.engine
        with self.ledger.uow() as uow:
            event_id = world.build_catalogue(uow)
            uow.commit()
        self.model = Model(event_id)
        self.keyed: list[tuple[str, str, dict[str, Any]]] = []
        self.keys_made = 0
        for product, packages, price, day in STARTING_STOCK:
            self.purchase(product, packages, price, day, None)
        # One gift bag's worth of cookies to start with; later bags eat into baked lots.
        self.adjust_finished(("finished_unit", world.COOKIE), 6, "0.125", "gift", None)
        self.tally["examples"] += 1

    def teardown(self) -> None:
        self.db.close()

    # --- running one step ----------------------------------------------------------------------
    def attempt(
        self, call: Callable[[UnitOfWork], Any], expected_error: str | None, fault: int | None, op: str = ""
    ) -> Any:
        """Run `call` in its own unit of work and commit, failing the `fault`-th write if given.

        A refusal must be the error the model expected; a refusal or an injected failure must leave
        the committed state (dumped through a separate engine) exactly as it was.
        """
        self.tally["steps"] += 1
        before = dump(self.fresh) if expected_error is not None or fault is not None else None
        counter = fail_on_write(self.ledger.engine, fault) if fault is not None else nullcontext()
        try:
            with counter as writes, self.ledger.uow() as uow:
                result = call(uow)
                uow.commit()
        except InjectedFault:
            assert writes is not None and writes.fired
            assert expected_error is None, f"the model expected {expected_error}, the ledger wrote"
            self.tally["faults_fired"] += 1
            assert dump(self.fresh) == before, "a failed step left something behind"
            return REFUSED
        except BakeLedgerError as exc:
            assert type(exc).__name__ == expected_error, (
                f"got {exc.to_dict()}, model expected {expected_error}"
            )
            self.tally["refusals"] += 1
            self.tally[f"{op} refused: {expected_error}"] += 1
            assert dump(self.fresh) == before, "a refused step left something behind"
            return REFUSED
        if fault is not None:
            self.tally["faults_not_reached"] += 1
        assert expected_error is None, f"the model expected {expected_error}, the ledger accepted"
        self.tally["successes"] += 1
        self.tally[f"{op} done"] += 1
        return result

    def new_key(self, kind: str) -> str:
        self.keys_made += 1
        return f"{kind}-{self.keys_made}"

    # --- rules ---------------------------------------------------------------------------------
    @rule(
        product=st.sampled_from(list(world.PRODUCTS)),
        packages=st.integers(1, 6),
        price=PRICES,
        day=st.integers(0, 30),
        fault=FAULTS,
    )
    def purchase(self, product: str, packages: int, price: str, day: int, fault: int | None) -> None:
        bought = START + dt.timedelta(days=day)
        lot = self.attempt(
            lambda uow: inventory.add_purchase(
                uow, product=product, packages=packages, price_per_package=price, purchased_on=bought
            ),
            None,
            fault,
            "purchase",
        )
        if lot is not REFUSED:
            expected = self.model.purchase(lot.id, product, packages, Decimal(price), bought)
            assert Decimal(lot.quantity) == expected.quantity

    # Rules for the event and for stock are separate so that hypothesis picks runs more often.
    @rule(recipe=RECIPE, batches=BATCHES, made=MADE, category=CATEGORY, keyed=st.booleans(), fault=FAULTS)
    def produce_for_the_event(
        self, recipe: str, batches: int, made: str, category: str | None, keyed: bool, fault: int | None
    ) -> None:
        self.produce(recipe, batches, made, True, category, keyed, fault)

    @rule(recipe=RECIPE, batches=BATCHES, made=MADE, category=CATEGORY, keyed=st.booleans(), fault=FAULTS)
    def produce_for_stock(
        self, recipe: str, batches: int, made: str, category: str | None, keyed: bool, fault: int | None
    ) -> None:
        self.produce(recipe, batches, made, False, category, keyed, fault)

    def produce(
        self,
        recipe: str,
        batches: int,
        made: str,
        for_event: bool,
        category: str | None,
        keyed: bool,
        fault: int | None,
    ) -> None:
        unit, per_batch, _needs = world.RECIPES[recipe]
        expected = per_batch * batches
        actual = {"default": None, "full": expected, "partial": expected // 2, "zero": 0}.get(
            made, expected + 1
        )
        arguments: dict[str, Any] = {
            "recipe": recipe,
            "finished_unit": unit,
            "batches": batches,
            "actual_yield": actual,
            "event": self.model.event_id if for_event else None,
            "loss_category": category,
        }
        key = self.new_key("bake") if keyed else None
        plan = self.model.plan_production(recipe, batches, actual, category)
        run = self.attempt(
            lambda uow: production.record_production(uow, **arguments, idempotency_key=key),
            plan if isinstance(plan, str) else None,
            fault,
            "produce",
        )
        if run is REFUSED:
            return
        assert isinstance(plan, Plan)
        assert (run.expected_yield, run.actual_yield) == (plan.expected, plan.made)
        assert run.total_ingredient_cost == two_places(plan.total)
        self.model.record_production(plan, run.id, recipe, batches, arguments["event"], (key, arguments))
        if key is not None:
            self.keyed.append(("production", key, arguments))

    @rule(good=GOOD, quantity=st.integers(1, 2), bypass=st.booleans(), keyed=st.booleans(), fault=FAULTS)
    def assemble_for_the_event(
        self, good: str, quantity: int, bypass: bool, keyed: bool, fault: int | None
    ) -> None:
        self.assemble(good, quantity, True, bypass, keyed, fault)

    @rule(good=GOOD, quantity=st.integers(1, 2), bypass=st.booleans(), keyed=st.booleans(), fault=FAULTS)
    def assemble_for_stock(
        self, good: str, quantity: int, bypass: bool, keyed: bool, fault: int | None
    ) -> None:
        self.assemble(good, quantity, False, bypass, keyed, fault)

    def assemble(
        self, good: str, quantity: int, for_event: bool, bypass: bool, keyed: bool, fault: int | None
    ) -> None:
        arguments: dict[str, Any] = {
            "finished_good": good,
            "quantity": quantity,
            "event": self.model.event_id if for_event else None,
            "packaging_bypassed": bypass,
            "bypass_notes": "no bags left" if bypass else None,
        }
        key = self.new_key("bundle") if keyed else None
        plan = self.model.plan_assembly(good, quantity, bypass)
        run = self.attempt(
            lambda uow: assembly.record_assembly(uow, **arguments, idempotency_key=key),
            plan if isinstance(plan, str) else None,
            fault,
            "assemble",
        )
        if run is REFUSED:
            return
        assert isinstance(plan, Plan)
        assert run.total_component_cost == two_places(plan.total)
        self.model.record_assembly(plan, run.id, good, quantity, arguments["event"], (key, arguments))
        if key is not None:
            self.keyed.append(("assembly", key, arguments))

    @precondition(lambda self: self.keyed)
    @rule(pick=PICK, same=st.booleans())
    def replay(self, pick: int, same: bool) -> None:
        """The same key with the same arguments returns the first run and changes nothing;
        with different arguments it is an IdempotencyConflict."""
        kind, key, arguments = self.keyed[pick % len(self.keyed)]
        size = "batches" if kind == "production" else "quantity"
        asked = arguments if same else {**arguments, size: arguments[size] + 1}
        record = production.record_production if kind == "production" else assembly.record_assembly
        first = self.model.replay(key, asked)
        expected_error = first if isinstance(first, str) else None
        before = dump(self.fresh)
        run = self.attempt(
            lambda uow: record(uow, **asked, idempotency_key=key), expected_error, None, f"replay {kind}"
        )
        if run is not REFUSED:
            assert run.id == first
            assert run.reversed == self.model.runs[(kind, run.id)].reversed
            assert dump(self.fresh) == before, "a replay changed the ledger"
            self.tally["replays"] += 1

    @precondition(lambda self: self.model.runs)
    @rule(kind=st.sampled_from(["production", "assembly"]), pick=PICK, fault=FAULTS)
    def reverse_any_run(self, kind: str, pick: int, fault: int | None) -> None:
        runs = sorted(run_id for k, run_id in self.model.runs if k == kind)
        if runs:
            self.reverse(kind, runs[pick % len(runs)], fault)

    @precondition(lambda self: self.model.used_runs())
    @rule(pick=PICK)
    def reverse_a_run_whose_output_was_used(self, pick: int) -> None:
        """Refused (InsufficientFinishedStock): some of what it made was taken since."""
        used = self.model.used_runs()
        self.reverse(*used[pick % len(used)], None)

    def reverse(self, kind: str, run_id: int, fault: int | None) -> None:
        service = production.reverse_production if kind == "production" else assembly.reverse_assembly
        outcome = copy.deepcopy(self.model).reverse(kind, run_id)  # the model changes only if the ledger did
        done = self.attempt(
            lambda uow: service(uow, run_id=run_id, reason="wrong tray"), outcome, fault, f"reverse {kind}"
        )
        if done is not REFUSED:
            assert done.reversed
            assert self.model.reverse(kind, run_id) is None

    @precondition(lambda self: self.model.lots)
    @rule(
        pick=PICK,
        amount=st.sampled_from(["0.5", "1", "2.25", "4", "all"]),
        reason=st.sampled_from(["spoilage", "gift"]),
        fault=FAULTS,
    )
    def deplete(self, pick: int, amount: str, reason: str, fault: int | None) -> None:
        lot = self.model.lots[pick % len(self.model.lots)]
        if amount == "all":
            quantity = lot.remaining if lot.remaining > 0 else Decimal(1)
        else:
            quantity = Decimal(amount)
        outcome = "InsufficientStock" if quantity > lot.remaining else None
        done = self.attempt(
            lambda uow: inventory.deplete_lot(uow, lot_id=lot.id, quantity=quantity, reason=reason),
            outcome,
            fault,
            "deplete",
        )
        if done is not REFUSED:
            assert self.model.deplete(lot.id, quantity) is None
            assert Decimal(done.remaining) == lot.remaining

    @rule(
        item=st.sampled_from(world.FINISHED_ITEMS),
        delta=st.integers(-8, 8).filter(bool),
        unit_cost=st.sampled_from(["0", "0.125", "0.333333"]),
        reason=st.sampled_from(["gift", "spoilage"]),
        fault=FAULTS,
    )
    def adjust_finished(
        self, item: tuple[str, str], delta: int, unit_cost: str, reason: str, fault: int | None
    ) -> None:
        kind, slug = item
        cost = Decimal(unit_cost) if delta > 0 else Decimal(0)
        why = "found" if delta > 0 else reason
        outcome = "InsufficientFinishedStock" if delta < 0 and self.model.count(kind, slug) < -delta else None
        done = self.attempt(
            lambda uow: inventory.adjust_finished_stock(
                uow, kind=kind, slug=slug, delta=delta, reason=why, unit_cost=cost
            ),
            outcome,
            fault,
            "adjust finished",
        )
        if done is not REFUSED:
            assert self.model.adjust_finished(kind, slug, delta, cost) is None
            assert done.count == self.model.count(kind, slug)

    # --- the event's plan --------------------------------------------------------------------------
    def made(self, unit: str) -> tuple[int, int]:
        return self.model.made_for_the_event(UNIT_RECIPE[unit])

    def plan_step(
        self, op: str, call: Callable[[UnitOfWork], Any], change: Callable[[Any], Any], fault: Any
    ) -> None:
        """Run a plan operation; the model changes (through `change`) only if the ledger did."""
        outcome = change(copy.deepcopy(self.model.event_plan))
        done = self.attempt(call, outcome, fault, op)
        if done is not REFUSED:
            assert change(self.model.event_plan) is None

    @rule(boxes=st.integers(1, 2), fault=FAULTS)
    def give_boxes(self, boxes: int, fault: int | None) -> None:
        self.plan_step(
            "give boxes",
            lambda uow: events.assign_package(
                uow, event=self.model.event_id, recipient="ann", package=world.BOX, quantity=boxes
            ),
            lambda plan: plan.give_boxes(boxes),
            fault,
        )

    @rule(choices=CHOICES, fault=FAULTS)
    def decide(self, choices: list[Choice], fault: int | None) -> None:
        self.plan_step(
            "decide",
            lambda uow: planning.decide_batches(
                uow, event=self.model.event_id, decisions=_decisions(choices)
            ),
            lambda plan: plan.decide(choices, self.made),
            fault,
        )

    @rule(fault=FAULTS)
    def lock(self, fault: int | None) -> None:
        self.plan_step(
            "lock",
            lambda uow: planning.lock_plan(uow, event=self.model.event_id),
            lambda plan: plan.lock(),
            fault,
        )

    @rule(fault=FAULTS)
    def start(self, fault: int | None) -> None:
        self.plan_step(
            "start",
            lambda uow: planning.start_production(uow, event=self.model.event_id),
            lambda plan: plan.start(),
            fault,
        )

    @rule(reason=st.sampled_from([None, "the rest went to the neighbours"]), fault=FAULTS)
    def complete(self, reason: str | None, fault: int | None) -> None:
        progress = self.model.progress()
        unmet = not all(p[-1] for p in [*progress["production"], *progress["assembly"]])
        self.plan_step(
            "complete",
            lambda uow: planning.complete_plan(uow, event=self.model.event_id, reason=reason),
            lambda plan: plan.complete(unmet, reason),
            fault,
        )

    @rule(choice=CHOICE, fault=FAULTS)
    def amend_batches(self, choice: Choice, fault: int | None) -> None:
        unit, batches, accept = choice
        change = {
            "kind": "set_batches",
            "finished_unit": unit,
            "batches": batches,
            "accept_shortfall": accept,
        }
        self.plan_step(
            "amend batches",
            lambda uow: planning.amend_plan(
                uow, event=self.model.event_id, change=change, reason="more guests"
            ),
            lambda plan: plan.amend_batches(choice, self.made),
            fault,
        )

    @rule(boxes=st.integers(1, 2), choices=st.one_of(st.just([]), CHOICES), fault=FAULTS)
    def amend_more_boxes(self, boxes: int, choices: list[Choice], fault: int | None) -> None:
        change = {
            "kind": "add_assignment",
            "recipient": "ann",
            "package": world.BOX,
            "quantity": boxes,
            "decisions": _decisions(choices),
        }
        self.plan_step(
            "amend more boxes",
            lambda uow: planning.amend_plan(uow, event=self.model.event_id, change=change, reason="cousins"),
            lambda plan: plan.amend_more_boxes(boxes, choices, self.made),
            fault,
        )

    # --- after every step ------------------------------------------------------------------------
    @invariant()
    def ledger_invariants_hold(self) -> None:
        """Conservation per lot and finished lot, run costs = their ledger lines, no orphans."""
        check_all(self.fresh)
        self.tally["invariant_checks"] += 1

    @invariant()
    def state_equals_the_model(self) -> None:
        """Lots, finished lots, runs, finished counts (= Σ finished lots) and progress as modelled."""
        lots, finished, runs = observed.committed(self.fresh)
        assert lots == {lot.id: lot.remaining for lot in self.model.lots}
        assert finished == [(f.quantity, f.remaining, f.unit_cost) for f in self.model.finished]
        assert runs == {key: (run.reversed, run.total) for key, run in self.model.runs.items()}
        counts, progress = observed.through_the_services(self.ledger)
        assert counts == finished_sums(self.fresh)
        assert counts == {item: self.model.count(*item) for item in world.FINISHED_ITEMS}
        assert progress == self.model.progress()

    @invariant()
    def plan_equals_the_model(self) -> None:
        """The plan's state, needs, decisions (and which are stale) and both kinds of targets."""
        modelled = self.model.event_plan
        with self.ledger.uow(read_only=True) as uow:
            plan = planning.get_plan(uow, event=self.model.event_id)
        needs = modelled.needs()
        assert plan.state == modelled.state
        assert {u.finished_unit: u.needed for u in plan.units} == needs
        assert {
            u.finished_unit: (u.batches, u.accept_shortfall) for u in plan.units if u.batches is not None
        } == {unit: (d.batches, d.accept_shortfall) for unit, d in modelled.decisions.items()}
        assert {u.finished_unit for u in plan.units if u.stale} == {
            unit for unit, d in modelled.decisions.items() if d.need != needs[unit]
        }
        assert {t.recipe: t.batches for t in plan.targets} == modelled.production
        assert {t.finished_good: t.quantity for t in plan.assembly_targets} == modelled.assembly


def _decisions(choices: list[Choice]) -> list[dict[str, Any]]:
    return [{"finished_unit": u, "batches": b, "accept_shortfall": a} for u, b, a in choices]


def _run(factory: DatabaseFactory, chosen: settings) -> None:
    tally: Counter[str] = Counter()
    machine = type(
        "LedgerMachineOn" + factory.backend.title(), (LedgerMachine,), {"factory": factory, "tally": tally}
    )
    run_state_machine_as_test(machine, settings=chosen)
    figures.add("state_machine", factory.backend, **tally)


BOUNDED = settings(
    max_examples=25,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def test_ledger_behaves_like_its_model(database_factory: DatabaseFactory) -> None:
    _run(database_factory, BOUNDED)


@pytest.mark.slow
def test_ledger_behaves_like_its_model_for_long(database_factory: DatabaseFactory) -> None:
    """`make soak`: the profile's number of examples (1000 in "soak"), longer step sequences."""
    _run(
        database_factory,
        settings(BOUNDED, max_examples=settings().max_examples, stateful_step_count=60),
    )
