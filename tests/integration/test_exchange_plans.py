"""Event plans in a full export: a plan's state, snapshot, decisions and amendments travel whole, the
snapshot and an amendment's values as JSON objects; plan rows that do not hold together are refused."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

import bakeledger
from bakeledger.app.ledger import Ledger
from bakeledger.services import events, exchange, planning
from tests.integration.cookie_pantry import COOKIE
from tests.integration.exchange_support import digest, export, import_into, rejected, seed
from tests.integration.planning_kitchen import BROWNIE, two_plans

pytest_plugins = ["tests.integration.exchange_fixtures"]
Doc = dict[str, Any]
CHRISTMAS, NEW_YEAR = "Christmas", "New Year"


def plans(ledger: Ledger) -> dict[str, Any]:
    """get_plan of every event, by event name."""
    with ledger.uow(read_only=True) as uow:
        return {e.name: planning.get_plan(uow, event=e.id) for e in events.list_events(uow)}


def stored_plan_text(url: str) -> list[tuple[Any, ...]]:
    """The JSON text kept for snapshots and amendments, read through a connection of its own."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            snapshots = conn.execute(text("SELECT state, snapshot FROM event_plans ORDER BY id")).all()
            values = conn.execute(text('SELECT before, "after" FROM plan_amendments ORDER BY id')).all()
    finally:
        engine.dispose()
    return [tuple(r) for r in [*snapshots, *values]]


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Doc]:
    """An export of the two plans (built once, on SQLite)."""
    source = bakeledger.open(f"sqlite:///{tmp_path_factory.mktemp('plans')}/plans.db")
    yield seed(source, two_plans)
    source.dispose()


def test_a_locked_plan_with_decisions_and_an_amendment_imports_exactly(
    ledger: Ledger, import_target: Ledger
) -> None:
    document = seed(ledger, two_plans)
    assert document["version"] == 3
    (plan,) = document["event_plans"]  # the New Year draft has no plan row, only decisions
    assert plan["state"] == "locked" and plan["locked_at"] == plan["snapshot"]["locked_at"]
    assert [(u["finished_unit"], u["needed"], u["batches"]) for u in plan["snapshot"]["units"]] == [
        (BROWNIE, 150, 7),
        (COOKIE, 300, 7),
    ]
    assert [(d["finished_unit"], d["batches"], d["need"]) for d in document["plan_decisions"]] == [
        (COOKIE, 7, 300),
        (BROWNIE, 8, 150),  # the amendment replaced the locked 7
        (COOKIE, 2, 60),
        (BROWNIE, 2, 30),
    ]
    (amendment,) = document["plan_amendments"]
    assert (amendment["kind"], amendment["plan_state"]) == ("set_batches", "locked")
    assert amendment["before"]["decisions"] == [
        {"finished_unit": BROWNIE, "batches": 7, "accept_shortfall": False}
    ]
    assert amendment["after"]["targets"] == [{"recipe": "brownies", "batches": 8}]

    import_into(import_target, exchange.parse_document(exchange.canonical_json(document)))

    assert digest(import_target) == digest(ledger)
    assert export(import_target) == document
    assert plans(import_target) == plans(ledger)
    assert stored_plan_text(import_target.url) == stored_plan_text(ledger.url)
    christmas = plans(import_target)[CHRISTMAS]
    assert christmas.snapshot is not None
    estimate = christmas.snapshot.estimate
    # flour and sugar on hand (5.00 + 3.00); the bags' cookies and brownies are counted in the bakes
    assert (estimate.feasible, estimate.on_hand_cost, estimate.unpriced) == (False, "8.00", ["ribbon"])
    assert [(b.finished_good, b.quantity) for b in christmas.snapshot.assembly_targets] == [("gift-bag", 50)]
    assert [(a.reason, a.after.decisions[0].batches) for a in christmas.amendments] == [
        ("the neighbours asked for brownies", 8)
    ]
    with import_target.uow() as uow:  # the imported plan goes on where it was
        event_id = christmas.event_id
        assert planning.start_production(uow, event=event_id).state == "in_production"
        uow.commit()


