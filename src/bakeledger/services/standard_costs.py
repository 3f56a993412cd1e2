"""Standard (estimated) costs at replacement prices: a batch of a recipe, one finished item, a bundle."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from bakeledger.domain.catalog import FinishedGood, FinishedUnit
from bakeledger.domain.errors import FinishedGoodNotFound
from bakeledger.services.pricing import PriceBook
from bakeledger.services.stock import aggregated_lines_of_many
from bakeledger.uow.base import UnitOfWork

ONE = Decimal(1)


class StandardCosts:
    """What things should cost if every ingredient were bought at its latest recommended price."""

    def __init__(self, uow: UnitOfWork, prices: PriceBook | None = None) -> None:
        self._uow = uow
        self.prices = prices or PriceBook(uow)
        self._batches: dict[int, Decimal] = {}
        self._packaging: dict[int, Decimal] = {}
        self._bundles: dict[int, Decimal] = {}
        self._goods: dict[int, FinishedGood] = {}
        self._units: dict[int, FinishedUnit] = {}

    def load_batches(self, recipe_ids: Iterable[int]) -> None:
        """Cost one batch of each of these recipes, reading them all together (a fixed number of
        statements for any number of recipes)."""
        fresh = [recipe_id for recipe_id in dict.fromkeys(recipe_ids) if recipe_id not in self._batches]
        wanted = [(recipe_id, ONE) for recipe_id in fresh]
        per_recipe = aggregated_lines_of_many(self._uow, wanted)
        self.prices.load(line.ingredient_id for lines in per_recipe for line in lines)
        for (recipe_id, _), lines in zip(wanted, per_recipe, strict=True):
            self._batches[recipe_id] = sum(
                (line.quantity * self.prices.unit_cost(line.ingredient_id, line.unit) for line in lines),
                Decimal(0),
            )

    def batch(self, recipe_id: int) -> Decimal:
        """One batch (scale 1) of a recipe, nested components included."""
        if recipe_id not in self._batches:
            self.load_batches([recipe_id])
        return self._batches[recipe_id]

    def finished_unit(self, unit_id: int) -> Decimal:
        """One finished item: its recipe's batch over the items a batch makes."""
        unit = self._units.get(unit_id) or self._uow.finished_units.get_by_id(unit_id)
        return self.batch(unit.recipe_id) / unit.items_per_batch

    def load_packaging(self, good_ids: Iterable[int]) -> None:
        """Cost the packaging of one bundle of each of these goods, read all together."""
        wanted = {good_id for good_id in good_ids if good_id not in self._packaging}
        if not wanted:
            return
        parts = self._uow.assembly_runs.packaging_of(wanted)
        self.prices.load(p.ingredient_id for good_id in wanted for p in parts[good_id])
        for good_id in wanted:
            self._packaging[good_id] = sum(
                (p.quantity * self.prices.unit_cost(p.ingredient_id, p.package_unit) for p in parts[good_id]),
                Decimal(0),
            )

    def packaging(self, good_id: int) -> Decimal:
        """The packaging of one bundle (its direct packaging components)."""
        if good_id not in self._packaging:
            self.load_packaging([good_id])
        return self._packaging[good_id]

    def load_bundles(self, good_ids: Iterable[int]) -> None:
        """Read these goods, the goods nested in them, their packaging, finished units and recipes
        together: one read per nesting level and a fixed few more, for any number of goods."""
        wanted = set(good_ids) - set(self._goods)
        if not wanted:
            return
        reached: set[int] = set()
        while wanted:
            found = self._uow.finished_goods.get_many(wanted)
            if missing := wanted - found.keys():
                raise FinishedGoodNotFound(key=min(missing))
            self._goods.update(found)
            reached |= wanted
            nested = {c.ref_id for g in found.values() for c in g.components if c.kind == "finished_good"}
            wanted = nested - set(self._goods)
        self.load_packaging(reached)
        units = {
            c.ref_id for g in reached for c in self._goods[g].components if c.kind == "finished_unit"
        } - set(self._units)
        self._units.update(self._uow.finished_units.get_many(units))
        self.load_batches(self._units[u].recipe_id for u in units if u in self._units)

    def bundle(self, good_id: int) -> Decimal:
        """One whole bundle: its packaging plus its finished units and nested goods at standard cost."""
        if good_id not in self._bundles:
            self.load_bundles([good_id])
            total = self.packaging(good_id)
            for comp in self._goods[good_id].components:
                if comp.kind == "finished_unit":
                    total += comp.quantity * self.finished_unit(comp.ref_id)
                elif comp.kind == "finished_good":
                    total += comp.quantity * self.bundle(comp.ref_id)
            self._bundles[good_id] = total
        return self._bundles[good_id]
