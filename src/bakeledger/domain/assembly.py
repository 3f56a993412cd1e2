"""Assembly rules: what one bundle needs of each component, and how many bundles stock allows."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

import attrs

from bakeledger.domain.catalog import FinishedGood
from bakeledger.domain.errors import UnitConversionError
from bakeledger.domain.units import Density, can_convert, convert

PACKAGING = "packaging"
EACH = "each"


@attrs.frozen
class PackagingComponent:
    """A packaging product inside a finished good; `quantity` is in the product's package unit."""

    product_id: int
    product_slug: str
    package_unit: str
    ingredient_id: int
    ingredient_slug: str
    quantity: Decimal


@attrs.frozen
class ComponentNeed:
    """What one bundle takes of one component.

    Finished units and goods count whole items ("each"); packaging is drawn per ingredient, in
    the package unit of the first product of that ingredient listed in the bundle.
    """

    kind: str
    ref_id: int  # finished unit / finished good id; the ingredient id for packaging
    slug: str  # the item's slug; the (first) packaging product's slug
    per_bundle: Decimal
    unit: str
    density: Density | None = None
    ingredient_slug: str | None = None

    @property
    def is_packaging(self) -> bool:
        return self.kind == PACKAGING


def component_needs(
    good: FinishedGood,
    packaging: Sequence[PackagingComponent],
    densities: Mapping[int, Density | None],
    *,
    with_packaging: bool = True,
) -> list[ComponentNeed]:
    """Finished items first (merged per item), then packaging (merged per ingredient), in listed order."""
    finished: dict[tuple[str, int], ComponentNeed] = {}
    for comp in good.components:
        if comp.kind == PACKAGING:
            continue
        key = (comp.kind, comp.ref_id)
        known = finished.get(key)
        total = comp.quantity + (known.per_bundle if known else 0)
        finished[key] = ComponentNeed(comp.kind, comp.ref_id, comp.slug, total, EACH)
    wrapping: dict[int, ComponentNeed] = {}
    for part in packaging if with_packaging else ():
        density = densities.get(part.ingredient_id)
        known = wrapping.get(part.ingredient_id)
        if known is None:
            wrapping[part.ingredient_id] = ComponentNeed(
                PACKAGING,
                part.ingredient_id,
                part.product_slug,
                part.quantity,
                part.package_unit,
                density,
                part.ingredient_slug,
            )
            continue
        # Two products of one ingredient draw from the same lots: one FIFO need in one unit.
        if not can_convert(part.package_unit, known.unit, density):
            raise UnitConversionError(
                from_unit=part.package_unit,
                to_unit=known.unit,
                message=f"{good.slug}: packaging {part.product_slug} ({part.package_unit}) and "
                f"{known.slug} ({known.unit}) share an ingredient but their units do not convert",
            )
        extra = convert(part.quantity, part.package_unit, known.unit, density)
        wrapping[part.ingredient_id] = attrs.evolve(known, per_bundle=known.per_bundle + extra)
    return [*finished.values(), *wrapping.values()]


def max_assemblable(limits: Iterable[tuple[Decimal, Decimal]]) -> int:
    """How many whole bundles stock allows: the least available // per_bundle over the components."""
    counts = [int(available // per_bundle) for available, per_bundle in limits if per_bundle > 0]
    return max(0, min(counts)) if counts else 0


@attrs.frozen(kw_only=True)
class AssemblyRun:
    """A recorded assembly: as the service builds it (id 0 until stored), or as stored."""

    id: int = 0
    uuid: str = attrs.field(factory=lambda: str(uuid.uuid4()))
    finished_good_id: int
    finished_good_slug: str
    event_id: int | None
    quantity: int
    total_component_cost: Decimal
    per_unit_cost: Decimal
    assembled_at: dt.datetime
    packaging_bypassed: bool
    bypass_notes: str | None
    notes: str | None
    reversed: bool = False
    reversed_at: dt.datetime | None = None
    reversal_reason: str | None = None
    idempotency_key: str | None
    request_fingerprint: str | None
