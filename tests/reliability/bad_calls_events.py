"""Bad values for the event and exchange services (see bad_calls.py)."""

from __future__ import annotations

from typing import Any

from bakeledger.services import events, exchange, planning
from tests.reliability import corpus as bad
from tests.reliability import world
from tests.reliability.bad_calls_case import Case
from tests.reliability.stage import Stage


def _event_reads(s: Stage) -> list[Case]:
    names = [
        "get_production_progress",
        "get_assembly_progress",
        "get_overall_progress",
        "get_event_cost_analysis",
        "get_event_summary",
        "get_shopping_list",
        "plan_event",
    ]
    return [
        Case(f"events.{n}", getattr(events, n), {"event": s.event_id}, {"event": bad.ids()}) for n in names
    ]


def _decisions() -> list[Any]:
    """Bad for a list of batch decisions (the stage's school fair needs 12 cookies, 12 a batch)."""
    cookie = world.COOKIE
    rows = [
        {"finished_unit": cookie},
        {"finished_unit": cookie, "batches": -1},
        {"finished_unit": cookie, "batches": 2.5},
        {"finished_unit": cookie, "batches": 0},  # 0 items for 12, the shortfall not accepted
        {"finished_unit": cookie, "batches": 1, "accept_shortfall": "yes"},
        {"finished_unit": cookie, "batches": 1, "colour": "red"},
        {"finished_unit": "no-such-thing", "batches": 1},
        {"finished_unit": world.DOUGH_BALL.upper(), "batches": 1},
        {"finished_unit": None, "batches": 1},
    ]
    twice = [{"finished_unit": cookie, "batches": 1}] * 2
    return [None, [], "cookie=1", {"finished_unit": cookie}, [1], twice, *[[row] for row in rows]]


def _changes(s: Stage) -> list[Any]:
    """Bad for an amendment's change: each refused before the change is made."""
    return [
        None,
        "set_batches",
        [],
        {},
        {"kind": "explode"},
        {"kind": "set_batches"},
        {"kind": "set_batches", "finished_unit": world.COOKIE, "batches": 1, "colour": "red"},
        {"kind": "set_batches", "finished_unit": world.COOKIE, "batches": 0},
        {"kind": "set_batches", "finished_unit": "no-such-thing", "batches": 1},
        {"kind": "remove_assignment"},
        {"kind": "remove_assignment", "assignment_id": "abc"},
        {"kind": "remove_assignment", "assignment_id": 99_999},
        {"kind": "add_assignment", "recipient": "nobody", "package": "family-box", "quantity": 1},
        {"kind": "add_assignment", "recipient": "ann", "package": "no-such-box", "quantity": 1},
        {"kind": "add_assignment", "recipient": "ann", "package": "family-box", "quantity": 0},
        {"kind": "add_assignment", "recipient": "ann", "package": "family-box", "decisions": "all"},
        {"kind": "set_assignment_quantity", "assignment_id": s.assignment_id, "quantity": -2},
        {"kind": "set_assignment_quantity", "assignment_id": s.assignment_id},
    ]


def planning_cases(s: Stage) -> list[Case]:
    fair = {"event": s.fair_id}
    event = {"event": bad.ids()}
    decide = {"event": s.fair_id, "decisions": [{"finished_unit": world.COOKIE, "batches": 1}]}
    change = {"kind": "set_batches", "finished_unit": world.COOKIE, "batches": 1}
    return [
        Case("planning.derive_demand", planning.derive_demand, {"event": s.event_id}, event),
        Case(
            "planning.batch_options",
            planning.batch_options,
            {"event": s.event_id, "waste_threshold": "15"},
            {**event, "waste_threshold": bad.prices()},
        ),
        Case("planning.get_plan", planning.get_plan, fair, event),
        Case(
            "planning.decide_batches", planning.decide_batches, decide, {**event, "decisions": _decisions()}
        ),
        Case("planning.lock_plan", planning.lock_plan, fair, event),
        Case("planning.start_production", planning.start_production, fair, event),
        Case(
            "planning.complete_plan",
            planning.complete_plan,
            {**fair, "reason": "called off"},
            {**event, "reason": bad.optional_texts()},
        ),
        Case(
            "planning.amend_plan",
            planning.amend_plan,
            {**fair, "change": change, "reason": "more guests"},
            {**event, "change": _changes(s), "reason": [None, "", "   ", *bad.optional_texts()]},
        ),
        Case(
            "planning.plan_season",
            planning.plan_season,
            {"date_from": "2026-12-01", "date_to": "2026-12-31"},
            {"date_from": bad.dates(), "date_to": [*bad.dates(), "2026-11-30"]},
        ),
    ]


