"""The service boundary: frozen DTOs whose numbers are already formatted strings, and the one
cattrs converter that unstructures them to dicts and strictly structures them back (with detailed
validation: every problem is reported with its path, as import documents are).

Formats: money "12.35", unit cost "0.0348", quantity "13.5", percent "57.14".
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any, NewType, TypeVar

import attrs
import cattrs
from cattrs.cols import list_structure_factory
from cattrs.gen import make_dict_structure_fn
from cattrs.v import format_exception

from bakeledger.domain.errors import BakeLedgerError, ValidationError
from bakeledger.domain.numbers import fmt_money, fmt_percent, fmt_quantity, fmt_unit_cost

MoneyStr = NewType("MoneyStr", str)
UnitCostStr = NewType("UnitCostStr", str)
QuantityStr = NewType("QuantityStr", str)
PercentStr = NewType("PercentStr", str)

FORMATS: dict[Any, Callable[[Decimal], str]] = {
    MoneyStr: fmt_money,
    UnitCostStr: fmt_unit_cost,
    QuantityStr: fmt_quantity,
    PercentStr: fmt_percent,
}
_NUMBER_TEXT = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
D = TypeVar("D")


Format = Callable[[Decimal], str] | None


def _format_of(kind: Any) -> Format:
    """The string format of a field's kind (its non-None kind for `X | None`), if it has one."""
    args = typing.get_args(kind)
    if args and (typing.get_origin(kind) in (typing.Union, types.UnionType)):
        kind = next(a for a in args if a is not type(None))
    return FORMATS.get(kind)


