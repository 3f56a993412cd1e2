"""The shape of exchange documents as attrs classes: one class per kind of row, one per document.

A field made with `ref(section)` points at a row of that section by its portable key (a slug for
the catalogue, a uuid for everything else); the reader checks those references once every key is
known. The sections of a document are its fields after `format` and `version`, in creation order.
"""

from __future__ import annotations

from typing import Any

import attrs

from bakeledger.services.exchange.values import (
    ComponentKind,
    Count,
    Day,
    Density,
    ExportFormat,
    Fingerprint,
    FinishedKind,
    FinishedMovement,
    FinishedSource,
    FulfillmentStatus,
    HistoryFormat,
    IdempotencyKey,
    Key,
    LongText,
    LossCategory,
    LotMovement,
    Money,
    Name,
    Note,
    Quantity,
    Reason,
    Remaining,
    RunStatus,
    Slug,
    Timestamp,
    Unit,
    UnitCost,
    Uuid,
    Version,
    Whole,
    Year,
)

REFERS_TO = "refers_to"


def ref(section: str) -> Any:
    """A field that refers to a row of `section` by its slug or uuid."""
    return attrs.field(metadata={REFERS_TO: section})


# --- the catalogue: referred to by slug ------------------------------------------------------
@attrs.frozen
class IngredientRow:
    uuid: Uuid
    slug: Slug
    name: Name
    category: Name
    density: Density | None


@attrs.frozen
class ProductRow:
    uuid: Uuid
    slug: Slug
    name: Name | None
    ingredient: Key = ref("ingredients")
    brand: Name = attrs.field()
    package_unit: Unit = attrs.field()
    package_unit_quantity: Quantity = attrs.field()
    preferred: bool = attrs.field()


@attrs.frozen
class RecipeLineRow:
    ingredient: Key = ref("ingredients")
    quantity: Quantity = attrs.field()
    unit: Unit = attrs.field()


@attrs.frozen
class RecipeComponentRow:
    recipe: Key = ref("recipes")
    multiplier: Quantity = attrs.field()


@attrs.frozen
class RecipeRow:
    uuid: Uuid
    slug: Slug
    name: Name
    category: Name
    ingredients: list[RecipeLineRow]
    components: list[RecipeComponentRow]


@attrs.frozen
class FinishedUnitRow:
    uuid: Uuid
    slug: Slug
    name: Name
    recipe: Key = ref("recipes")
    items_per_batch: Count = attrs.field()


@attrs.frozen
class BundleComponentRow:
    kind: ComponentKind
    slug: Slug  # a finished unit, finished good or product, by kind: checked with the bundle rules
    quantity: Quantity


@attrs.frozen
class FinishedGoodRow:
    uuid: Uuid
    slug: Slug
    name: Name
    components: list[BundleComponentRow]


@attrs.frozen
class PackageContentRow:
    finished_good: Key = ref("finished_goods")
    quantity: Count = attrs.field()


@attrs.frozen
class PackageRow:
    uuid: Uuid
    slug: Slug
    name: Name
    contents: list[PackageContentRow]


@attrs.frozen
class RecipientRow:
    uuid: Uuid
    slug: Slug
    name: Name
    household: Name | None


# --- events, stock and runs: referred to by uuid ----------------------------------------------
@attrs.frozen
class EventRow:
    uuid: Uuid
    name: Name
    event_date: Day
    year: Year
    notes: Note | None
    created_at: Timestamp


@attrs.frozen
class LotRow:
    uuid: Uuid
    product: Key = ref("products")
    ingredient: Key = ref("ingredients")
    packages: Quantity = attrs.field()
    price_per_package: Remaining = attrs.field()
    quantity: Quantity = attrs.field()
    remaining: Remaining = attrs.field()
    unit: Unit = attrs.field()
    unit_cost: UnitCost = attrs.field()
    purchased_on: Day = attrs.field()
    supplier: Name | None = attrs.field()
    expires_on: Day | None = attrs.field()
    created_at: Timestamp = attrs.field()


