"""The shape of exchange documents as attrs classes: one class per kind of row, one per document.

A field whose metadata is `ref(section)` points at a row of that section by its portable key (a slug for
the catalogue, a uuid for everything else); the reader checks those references once every key is
known. The sections of a document are its fields after `format` and `version`, in creation order.
"""

from __future__ import annotations

import attrs

from bakeledger.services.exchange.values import (
    AmendmentKind,
    ComponentKind,
    Count,
    Day,
    Density,
    ExportFormat,
    ExportVersion,
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
    PlanSnapshot,
    PlanState,
    PlanValues,
    Quantity,
    Reason,
    Remaining,
    RunStatus,
    Slug,
    Stock,
    StockLeft,
    Timestamp,
    Unit,
    UnitCost,
    Uuid,
    Version,
    Whole,
    Year,
)

REFERS_TO = "refers_to"


def ref(section: str) -> dict[str, str]:
    """The metadata of a field that refers to a row of `section` by its slug or uuid."""
    return {REFERS_TO: section}


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
    ingredient: Key = attrs.field(metadata=ref("ingredients"))
    brand: Name
    package_unit: Unit
    package_unit_quantity: Quantity
    preferred: bool


@attrs.frozen
class RecipeLineRow:
    ingredient: Key = attrs.field(metadata=ref("ingredients"))
    quantity: Quantity
    unit: Unit


@attrs.frozen
class RecipeComponentRow:
    recipe: Key = attrs.field(metadata=ref("recipes"))
    multiplier: Quantity


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
    recipe: Key = attrs.field(metadata=ref("recipes"))
    items_per_batch: Count


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
    finished_good: Key = attrs.field(metadata=ref("finished_goods"))
    quantity: Count


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
    product: Key = attrs.field(metadata=ref("products"))
    ingredient: Key = attrs.field(metadata=ref("ingredients"))
    packages: Quantity
    price_per_package: Remaining
    quantity: Stock  # in the lot's stock unit (g, ml, each or its package word), exact
    remaining: StockLeft
    unit: Unit
    unit_cost: UnitCost
    cost: Money
    remaining_cost: Money
    purchased_on: Day
    supplier: Name | None
    expires_on: Day | None
    created_at: Timestamp
    # how the purchase was asked for (documents made before purchases had keys carry none)
    idempotency_key: IdempotencyKey | None = None
    request_fingerprint: Fingerprint | None = None


@attrs.frozen
class RunFields:
    """What every run carries as history, whatever it made."""

    uuid: Uuid
    event: Key | None = attrs.field(metadata=ref("events"))
    notes: Note | None
    reversed: bool
    reversed_at: Timestamp | None
    reversal_reason: Note | None


@attrs.frozen
class ProductionRunFields(RunFields):
    """A production run as history: what was baked, its yields, costs and dates."""

    batches: Count
    scale: Quantity
    expected_yield: Whole
    actual_yield: Whole
    loss_quantity: Whole
    status: RunStatus
    loss_category: LossCategory | None
    loss_notes: Note | None
    total_ingredient_cost: Money
    per_unit_cost: UnitCost
    loss_cost: Money
    recipe_snapshot: LongText
    produced_at: Timestamp


@attrs.frozen
class ProductionRunRow(ProductionRunFields):
    recipe: Key = attrs.field(metadata=ref("recipes"))
    finished_unit: Key = attrs.field(metadata=ref("finished_units"))
    # how the run was asked for: kept by a full export, never moved by a history export
    idempotency_key: IdempotencyKey | None
    request_fingerprint: Fingerprint | None


@attrs.frozen
class AssemblyRunFields(RunFields):
    """An assembly run as history: which bundles were made, their costs and dates."""

    quantity: Count
    total_component_cost: Money
    per_unit_cost: UnitCost
    packaging_bypassed: bool
    bypass_notes: Note | None
    assembled_at: Timestamp


@attrs.frozen
class AssemblyRunRow(AssemblyRunFields):
    finished_good: Key = attrs.field(metadata=ref("finished_goods"))
    idempotency_key: IdempotencyKey | None
    request_fingerprint: Fingerprint | None


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
    production_run: Key | None = attrs.field(metadata=ref("production_runs"))
    assembly_run: Key | None = attrs.field(metadata=ref("assembly_runs"))
    created_at: Timestamp