def _format_value(fmt: Format, value: Any) -> Any:
    """Decimal/int -> formatted string for a formatted field; dates -> ISO strings."""
    if fmt is not None and isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        return fmt(Decimal(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


_FIELD_FORMATS: dict[type, dict[str, Format]] = {}


def _field_formats(cls: type) -> dict[str, Format]:
    # resolving (string) annotations costs more than building the DTO itself: once per class
    formats = _FIELD_FORMATS.get(cls)
    if formats is None:
        hints = typing.get_type_hints(cls)
        formats = _FIELD_FORMATS[cls] = {name: _format_of(kind) for name, kind in hints.items()}
    return formats


def build(cls: type[D], **values: Any) -> D:
    """Make a DTO from exact values: Decimals are formatted once, here, by the field's kind."""
    formats = _field_formats(cls)
    for name, value in values.items():
        kind = type(value)
        if kind is str or kind is bool or value is None:
            continue
        if kind is Decimal or kind is int:  # the common cases, checked by exact type first
            fmt = formats[name]
            if fmt is not None:
                values[name] = fmt(value if kind is Decimal else Decimal(value))
        elif kind is dt.date or kind is dt.datetime:
            values[name] = value.isoformat()
        else:
            values[name] = _format_value(formats[name], value)
    return cls(**values)


# --- the converter ------------------------------------------------------------------------
class _StrictConverter(cattrs.Converter):
    """Structuring failures (wrong types, missing or extra keys) are `ValidationError`s listing
    every problem with its path."""

    def structure(self, obj: Any, cl: Any) -> Any:
        try:
            return super().structure(obj, cl)
        except ValidationError:
            raise
        except (cattrs.BaseValidationError, KeyError, TypeError) as exc:
            name = getattr(cl, "__name__", str(cl))
            problems = problems_of(exc, name)
            path = problems[0].partition(": ")[0] if problems else name
            raise ValidationError(
                field=None if path == name else path,
                value=repr(obj)[:80],
                message=f"cannot read {name}: {'; '.join(problems)}",
            ) from _first_cause(exc)


converter = _StrictConverter(forbid_extra_keys=True, detailed_validation=True)

_MISSING = "missing"


def _message(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, KeyError):
        return _MISSING
    if typing.get_origin(type_) is typing.Literal:
        return "must be one of " + ", ".join(str(choice) for choice in typing.get_args(type_))
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return ", ".join(f"unknown key {key!r}" for key in sorted(exc.extra_fields))
    if isinstance(exc, (ValueError, BakeLedgerError)):
        return str(exc)
    return format_exception(exc, type_)


def problems_of(error: BaseException, root: str = "document") -> list[str]:
    """Every problem of a structuring error as `path: message`, the paths as
    `cattrs.transform_error` makes them but without its `$` (`root` names the top level)."""
    found = []
    for line in cattrs.transform_error(error, path="", format_exception=_message):
        message, _, path = line.rpartition(" @ ")
        path = path.removeprefix(".")
        if message == _MISSING:  # a missing field is the problem of the object that lacks it
            parent, _, field = path.rpartition(".")
            path, message = parent, f"missing key {field!r}"
        found.append(f"{path or root}: {message}")
    return found


def _first_cause(exc: BaseException) -> BaseException:
    """The first failure inside a group of structuring errors (the one to chain)."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return exc


def _reject(value: Any, what: str) -> ValidationError:
    if isinstance(value, float):  # a JSON number with a fraction: never exact, so never read
        return ValidationError(
            value=repr(value), message=f"expected {what}, got the number {value!r}: write it as a string"
        )
    return ValidationError(
        value=repr(value), message=f"expected {what}, got {type(value).__name__} {value!r}"
    )


def _number_hook(fmt: Callable[[Decimal], str]) -> Callable[[Any, Any], str]:
    def structure(value: Any, _type: Any) -> str:
        if isinstance(value, int) and not isinstance(value, bool):
            return fmt(Decimal(value))
        if isinstance(value, str) and _NUMBER_TEXT.match(value):
            return value
        raise _reject(value, "a decimal string")

    return structure


for _kind, _fmt in FORMATS.items():
    converter.register_structure_hook(_kind, _number_hook(_fmt))


def _structure_str(value: Any, _type: Any) -> str:
    if isinstance(value, str):
        return value
    raise _reject(value, "a string")


def _structure_int(value: Any, _type: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value):
        return int(value)
    raise _reject(value, "an integer")


def _structure_bool(value: Any, _type: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise _reject(value, "a boolean")


converter.register_structure_hook(str, _structure_str)
converter.register_structure_hook(int, _structure_int)
converter.register_structure_hook(bool, _structure_bool)


def _list_hook(type_: Any) -> Callable[[Any, Any], list[Any]]:
    structure = list_structure_factory(type_, converter)

    def structure_list(value: Any, _type: Any) -> list[Any]:
        if not isinstance(value, list):
            raise _reject(value, "a list")
        return structure(value, type_)

    return structure_list


converter.register_structure_hook_factory(lambda t: typing.get_origin(t) is list, _list_hook)


def _object_hook(cls: type[D]) -> Callable[[Any, Any], D]:
    structure = make_dict_structure_fn(cls, converter)

    def structure_object(value: Any, _type: Any) -> D:
        if not isinstance(value, dict):
            raise _reject(value, "an object")
        return structure(value, cls)

    return structure_object


converter.register_structure_hook_factory(attrs.has, _object_hook)


def to_dict(dto: Any) -> Any:
    """A DTO (or list of DTOs) as JSON-ready dicts with the same keys."""
    return converter.unstructure(dto)


# --- catalogue -----------------------------------------------------------------------------
@attrs.frozen
class IngredientDTO:
    id: int
    uuid: str
    slug: str
    name: str
    category: str
    density: str | None


@attrs.frozen
class ProductDTO:
    id: int
    uuid: str
    slug: str
    name: str | None
    ingredient: str
    brand: str
    package_unit: str
    package_unit_quantity: QuantityStr
    preferred: bool


@attrs.frozen
class RecipeLineDTO:
    ingredient: str
    quantity: QuantityStr
    unit: str


@attrs.frozen
class RecipeComponentDTO:
    recipe: str
    multiplier: QuantityStr


@attrs.frozen
class RecipeDTO:
    id: int
    uuid: str
    slug: str
    name: str
    category: str
    ingredients: list[RecipeLineDTO]
    components: list[RecipeComponentDTO]


@attrs.frozen
class FinishedUnitDTO:
    id: int
    uuid: str
    slug: str
    name: str
    recipe: str
    items_per_batch: int


@attrs.frozen
class FinishedGoodComponentDTO:
    kind: str
    slug: str
    quantity: QuantityStr


@attrs.frozen
class FinishedGoodDTO:
    id: int
    uuid: str
    slug: str
    name: str
    components: list[FinishedGoodComponentDTO]


@attrs.frozen
class PackageContentDTO:
    finished_good: str
    quantity: int


@attrs.frozen
class PackageDTO:
    id: int
    uuid: str
    slug: str
    name: str
    contents: list[PackageContentDTO]


@attrs.frozen
class RecipientDTO:
    id: int
    uuid: str
    slug: str
    name: str
    household: str | None


# --- inventory -----------------------------------------------------------------------------
@attrs.frozen
class LotDTO:
    id: int
    uuid: str
    product: str
    ingredient: str
    quantity: QuantityStr
    remaining: QuantityStr
    unit: str
    unit_cost: UnitCostStr
    purchased_on: str
    supplier: str | None = None
    expires_on: str | None = None


@attrs.frozen
class FifoLineDTO:
    lot_id: int
    quantity: QuantityStr
    unit: str
    unit_cost: UnitCostStr
    cost: MoneyStr
    remaining_after: QuantityStr


@attrs.frozen
class FifoResultDTO:
    ingredient: str
    unit: str
    requested: QuantityStr
    consumed: QuantityStr
    shortfall: QuantityStr
    satisfied: bool
    total_cost: MoneyStr
    lines: list[FifoLineDTO]


@attrs.frozen
class StockDayDTO:
    """One day of an ingredient's stock in one unit: what came in (bought, or put back by a
    reversal), what went out (runs and by hand), and what was on hand at the end of the day."""

    day: str
    unit: str
    added: QuantityStr
    removed: QuantityStr
    on_hand: QuantityStr


@attrs.frozen
class StockTimelineDTO:
    ingredient: str
    units: list[str]
    days: list[StockDayDTO]


@attrs.frozen
class IngredientStockDTO:
    """Everything left of an ingredient across its lots, in one unit."""

    ingredient: str
    unit: str
    quantity: QuantityStr


@attrs.frozen
class FinishedStockDTO:
    kind: str
    slug: str
    count: int
    value: MoneyStr


# --- production ----------------------------------------------------------------------------
@attrs.frozen
class ProductionMissingDTO:
    ingredient: str
    needed: QuantityStr
    available: QuantityStr
    unit: str


@attrs.frozen
class ProductionCheckDTO:
    """`estimated_cost`: the whole request = `on_hand_cost` (exact: what recording would cost for
    the part in stock) + `shortfall_cost` (an estimate: the rest at the latest purchase prices);
    both None when a short ingredient was never bought (listed in `unpriced`)."""

    can_produce: bool
    missing: list[ProductionMissingDTO]
    estimated_cost: MoneyStr | None
    on_hand_cost: MoneyStr
    shortfall_cost: MoneyStr | None
    unpriced: list[str]


@attrs.frozen
class RunLotLineDTO:
    lot_id: int
    quantity: QuantityStr
    unit: str
    unit_cost: UnitCostStr
    cost: MoneyStr


@attrs.frozen
class ProductionConsumptionDTO:
    ingredient: str
    quantity: QuantityStr
    unit: str
    cost: MoneyStr
    lots: list[RunLotLineDTO]


@attrs.frozen
class ProductionLossDTO:
    category: str
    quantity: int
    cost: MoneyStr
    notes: str | None


@attrs.frozen
class ProductionRunDTO:
    id: int
    uuid: str
    recipe: str
    finished_unit: str
    event_id: int | None
    batches: int
    scale: QuantityStr
    expected_yield: int
    actual_yield: int
    loss_quantity: int
    status: str
    total_ingredient_cost: MoneyStr
    per_unit_cost: UnitCostStr
    loss_cost: MoneyStr
    produced_at: str
    reversed: bool
    reversed_at: str | None
    reversal_reason: str | None
    notes: str | None
    idempotency_key: str | None
    consumptions: list[ProductionConsumptionDTO]
    losses: list[ProductionLossDTO]


# --- assembly ------------------------------------------------------------------------------
@attrs.frozen
class AssemblyMissingDTO:
    kind: str
    slug: str
    needed: QuantityStr
    available: QuantityStr
    unit: str


@attrs.frozen
class AssemblyCheckDTO:
    """Costs as in ProductionCheckDTO; short finished items are estimated at their standard cost
    (their recipe or bundle at the latest purchase prices)."""

    finished_good: str
    quantity: int
    can_assemble: bool
    missing: list[AssemblyMissingDTO]
    max_assemblable: int
    estimated_cost: MoneyStr | None
    on_hand_cost: MoneyStr
    shortfall_cost: MoneyStr | None
    unpriced: list[str]


@attrs.frozen
class AssemblyConsumptionDTO:
    kind: str
    slug: str
    quantity: QuantityStr
    unit: str
    cost: MoneyStr


@attrs.frozen
class AssemblyRunDTO:
    id: int
    uuid: str
    finished_good: str
    event_id: int | None
    quantity: int
    total_component_cost: MoneyStr
    per_unit_cost: UnitCostStr
    assembled_at: str
    packaging_bypassed: bool
    bypass_notes: str | None
    reversed: bool
    reversed_at: str | None
    reversal_reason: str | None
    consumptions: list[AssemblyConsumptionDTO]
    notes: str | None
    idempotency_key: str | None


# --- events --------------------------------------------------------------------------------
@attrs.frozen
class EventDTO:
    id: int
    uuid: str
    name: str
    event_date: str
    year: int
    notes: str | None


@attrs.frozen
class ProductionTargetDTO:
    id: int
    event_id: int
    recipe: str
    batches: int
    notes: str | None


@attrs.frozen
class AssemblyTargetDTO:
    id: int
    event_id: int
    finished_good: str
    quantity: int
    notes: str | None


@attrs.frozen
class AssignmentDTO:
    id: int
    uuid: str
    event_id: int
    recipient: str
    package: str
    quantity: int
    status: str
    notes: str | None


@attrs.frozen
class ProductionProgressDTO:
    recipe: str
    target_batches: int
    produced_batches: int
    produced_yield: int
    remaining_batches: int
    overage_batches: int
    percent: PercentStr
    complete: bool


@attrs.frozen
class AssemblyProgressDTO:
    finished_good: str
    target_quantity: int
    assembled_quantity: int
    remaining: int
    overage: int
    percent: PercentStr
    complete: bool


@attrs.frozen
class OverallProgressDTO:
    production_percent: PercentStr
    assembly_percent: PercentStr
    overall_percent: PercentStr
    status: str
    production_targets: int
    production_complete: int
    assembly_targets: int
    assembly_complete: int
    packages_pending: int
    packages_ready: int
    packages_delivered: int
    packages_total: int


@attrs.frozen
class EventProgressDTO:
    event_id: int
    name: str
    event_date: str
    production: list[ProductionProgressDTO]
    assembly: list[AssemblyProgressDTO]
    overall: OverallProgressDTO


@attrs.frozen
class RecipeCostDTO:
    recipe: str
    target_batches: int
    produced_batches: int
    remaining_batches: int
    runs: int
    actual_cost: MoneyStr
    estimated_cost: MoneyStr
    variance: MoneyStr
    remaining_cost: MoneyStr


@attrs.frozen
class FinishedGoodCostDTO:
    finished_good: str
    target_quantity: int
    assembled_quantity: int
    remaining: int
    runs: int
    actual_cost: MoneyStr
    packaging_cost: MoneyStr
    estimated_cost: MoneyStr
    variance: MoneyStr
    remaining_cost: MoneyStr


@attrs.frozen
class EventCostAnalysisDTO:
    event_id: int
    production: list[RecipeCostDTO]
    assembly: list[FinishedGoodCostDTO]
    production_cost: MoneyStr
    assembly_cost: MoneyStr
    bundled_cost: MoneyStr
    actual_cost: MoneyStr
    estimated_cost: MoneyStr
    variance: MoneyStr
    remaining_cost: MoneyStr
    unpriced: list[str]


@attrs.frozen
class RecipientSummaryDTO:
    recipient: str
    name: str
    assignments: int
    packages: int
    cost: MoneyStr


@attrs.frozen
class PackageSummaryDTO:
    package: str
    name: str
    assignments: int
    quantity: int
    unit_cost: MoneyStr
    cost: MoneyStr


@attrs.frozen
class EventSummaryDTO:
    event: EventDTO
    recipient_count: int
    assignment_count: int
    package_count: int
    packages_pending: int
    packages_ready: int
    packages_delivered: int
    recipients: list[RecipientSummaryDTO]
    packages: list[PackageSummaryDTO]
    total_cost: MoneyStr
    cost_per_recipient: MoneyStr
    unpriced: list[str]


@attrs.frozen
class ShoppingItemDTO:
    ingredient: str
    unit: str
    needed: QuantityStr
    on_hand: QuantityStr
    to_buy: QuantityStr
    product: str | None
    package_unit: str | None
    package_unit_quantity: QuantityStr | None
    packages: int
    estimated_cost: MoneyStr | None


@attrs.frozen
class ShoppingListDTO:
    event_id: int
    items: list[ShoppingItemDTO]
    total_estimated_cost: MoneyStr
    unpriced: list[str]


@attrs.frozen
class PlanMissingDTO:
    kind: str  # ingredient | packaging | finished_unit | finished_good
    slug: str
    needed: QuantityStr
    available: QuantityStr
    unit: str


@attrs.frozen
class PlanTargetDTO:
    kind: str  # production | assembly
    slug: str
    quantity: int
    feasible: bool
    missing: list[PlanMissingDTO]
    cost: MoneyStr | None  # on_hand_cost + shortfall_cost, None when the shortfall has no price
    on_hand_cost: MoneyStr
    shortfall_cost: MoneyStr | None


@attrs.frozen
class EventPlanDTO:
    event_id: int
    feasible: bool
    targets: list[PlanTargetDTO]
    # each cent once: Σ of the targets' cost less `bundled_cost`; None when one of them has no price
    total_cost: MoneyStr | None
    on_hand_cost: MoneyStr
    shortfall_cost: MoneyStr | None
    bundled_cost: MoneyStr  # what assemblies take of items the plan's own steps make (in both costs)
    unpriced: list[str]
    shopping_list: list[ShoppingItemDTO]


# --- planning ------------------------------------------------------------------------------
@attrs.frozen
class BundleDemandDTO:
    finished_good: str
    needed: int  # bundles: assigned (through packages), inside other bundles, or targeted


@attrs.frozen
class UnitDemandDTO:
    finished_unit: str
    recipe: str
    needed: int  # items, combined over every bundle before any rounding
    items_per_batch: int
    produced: int  # items of the event's non-reversed production runs


@attrs.frozen
class PackagingDemandDTO:
    product: str
    ingredient: str
    quantity: QuantityStr
    unit: str  # the product's package unit


@attrs.frozen
class EventDemandDTO:
    """What an event's assignments (recipient × package × quantity) need through packages, bundles
    at any depth and finished units, plus the assembly targets for bundles no assignment reaches."""

    event_id: int
    bundles: list[BundleDemandDTO]
    units: list[UnitDemandDTO]
    packaging: list[PackagingDemandDTO]


@attrs.frozen
class BatchOptionDTO:
    kind: str  # floor | ceil | exact
    batches: int
    items: int  # batches × items per batch
    event_batches: int  # the batch count to decide: these batches plus those already baked for the event
    shortfall: int  # items short of what remains (floor only)
    extra: int  # items beyond what remains (ceil only)
    waste_percent: PercentStr  # extra ÷ remaining × 100


@attrs.frozen
class UnitBatchOptionsDTO:
    """Options for what is still needed of one finished unit: `remaining` = needed − produced, never
    below 0 (items already baked for the event count). `recommended` names the option the waste
    threshold picks: the ceil when its waste is within the threshold, else the option with less waste,
    then `flagged`. Nothing is chosen for the baker."""

    finished_unit: str
    recipe: str
    needed: int
    produced: int
    remaining: int
    items_per_batch: int
    options: list[BatchOptionDTO]
    recommended: str
    flagged: bool
    decided_batches: int | None  # the plan's decision, None without one
    stale: bool  # the decision was made for another need or batch size
    decided_need: int | None


@attrs.frozen
class EventBatchOptionsDTO:
    event_id: int
    waste_threshold: PercentStr
    units: list[UnitBatchOptionsDTO]


@attrs.frozen
class PlanUnitDTO:
    """One finished unit of a plan: its live need and its decision. `yields` counts what was already
    baked for the event plus the decided batches still to bake; a decision is `stale` when the need
    or the batch size it was made for has changed since (outside an amendment)."""

    finished_unit: str
    recipe: str
    needed: int  # 0 when no bundle of the event needs it any more
    items_per_batch: int
    produced: int
    produced_batches: int
    batches: int | None  # None: no decision yet
    accept_shortfall: bool
    yields: int | None
    shortfall: int
    extra: int
    stale: bool
    decided_need: int | None


@attrs.frozen
class PlanBatchesDTO:
    recipe: str
    batches: int


@attrs.frozen
class PlanBundlesDTO:
    finished_good: str
    quantity: int


@attrs.frozen
class PlanEstimateDTO:
    """The whole-plan dry run's figures when the plan was locked."""

    feasible: bool
    total_cost: MoneyStr | None
    on_hand_cost: MoneyStr
    shortfall_cost: MoneyStr | None
    unpriced: list[str]


@attrs.frozen
class PlanSnapshotDTO:
    locked_at: str
    bundles: list[BundleDemandDTO]
    units: list[PlanUnitDTO]
    targets: list[PlanBatchesDTO]
    assembly_targets: list[PlanBundlesDTO]
    estimate: PlanEstimateDTO


@attrs.frozen
class PlanComparisonDTO:
    """One figure of the snapshot against the live plan: bundle or unit needs, decided batches, targets."""

    section: str  # bundle | need | decision | target | assembly_target
    key: str
    before: int | None
    after: int | None
    change: str  # unchanged | added | removed | changed


@attrs.frozen
class PlanAssignmentValueDTO:
    id: int  # as it was in this ledger when amended (an import may renumber; the uuid stays)
    uuid: str
    recipient: str
    package: str
    quantity: int


@attrs.frozen
class PlanDecisionValueDTO:
    finished_unit: str
    batches: int
    accept_shortfall: bool


@attrs.frozen
class PlanValuesDTO:
    """What an amendment touched, as it was before or after it."""

    assignments: list[PlanAssignmentValueDTO]
    decisions: list[PlanDecisionValueDTO]
    targets: list[PlanBatchesDTO]
    assembly_targets: list[PlanBundlesDTO]


@attrs.frozen
class PlanAmendmentDTO:
    id: int
    kind: str
    reason: str
    plan_state: str  # the state the plan was in when amended
    before: PlanValuesDTO
    after: PlanValuesDTO
    created_at: str


@attrs.frozen
class PlanDTO:
    """An event's plan: its state, the live demand with each decision, the targets they make, the
    snapshot taken when it was locked and how the live plan compares with it, and every amendment."""

    event_id: int
    state: str  # draft | locked | in_production | complete
    ready: bool  # every needed finished unit has a decision and none is stale
    locked_at: str | None
    started_at: str | None
    completed_at: str | None
    completion_reason: str | None
    bundles: list[BundleDemandDTO]
    units: list[PlanUnitDTO]
    targets: list[PlanBatchesDTO]
    assembly_targets: list[PlanBundlesDTO]
    snapshot: PlanSnapshotDTO | None
    comparison: list[PlanComparisonDTO]
    amendments: list[PlanAmendmentDTO]


@attrs.frozen
class SeasonEventDTO:
    """One event of the season dry run: its remaining targets drawn from what earlier events left."""

    event_id: int
    name: str
    event_date: str
    state: str
    feasible: bool
    targets: list[PlanTargetDTO]
    total_cost: MoneyStr | None
    on_hand_cost: MoneyStr
    shortfall_cost: MoneyStr | None
    bundled_cost: MoneyStr
    unpriced: list[str]


@attrs.frozen
class SeasonPlanDTO:
    date_from: str | None
    date_to: str | None
    feasible: bool
    events: list[SeasonEventDTO]
    total_cost: MoneyStr | None
    on_hand_cost: MoneyStr
    shortfall_cost: MoneyStr | None
    bundled_cost: MoneyStr
    unpriced: list[str]
    shopping_list: list[ShoppingItemDTO]


# --- exchange ------------------------------------------------------------------------------
# --- access ---------------------------------------------------------------------------------
@attrs.frozen
class TokenDTO:
    id: int
    name: str
    role: str
    created_at: str
    revoked_at: str | None


@attrs.frozen
class NewTokenDTO:
    """A token just made: the only time its secret is shown."""

    id: int
    name: str
    role: str
    token: str


@attrs.frozen
class ImportReportDTO:
    """What an import did: rows (or runs) written, duplicates skipped, and per-item errors."""

    imported: int
    skipped: int
    errors: list[str]