@attrs.frozen
class ProductionRunFields:
    """A production run as history: what was baked, its yields, costs and dates."""

    uuid: Uuid
    recipe: Key = ref("recipes")
    finished_unit: Key = ref("finished_units")
    event: Key | None = ref("events")
    batches: Count = attrs.field()
    scale: Quantity = attrs.field()
    expected_yield: Whole = attrs.field()
    actual_yield: Whole = attrs.field()
    loss_quantity: Whole = attrs.field()
    status: RunStatus = attrs.field()
    loss_category: LossCategory | None = attrs.field()
    loss_notes: Note | None = attrs.field()
    notes: Note | None = attrs.field()
    total_ingredient_cost: Money = attrs.field()
    per_unit_cost: UnitCost = attrs.field()
    loss_cost: Money = attrs.field()
    recipe_snapshot: LongText = attrs.field()
    produced_at: Timestamp = attrs.field()
    reversed: bool = attrs.field()
    reversed_at: Timestamp | None = attrs.field()
    reversal_reason: Note | None = attrs.field()


@attrs.frozen
class ProductionRunRow(ProductionRunFields):
    idempotency_key: IdempotencyKey | None = attrs.field()
    request_fingerprint: Fingerprint | None = attrs.field()


@attrs.frozen
class AssemblyRunFields:
    """An assembly run as history: which bundles were made, their costs and dates."""

    uuid: Uuid
    finished_good: Key = ref("finished_goods")
    event: Key | None = ref("events")
    quantity: Count = attrs.field()
    total_component_cost: Money = attrs.field()
    per_unit_cost: UnitCost = attrs.field()
    packaging_bypassed: bool = attrs.field()
    bypass_notes: Note | None = attrs.field()
    notes: Note | None = attrs.field()
    assembled_at: Timestamp = attrs.field()
    reversed: bool = attrs.field()
    reversed_at: Timestamp | None = attrs.field()
    reversal_reason: Note | None = attrs.field()


@attrs.frozen
class AssemblyRunRow(AssemblyRunFields):
    idempotency_key: IdempotencyKey | None = attrs.field()
    request_fingerprint: Fingerprint | None = attrs.field()


@attrs.frozen
class FinishedLotRow:
    uuid: Uuid
    kind: FinishedKind
    slug: Slug  # a finished unit or finished good, by kind: checked with the stock rules
    quantity: Whole
    remaining: Whole
    unit_cost: UnitCost
    source: FinishedSource
    reason: Reason | None
    notes: Note | None
    production_run: Key | None = ref("production_runs")
    assembly_run: Key | None = ref("assembly_runs")
    created_at: Timestamp = attrs.field()


@attrs.frozen
class LotMovementRow:
    lot: Key = ref("lots")
    kind: LotMovement = attrs.field()
    quantity: Quantity = attrs.field()
    unit_cost: UnitCost = attrs.field()
    cost: Money = attrs.field()
    production_run: Key | None = ref("production_runs")
    assembly_run: Key | None = ref("assembly_runs")
    reason: Reason | None = attrs.field()
    notes: Note | None = attrs.field()
    created_at: Timestamp = attrs.field()


@attrs.frozen
class FinishedMovementRow:
    finished_lot: Key = ref("finished_lots")
    kind: FinishedMovement = attrs.field()
    quantity: Count = attrs.field()
    unit_cost: UnitCost = attrs.field()
    cost: Money = attrs.field()
    assembly_run: Key | None = ref("assembly_runs")
    reason: Reason = attrs.field()
    notes: Note | None = attrs.field()
    created_at: Timestamp = attrs.field()


@attrs.frozen
class ProductionTargetRow:
    uuid: Uuid
    event: Key = ref("events")
    recipe: Key = ref("recipes")
    batches: Count = attrs.field()
    notes: Note | None = attrs.field()