@attrs.frozen
class LotMovementRow:
    lot: Key = attrs.field(metadata=ref("lots"))
    kind: LotMovement
    quantity: Stock
    unit_cost: UnitCost
    cost: Money
    production_run: Key | None = attrs.field(metadata=ref("production_runs"))
    assembly_run: Key | None = attrs.field(metadata=ref("assembly_runs"))
    reason: Reason | None
    notes: Note | None
    created_at: Timestamp


@attrs.frozen
class FinishedMovementRow:
    finished_lot: Key = attrs.field(metadata=ref("finished_lots"))
    kind: FinishedMovement
    quantity: Count
    unit_cost: UnitCost
    cost: Money
    assembly_run: Key | None = attrs.field(metadata=ref("assembly_runs"))
    reason: Reason
    notes: Note | None
    created_at: Timestamp


@attrs.frozen
class ProductionTargetRow:
    uuid: Uuid
    event: Key = attrs.field(metadata=ref("events"))
    recipe: Key = attrs.field(metadata=ref("recipes"))
    batches: Count
    notes: Note | None


@attrs.frozen
class AssemblyTargetRow:
    uuid: Uuid
    event: Key = attrs.field(metadata=ref("events"))
    finished_good: Key = attrs.field(metadata=ref("finished_goods"))
    quantity: Count
    notes: Note | None


@attrs.frozen
class AssignmentRow:
    uuid: Uuid
    event: Key = attrs.field(metadata=ref("events"))
    recipient: Key = attrs.field(metadata=ref("recipients"))
    package: Key = attrs.field(metadata=ref("packages"))
    quantity: Count
    status: FulfillmentStatus
    notes: Note | None


# --- event plans: the snapshot and an amendment's values are JSON objects, as get_plan shows them
@attrs.frozen
class EventPlanRow:
    uuid: Uuid
    event: Key = attrs.field(metadata=ref("events"))
    state: PlanState
    snapshot: PlanSnapshot | None  # the plan as it was locked
    locked_at: Timestamp | None
    started_at: Timestamp | None
    completed_at: Timestamp | None
    completion_reason: Note | None


@attrs.frozen
class PlanDecisionRow:
    uuid: Uuid
    event: Key = attrs.field(metadata=ref("events"))
    finished_unit: Key = attrs.field(metadata=ref("finished_units"))
    batches: Whole
    accept_shortfall: bool
    need: Whole  # the need and batch size the batches were chosen for
    items_per_batch: Count
    decided_at: Timestamp


@attrs.frozen
class PlanAmendmentRow:
    uuid: Uuid
    event: Key = attrs.field(metadata=ref("events"))
    kind: AmendmentKind
    reason: Note
    plan_state: PlanState
    before: PlanValues
    after: PlanValues
    created_at: Timestamp


@attrs.frozen
class ExportDocument:
    """A full export: every section, in the order rows may be inserted (references point back)."""

    format: ExportFormat
    version: ExportVersion
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
    event_plans: list[EventPlanRow]
    plan_decisions: list[PlanDecisionRow]
    plan_amendments: list[PlanAmendmentRow]


# --- history: runs portable by slug, with their consumptions as data -------------------------
@attrs.frozen
class ConsumedLine:
    """What a run took (or got back), at what cost."""

    movement: FinishedMovement
    quantity: Quantity
    unit: Unit
    unit_cost: UnitCost
    cost: Money


@attrs.frozen
class ConsumedIngredientRow(ConsumedLine):
    ingredient: Slug
    product: Slug


@attrs.frozen
class ConsumedComponentRow(ConsumedLine):
    kind: ComponentKind
    slug: Slug


@attrs.frozen
class HistoryProductionRun(ProductionRunFields):
    # the catalogue is resolved against the ledger it is imported into, not the document
    recipe: Slug
    finished_unit: Slug
    consumptions: list[ConsumedIngredientRow]


@attrs.frozen
class HistoryAssemblyRun(AssemblyRunFields):
    finished_good: Slug
    consumptions: list[ConsumedComponentRow]


@attrs.frozen
class HistoryDocument:
    """Production and assembly runs, and the events they belong to."""

    format: HistoryFormat
    version: Version
    production_runs: list[HistoryProductionRun]
    assembly_runs: list[HistoryAssemblyRun]
    events: list[EventRow]


EXPORT_SECTIONS = tuple(f.name for f in attrs.fields(ExportDocument) if f.name not in ("format", "version"))
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