def event_cases(s: Stage) -> list[Case]:
    fair = s.fair_id
    return [
        Case(
            "events.create_event",
            events.create_event,
            {"name": "Party", "event_date": "2026-12-01"},
            {"name": bad.names(), "event_date": bad.dates(optional=False), "notes": bad.optional_texts()},
        ),
        Case("events.get_event", events.get_event, {"event_id": fair}, {"event_id": bad.ids()}),
        Case(
            "events.list_events", events.list_events, {}, {"year": [0, -1, 10_000, "abc", 2.5, True, "1e3"]}
        ),
        Case(
            "events.update_event",
            events.update_event,
            {"event_id": fair, "notes": "moved"},
            {
                "event_id": bad.ids(),
                "name": bad.names(),
                "event_date": bad.dates(optional=False),
                "notes": bad.optional_texts(),
            },
        ),
        Case(
            "events.delete_event",
            events.delete_event,
            {"event_id": fair, "cascade": True},
            {"event_id": [*bad.ids(), s.event_id], "cascade": bad.booleans()},  # runs use the first event
        ),
        Case(
            "events.clone_event",
            events.clone_event,
            {"event_id": fair, "name": "Copy", "event_date": "2027-01-01"},
            {
                "event_id": bad.ids(),
                "name": bad.names(),
                "event_date": bad.dates(optional=False),
                "include_targets": bad.booleans(),
            },
        ),
        Case(
            "events.set_production_target",
            events.set_production_target,
            {"event": fair, "recipe": world.DOUGH, "batches": 3},
            {
                "event": bad.ids(),
                "recipe": bad.slugs(),
                "batches": bad.counts(),
                "notes": bad.optional_texts(),
            },
        ),
        Case(
            "events.set_assembly_target",
            events.set_assembly_target,
            {"event": fair, "finished_good": world.GIFT_BAG, "quantity": 2},
            {
                "event": bad.ids(),
                "finished_good": bad.slugs(),
                "quantity": bad.counts(),
                "notes": bad.optional_texts(),
            },
        ),
        Case(
            "events.delete_production_target",
            events.delete_production_target,
            {"event": fair, "recipe": world.DOUGH},
            {"event": bad.ids(), "recipe": bad.slugs()},
        ),
        Case(
            "events.delete_assembly_target",
            events.delete_assembly_target,
            {"event": fair, "finished_good": world.HAMPER},
            {"event": bad.ids(), "finished_good": bad.slugs()},
        ),
        Case(
            "events.remove_production_target",
            events.remove_production_target,
            {"event": fair, "recipe": world.DOUGH},
            {"event": bad.ids(), "recipe": bad.slugs()},
        ),
        Case(
            "events.remove_assembly_target",
            events.remove_assembly_target,
            {"event": fair, "finished_good": world.HAMPER},
            {"event": bad.ids(), "finished_good": bad.slugs()},
        ),
        Case(
            "events.assign_package",
            events.assign_package,
            {"event": fair, "recipient": "ann", "package": "family-box"},
            {
                "event": bad.ids(),
                "recipient": bad.slugs(),
                "package": bad.slugs(),
                "quantity": bad.counts(),
                "notes": bad.optional_texts(),
            },
        ),
        Case(
            "events.advance_fulfillment",
            events.advance_fulfillment,
            {"assignment_id": s.assignment_id, "status": "ready"},
            {
                "assignment_id": bad.ids(),
                "status": [*bad.words("pending", "ready", "delivered"), "delivered", "pending"],
                "event": bad.ids(optional=True),
            },
        ),
        Case(
            "events.list_assignments",
            events.list_assignments,
            {"event": fair},
            {"event": bad.ids(), "status": bad.words("pending", "ready", "delivered", optional=True)},
        ),
        *_event_reads(s),
        Case(
            "events.get_events_with_progress",
            events.get_events_with_progress,
            {},
            {
                "filter": bad.words("active_future", "past", "all"),
                "date_from": bad.dates(),
                "date_to": bad.dates(),
                "today": bad.dates(),
            },
        ),
    ]


def exchange_cases(empty_export: dict[str, Any], history: dict[str, Any]) -> list[Case]:
    return [
        Case("exchange.export_all", exchange.export_all, {}, {}),
        Case("exchange.state_digest", exchange.state_digest, {}, {}),
        Case("exchange.export_history", exchange.export_history, {}, {}),
        Case(
            "exchange.import_all",
            exchange.import_all,
            {"document": empty_export},  # valid, but the ledger is not empty: Conflict
            {"document": [*bad.documents(), empty_export]},
        ),
        Case(
            "exchange.import_history",
            exchange.import_history,
            {"document": history},
            {"document": bad.documents(), "skip_duplicates": bad.booleans()},
        ),
    ]