def test_a_version_2_document_imports_with_every_plan_a_draft(planned: Doc, import_target: Ledger) -> None:
    older = {
        k: v for k, v in copy.deepcopy(planned).items() if not k.startswith("plan") and k != "event_plans"
    }
    older["version"] = 2

    import_into(import_target, older)

    assert export(import_target) == {
        **planned,
        "event_plans": [],
        "plan_decisions": [],
        "plan_amendments": [],
    }
    christmas = plans(import_target)[CHRISTMAS]
    assert (christmas.state, christmas.snapshot, christmas.amendments) == ("draft", None, [])
    assert [(u.finished_unit, u.batches) for u in christmas.units] == [(BROWNIE, None), (COOKIE, None)]


def test_a_decision_for_an_unknown_event_or_unit_is_refused_and_nothing_is_written(
    planned: Doc, ledger: Ledger, fresh: Engine
) -> None:
    document = copy.deepcopy(planned)
    stranger = str(uuid.uuid4())
    document["plan_decisions"][0]["event"] = stranger
    document["plan_decisions"][1]["finished_unit"] = "gingerbread-man"

    problems = rejected(ledger, fresh, document)

    assert problems == [
        f"plan_decisions[0].event: unknown events reference {stranger!r}",
        "plan_decisions[1].finished_unit: unknown finished_units reference 'gingerbread-man'",
    ]


def _edit(section: str, index: int, **values: Any) -> Callable[[Doc], None]:
    def mutate(doc: Doc) -> None:
        doc[section][index].update(values)

    return mutate


def _snapshot_unit_needs(doc: Doc) -> None:
    doc["event_plans"][0]["snapshot"]["units"][0]["needed"] = "many"


def _second_decision(doc: Doc) -> None:
    doc["plan_decisions"].append({**doc["plan_decisions"][0], "uuid": str(uuid.uuid4())})


def _second_plan(doc: Doc) -> None:
    doc["event_plans"].append({**doc["event_plans"][0], "uuid": str(uuid.uuid4())})


MALFORMED: list[tuple[str, Callable[[Doc], None], str]] = [
    ("unknown-state", _edit("event_plans", 0, state="paused"), "event_plans[0].state: must be one of draft"),
    ("no-snapshot", _edit("event_plans", 0, snapshot=None), "event_plans[0].snapshot: a locked plan must"),
    ("started", _edit("event_plans", 0, started_at="2026-12-01T08:00:00"), "started_at: a locked plan has"),
    ("draft-snapshot", _edit("event_plans", 0, state="draft"), "event_plans[0].snapshot: a draft plan has"),
    ("snapshot-text", _edit("event_plans", 0, snapshot="{}"), "event_plans[0].snapshot: expected an object"),
    ("snapshot-shape", _snapshot_unit_needs, "event_plans[0].snapshot: cannot read PlanSnapshotDTO: units"),
    ("second-plan", _second_plan, "event_plans[1]: duplicate event"),
    (
        "negative-batches",
        _edit("plan_decisions", 0, batches=-1),
        "plan_decisions[0].batches: must be between",
    ),
    ("no-batch-size", _edit("plan_decisions", 0, items_per_batch=0), "plan_decisions[0].items_per_batch"),
    ("second-decision", _second_decision, "plan_decisions[4]: duplicate event/finished_unit"),
    ("unknown-kind", _edit("plan_amendments", 0, kind="rename"), "plan_amendments[0].kind: must be one of"),
    ("amended-complete", _edit("plan_amendments", 0, plan_state="complete"), "a complete plan is never"),
    ("blank-reason", _edit("plan_amendments", 0, reason=" "), "plan_amendments[0].reason: an amendment"),
    ("values-shape", _edit("plan_amendments", 0, before={"decisions": []}), "plan_amendments[0].before: "),
    ("values-text", _edit("plan_amendments", 0, after="[]"), "plan_amendments[0].after: expected an object"),
]


@pytest.mark.parametrize(("mutate", "expected"), [pytest.param(m, e, id=name) for name, m, e in MALFORMED])
def test_plan_rows_that_do_not_hold_together_are_refused(
    planned: Doc, ledger: Ledger, fresh: Engine, mutate: Callable[[Doc], None], expected: str
) -> None:
    document = copy.deepcopy(planned)
    mutate(document)

    problems = rejected(ledger, fresh, document)

    assert any(expected in p for p in problems), problems
