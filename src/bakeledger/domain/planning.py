"""Event planning arithmetic: what the bundles of an event need, and how many batches to bake.

Demand is combined per finished unit before any rounding: 50 bags of 6 cookies need 300 cookies,
rounded to batches once. All figures are exact integers (packaging quantities exact Decimals).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

import attrs

from bakeledger.domain.catalog import FinishedGood
from bakeledger.domain.errors import (
    CycleError,
    InvalidTransition,
    PlanLocked,
    ShortfallNotAccepted,
    ValidationError,
)

FINISHED_UNIT, FINISHED_GOOD, PACKAGING = "finished_unit", "finished_good", "packaging"
FLOOR, CEIL, EXACT = "floor", "ceil", "exact"

# a plan moves draft → locked → in_production → complete, one step at a time, never back
DRAFT, LOCKED, IN_PRODUCTION, COMPLETE = "draft", "locked", "in_production", "complete"
PLAN_STATES = (DRAFT, LOCKED, IN_PRODUCTION, COMPLETE)
SCHEDULED_STATES = (LOCKED, IN_PRODUCTION)  # the plans a season dry run simulates
_NEXT_PLAN_STATE = {DRAFT: LOCKED, LOCKED: IN_PRODUCTION, IN_PRODUCTION: COMPLETE}

# what an amendment changes, and the comparison words of snapshot against live
AMENDMENT_KINDS = ("set_batches", "add_assignment", "remove_assignment", "set_assignment_quantity")
UNCHANGED, ADDED, REMOVED, CHANGED = "unchanged", "added", "removed", "changed"


@attrs.frozen
class Demand:
    """Bundles needed per finished good id (the assigned and targeted ones and every one inside),
    items needed per finished unit id, packaging needed per product id (in its package unit)."""

    bundles: dict[int, int]
    units: dict[int, int]
    packaging: dict[int, Decimal]


def reached_goods(roots: Mapping[int, int], goods: Mapping[int, FinishedGood]) -> set[int]:
    """The goods `roots` name and every good inside them, at any depth."""
    return set(_parents_first(roots, goods))


def derive_demand(
    assigned: Mapping[int, int], targets: Mapping[int, int], goods: Mapping[int, FinishedGood]
) -> Demand:
    """What `assigned` bundles (good id → count) need, plus the `targets` (good id → count) for goods
    the assigned ones do not reach: a target for a reached good is already counted.

    `goods` holds every good reached (with its components). A good holding itself at any depth is a
    `CycleError`; a good without components a `ValidationError`.
    """
    reached = reached_goods(assigned, goods)
    roots = dict(assigned)
    for good_id, count in targets.items():
        if good_id not in reached:
            roots[good_id] = roots.get(good_id, 0) + count
    bundles = {good_id: 0 for good_id in _parents_first(roots, goods)}
    for good_id, count in roots.items():
        bundles[good_id] += count
    units: dict[int, int] = {}
    packaging: dict[int, Decimal] = {}
    for good_id, count in bundles.items():  # parents first: a good's count is complete here
        for comp in goods[good_id].components:
            if comp.kind == PACKAGING:
                packaging[comp.ref_id] = packaging.get(comp.ref_id, Decimal(0)) + comp.quantity * count
            else:
                into = units if comp.kind == FINISHED_UNIT else bundles
                into[comp.ref_id] = into.get(comp.ref_id, 0) + int(comp.quantity) * count
    return Demand(bundles, units, packaging)


def _parents_first(roots: Mapping[int, int], goods: Mapping[int, FinishedGood]) -> list[int]:
    """The goods reached from `roots`, each before every good inside it (a topological order)."""
    done: set[int] = set()
    order: list[int] = []

    def visit(good_id: int, path: list[int]) -> None:
        if good_id in path:
            slugs = [goods[g].slug for g in [*path[path.index(good_id) :], good_id]]
            raise CycleError(path=slugs, message=f"finished good {slugs[0]!r} holds itself")
        if good_id in done:
            return
        good = goods[good_id]
        if not good.components:
            raise ValidationError(
                field="finished_good", value=good.slug, message=f"finished good {good.slug!r} holds nothing"
            )
        for comp in good.components:
            if comp.kind == FINISHED_GOOD:
                visit(comp.ref_id, [*path, good_id])
        done.add(good_id)
        order.append(good_id)

    for root in roots:
        visit(root, [])
    return order[::-1]


@attrs.frozen
class BatchOption:
    kind: str  # floor | ceil | exact
    batches: int
    items: int
    shortfall: int
    extra: int
    waste_percent: Fraction  # extra ÷ need × 100


@attrs.frozen
class BatchChoice:
    """The options for one need, and the one a waste threshold recommends (`flagged` when that
    one is short or wastes more than the threshold)."""

    options: tuple[BatchOption, ...]
    recommended: str
    flagged: bool


def batch_options(need: int, per_batch: int, threshold: Fraction) -> BatchChoice:
    """Whole batches of `per_batch` items for `need` items (≥ 0): exact when `need` is a multiple
    (0 batches for 0), else the floor (when > 0 batches) and the ceil."""
    if per_batch <= 0 or need < 0:
        raise ValueError("a batch holds at least one item and a need is never negative")
    batches, rest = divmod(need, per_batch)
    if rest == 0:
        return BatchChoice((BatchOption(EXACT, batches, need, 0, 0, Fraction(0)),), EXACT, False)
    made = (batches + 1) * per_batch
    ceil = BatchOption(CEIL, batches + 1, made, 0, made - need, Fraction((made - need) * 100, need))
    floor = BatchOption(FLOOR, batches, batches * per_batch, rest, 0, Fraction(0))
    options = (floor, ceil) if batches > 0 else (ceil,)
    if ceil.waste_percent <= threshold:
        return BatchChoice(options, CEIL, False)
    # over the threshold: the option with less waste, flagged (the floor, short, when there is one)
    return BatchChoice(options, options[0].kind, True)


def check_plan_step(current: str, requested: str) -> None:
    """`requested` must be the state right after `current` (InvalidTransition otherwise)."""
    following = _NEXT_PLAN_STATE.get(current)
    if following != requested:
        raise InvalidTransition(
            current=current, requested=requested, allowed=[following] if following else []
        )


def check_editable(event_id: int, state: str) -> None:
    """Targets and assignments change freely only while the plan is a draft (PlanLocked after)."""
    if state != DRAFT:
        raise PlanLocked(event_id=event_id, state=state)


def check_decision(
    unit_slug: str, batches: int, per_batch: int, need: int, produced: Produced, accept_shortfall: bool
) -> int:
    """What `batches` will yield for a need; refused below what was baked for the event already, or
    short of the need unless the shortfall is accepted."""
    if batches < produced.batches:
        raise ValidationError(
            field="batches",
            value=batches,
            message=f"{produced.batches} batches of {unit_slug!r} were already baked for the event; "
            f"decide at least that many",
        )
    yields = decided_yield(batches, per_batch, produced)
    if yields < need and not accept_shortfall:
        raise ShortfallNotAccepted(
            field="batches", value=batches, finished_unit=unit_slug, needed=need, yields=yields
        )
    return yields


def is_stale(decision: Decision, need: int, items_per_batch: int) -> bool:
    """A decision made for another need or another batch size than today's."""
    return (decision.need, decision.items_per_batch) != (need, items_per_batch)