@attrs.frozen
class AssemblyTargetRow:
    uuid: Uuid
    event: Key = ref("events")
    finished_good: Key = ref("finished_goods")
    quantity: Count = attrs.field()
    notes: Note | None = attrs.field()


@attrs.frozen
class AssignmentRow:
    uuid: Uuid
    event: Key = ref("events")
    recipient: Key = ref("recipients")
    package: Key = ref("packages")
    quantity: Count = attrs.field()
    status: FulfillmentStatus = attrs.field()
    notes: Note | None = attrs.field()


@attrs.frozen
class ExportDocument:
    """A full export: every section, in the order rows may be inserted (references point back)."""

    format: ExportFormat
    version: Version
    ingredients: list[IngredientRow]
    products: list[ProductRow]
    recipes: list[RecipeRow]
    finished_units: list[FinishedUnitRow]
    finished_goods: list[FinishedGoodRow]
    packages: list[PackageRow]
    recipients: list[RecipientRow]
    events: list[EventRow]
    lots: list[LotRow]
    production_runs: list[ProductionRunRow]
    assembly_runs: list[AssemblyRunRow]
    finished_lots: list[FinishedLotRow]
    lot_movements: list[LotMovementRow]
    finished_movements: list[FinishedMovementRow]
    production_targets: list[ProductionTargetRow]
    assembly_targets: list[AssemblyTargetRow]
    assignments: list[AssignmentRow]


# --- history: runs portable by slug, with their consumptions as data -------------------------
@attrs.frozen
class ConsumedIngredientRow:
    ingredient: Slug
    product: Slug
    movement: FinishedMovement
    quantity: Quantity
    unit: Unit
    unit_cost: UnitCost
    cost: Money


@attrs.frozen
class ConsumedComponentRow:
    kind: ComponentKind
    slug: Slug
    movement: FinishedMovement
    quantity: Quantity
    unit: Unit
    unit_cost: UnitCost
    cost: Money


@attrs.frozen
class HistoryProductionRun(ProductionRunFields):
    # the catalogue is resolved against the ledger it is imported into, not the document
    recipe: Slug = attrs.field()
    finished_unit: Slug = attrs.field()
    consumptions: list[ConsumedIngredientRow] = attrs.field()


@attrs.frozen
class HistoryAssemblyRun(AssemblyRunFields):
    finished_good: Slug = attrs.field()
    consumptions: list[ConsumedComponentRow] = attrs.field()


@attrs.frozen
class HistoryDocument:
    """Production and assembly runs, and the events they belong to."""

    format: HistoryFormat
    version: Version
    production_runs: list[HistoryProductionRun]
    assembly_runs: list[HistoryAssemblyRun]
    events: list[EventRow]


def sections(document: type[Any]) -> tuple[str, ...]:
    """The sections of a document class, in its order."""
    return tuple(f.name for f in attrs.fields(document) if f.name not in ("format", "version"))


EXPORT_SECTIONS = sections(ExportDocument)
HISTORY_SECTIONS = sections(HistoryDocument)
RUN_SECTIONS = ("production_runs", "assembly_runs")
# Catalogue rows are referred to by slug, everything else by uuid.
CATALOGUE = EXPORT_SECTIONS[: EXPORT_SECTIONS.index("recipients") + 1]
# Which section a component's or a finished lot's slug points into, by its kind.
SECTION_OF_KIND = {
    "finished_unit": "finished_units",
    "finished_good": "finished_goods",
    "packaging": "products",
}


def key_of(section: str) -> str:
    """The field by which rows of `section` are referred to."""
    return "slug" if section in CATALOGUE else "uuid"


# Field types as classes, not strings, for the rules that walk the rows by their fields.
for _class in [c for c in globals().values() if isinstance(c, type) and attrs.has(c)]:
    attrs.resolve_types(_class)
