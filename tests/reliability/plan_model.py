"""The plan of the world's event, modelled in plain Python: its state, the boxes given out, the batch
decisions and the targets they make. Written from the planning rules, not from bakeledger's code.

Needs: with no box given out, the event's own assembly targets are the roots (4 gift bags and a
hamper of 2 more: 6 bags, 36 cookies, 3 dough balls); once boxes are given out, each box is a hamper
(2 gift bags and 3 dough balls) and the targets of the goods they reach follow the plan.
Every operation returns the name of the error the ledger must raise, or None after changing state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.reliability import world

Produced = Callable[[str], tuple[int, int]]  # finished unit -> (items, batches) made for the event
Choice = tuple[str, int, bool]  # (finished unit, batches, accept shortfall)
UNIT_RECIPE = {unit: recipe for recipe, (unit, _per_batch, _needs) in world.RECIPES.items()}
PER_BATCH = {unit: per_batch for unit, per_batch, _needs in world.RECIPES.values()}
UNIT_ORDER = [world.DOUGH_BALL, world.COOKIE]  # the order they were created in (their ids)


@dataclass
class Decision:
    batches: int
    accept_shortfall: bool
    need: int


@dataclass
class PlanModel:
    state: str = "draft"
    boxes: int = 0
    decisions: dict[str, Decision] = field(default_factory=dict)
    production: dict[str, int] = field(default_factory=lambda: dict(world.PRODUCTION_TARGETS))
    assembly: dict[str, int] = field(default_factory=lambda: dict(world.ASSEMBLY_TARGETS))

    def needs(self, boxes: int | None = None) -> dict[str, int]:
        boxes = self.boxes if boxes is None else boxes
        if boxes:
            hampers, bags = boxes, 2 * boxes
        else:
            hampers = self.assembly.get(world.HAMPER, 0)
            bags = self.assembly.get(world.GIFT_BAG, 0) + 2 * hampers
        return {world.COOKIE: 6 * bags, world.DOUGH_BALL: 3 * hampers}

    @staticmethod
    def refusal(choice: Choice, need: int, produced: Produced) -> str | None:
        unit, batches, accept = choice
        items, baked = produced(unit)
        if batches < baked:
            return "ValidationError"
        if items + (batches - baked) * PER_BATCH[unit] < need and not accept:
            return "ShortfallNotAccepted"
        return None

    def _decide(self, choices: list[Choice], needs: dict[str, int]) -> None:
        for unit, batches, accept in choices:
            self.decisions[unit] = Decision(batches, accept, needs[unit])
        self._sync_targets({UNIT_RECIPE[unit] for unit, _b, _a in choices})

    def _sync_targets(self, recipes: set[str]) -> None:
        for recipe in recipes:
            batches = sum(d.batches for unit, d in self.decisions.items() if UNIT_RECIPE[unit] == recipe)
            if batches:
                self.production[recipe] = batches  # an existing target keeps its place
            else:
                self.production.pop(recipe, None)

    def _sync_bundles(self) -> None:
        if self.boxes:
            for good, quantity in ((world.GIFT_BAG, 2 * self.boxes), (world.HAMPER, self.boxes)):
                self.assembly[good] = quantity

    # --- operations --------------------------------------------------------------------------
    def give_boxes(self, boxes: int) -> str | None:
        if self.state != "draft":
            return "PlanLocked"
        self.boxes += boxes
        return None

    def decide(self, choices: list[Choice], produced: Produced) -> str | None:
        if self.state != "draft":
            return "PlanLocked"
        needs = self.needs()
        for choice in choices:
            refused = self.refusal(choice, needs[choice[0]], produced)
            if refused:
                return refused
        self._decide(choices, needs)
        self._sync_bundles()
        return None

    def lock(self) -> str | None:
        if self.state != "draft":
            return "InvalidTransition"
        needs = self.needs()
        if any(
            unit not in self.decisions or self.decisions[unit].need != need for unit, need in needs.items()
        ):
            return "PlanNotReady"
        self._sync_targets({UNIT_RECIPE[unit] for unit in self.decisions})
        self._sync_bundles()
        self.state = "locked"
        return None

    def start(self) -> str | None:
        if self.state != "locked":
            return "InvalidTransition"
        self.state = "in_production"
        return None

    def complete(self, unmet: bool, reason: str | None) -> str | None:
        if self.state != "in_production":
            return "InvalidTransition"
        if unmet and reason is None:
            return "PlanNotReady"
        self.state = "complete"
        return None

    def amend_batches(self, choice: Choice, produced: Produced) -> str | None:
        if self.state == "complete":
            return "InvalidTransition"
        needs = self.needs()
        refused = self.refusal(choice, needs[choice[0]], produced)
        if refused:
            return refused
        self._decide([choice], needs)
        self._sync_bundles()
        return None

    def amend_more_boxes(self, boxes: int, choices: list[Choice], produced: Produced) -> str | None:
        """Give out more boxes by an amendment, deciding `choices` with it; a need that changes
        without a decision in the amendment keeps its decision if that still covers it."""
        if self.state == "complete":
            return "InvalidTransition"
        before, after = self.needs(), self.needs(self.boxes + boxes)
        for choice in choices:
            refused = self.refusal(choice, after[choice[0]], produced)
            if refused:
                return refused
        given = {unit for unit, _b, _a in choices}
        missing = False
        followed = []
        for unit in UNIT_ORDER:
            if unit in given or before[unit] == after[unit]:
                continue
            decision = self.decisions.get(unit)
            if decision is None:
                missing = True
                continue
            refused = self.refusal((unit, decision.batches, decision.accept_shortfall), after[unit], produced)
            if refused:
                return refused
            followed.append(unit)
        if missing:
            return "PlanNotReady"
        self.boxes += boxes
        self._decide(choices, after)
        for unit in followed:
            self.decisions[unit].need = after[unit]
        self._sync_targets({UNIT_RECIPE[unit] for unit in followed})
        self._sync_bundles()
        return None