def decided_yield(batches: int, per_batch: int, produced: Produced) -> int:
    """Items the event will have: what was baked for it, plus the decided batches not yet baked."""
    return produced.items + max(0, batches - produced.batches) * per_batch


def compare(before: Mapping[str, object], after: Mapping[str, object]) -> dict[str, str]:
    """Each key of either mapping: unchanged, added (only after), removed (only before) or changed."""
    words = {}
    for key in sorted(set(before) | set(after)):
        if key not in before:
            words[key] = ADDED
        elif key not in after:
            words[key] = REMOVED
        else:
            words[key] = UNCHANGED if before[key] == after[key] else CHANGED
    return words


@attrs.frozen
class Produced:
    """What an event's live production runs made of one finished unit."""

    items: int = 0
    batches: int = 0


@attrs.frozen
class PlanRecord:
    """An event's plan as stored (an event without one is a draft with no snapshot)."""

    event_id: int
    state: str = DRAFT
    snapshot: str | None = None  # canonical JSON
    locked_at: dt.datetime | None = None
    started_at: dt.datetime | None = None
    completed_at: dt.datetime | None = None
    completion_reason: str | None = None


@attrs.frozen
class Decision:
    """The batches chosen for one finished unit of an event, and what they were chosen for."""

    finished_unit_id: int
    finished_unit_slug: str
    recipe_id: int
    recipe_slug: str
    batches: int
    accept_shortfall: bool
    need: int  # the need and batch size the batches were chosen for
    items_per_batch: int
    decided_at: dt.datetime


@attrs.frozen
class Amendment:
    id: int
    event_id: int
    kind: str
    reason: str
    plan_state: str
    before: str  # canonical JSON
    after: str
    created_at: dt.datetime
