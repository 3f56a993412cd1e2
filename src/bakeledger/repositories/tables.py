"""The schema: SQLAlchemy Core tables (private to the repositories layer).

Decimals are ScaledDecimal (exact integers in SQL); every entity has an integer id and a UUID.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from bakeledger.domain.slugs import MAX_KEY_LENGTH, name_key
from bakeledger.repositories.types import Money, Quantity, StockQuantity, UnitCost

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _id() -> Column[int]:
    return Column("id", Integer, primary_key=True)


def _uuid() -> Column[str]:
    return Column("uuid", String(36), nullable=False, unique=True)


def _key_of_name(context: Any) -> str:
    return name_key(context.get_current_parameters()["name"])


def _name_key() -> Column[str]:
    """What makes two names one name (`name_key`), unique per table. Filled from `name` on every
    insert; a statement that changes a name must set it too (`renamed`). Not exported: an import
    computes it again."""
    return Column(
        "name_key",
        String(MAX_KEY_LENGTH),
        nullable=False,
        unique=True,
        default=_key_of_name,
        info={"derived": True},
    )


def renamed(name: str) -> dict[str, str]:
    """The values an UPDATE that renames a row with a unique name must set."""
    return {"name": name, "name_key": name_key(name)}


def _fk(name: str, target: str, nullable: bool = False) -> Column[int]:
    return Column(name, Integer, ForeignKey(target), nullable=nullable, index=True)


ingredients = Table(
    "ingredients",
    metadata,
    _id(),
    _uuid(),
    Column("name", String(200), nullable=False, unique=True),
    _name_key(),
    Column("slug", String(120), nullable=False, unique=True),
    Column("category", String(100), nullable=False),
    Column("density", String(100), nullable=True),
)

products = Table(
    "products",
    metadata,
    _id(),
    _uuid(),
    _fk("ingredient_id", "ingredients.id"),
    Column("brand", String(200), nullable=False),
    Column("name", String(200), nullable=True),
    Column("slug", String(120), nullable=False, unique=True),
    Column("package_unit", String(32), nullable=False),
    Column("package_unit_quantity", Quantity, nullable=False),
    Column("preferred", Boolean, nullable=False, server_default=text("false")),
    CheckConstraint("package_unit_quantity > 0", name="positive_quantity"),
)

lots = Table(
    "lots",
    metadata,
    _id(),
    _uuid(),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False),
    Column("ingredient_id", Integer, ForeignKey("ingredients.id"), nullable=False),
    Column("packages", Quantity, nullable=False),
    Column("price_per_package", UnitCost, nullable=False),
    # quantity and remaining in the lot's stock unit (g, ml, each, or its package word), exact on
    # the stock grid (domain/units.py); the lot's own unit is `unit`.
    Column("quantity", StockQuantity, nullable=False),
    Column("remaining", StockQuantity, nullable=False),
    Column("unit", String(32), nullable=False),
    Column("unit_cost", UnitCost, nullable=False),
    # what was paid for the lot (money scale), and the part of it not yet drawn
    Column("cost", Money, nullable=False),
    Column("remaining_cost", Money, nullable=False),
    Column("purchased_on", Date, nullable=False),
    Column("supplier", String(200), nullable=True),
    Column("expires_on", Date, nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("idempotency_key", String(200), nullable=True, unique=True),
    Column("request_fingerprint", String(64), nullable=True),
    CheckConstraint("remaining >= 0", name="remaining_not_negative"),
    CheckConstraint("remaining <= quantity", name="remaining_within_quantity"),
    CheckConstraint("remaining_cost >= 0 AND remaining_cost <= cost", name="remaining_cost_within_cost"),
    # FIFO reads only the non-empty lots of one ingredient, oldest first.
    Index(
        "ix_lots_fifo",
        "ingredient_id",
        "purchased_on",
        "id",
        sqlite_where=text("remaining > 0"),
        postgresql_where=text("remaining > 0"),
    ),
    # A product's purchases by date: its latest lot (the price estimates use) is one index probe.
    Index("ix_lots_product_purchases", "product_id", "purchased_on", "id"),
)

recipes = Table(
    "recipes",
    metadata,
    _id(),
    _uuid(),
    Column("name", String(200), nullable=False, unique=True),
    _name_key(),
    Column("slug", String(120), nullable=False, unique=True),
    Column("category", String(100), nullable=False),
)

recipe_ingredients = Table(
    "recipe_ingredients",
    metadata,
    _id(),
    _fk("recipe_id", "recipes.id"),
    Column("ingredient_id", Integer, ForeignKey("ingredients.id"), nullable=False),
    Column("quantity", Quantity, nullable=False),
    Column("unit", String(32), nullable=False),
    CheckConstraint("quantity > 0", name="positive_quantity"),
)

recipe_components = Table(
    "recipe_components",
    metadata,
    _id(),
    _fk("recipe_id", "recipes.id"),
    Column("component_recipe_id", Integer, ForeignKey("recipes.id"), nullable=False),
    Column("multiplier", Quantity, nullable=False),
    UniqueConstraint("recipe_id", "component_recipe_id", name="uq_recipe_components_pair"),
    CheckConstraint("multiplier > 0", name="positive_multiplier"),
)

finished_units = Table(
    "finished_units",
    metadata,
    _id(),
    _uuid(),
    _fk("recipe_id", "recipes.id"),
    Column("name", String(200), nullable=False),
    Column("slug", String(120), nullable=False, unique=True),
    Column("items_per_batch", Integer, nullable=False),
    CheckConstraint("items_per_batch > 0", name="positive_items"),
)

finished_goods = Table(
    "finished_goods",
    metadata,
    _id(),
    _uuid(),
    Column("name", String(200), nullable=False, unique=True),
    _name_key(),
    Column("slug", String(120), nullable=False, unique=True),
)

finished_good_components = Table(
    "finished_good_components",
    metadata,
    _id(),
    _fk("finished_good_id", "finished_goods.id"),
    Column("kind", String(20), nullable=False),
    Column("finished_unit_id", Integer, ForeignKey("finished_units.id"), nullable=True),
    Column("component_good_id", Integer, ForeignKey("finished_goods.id"), nullable=True),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=True),
    Column("quantity", Quantity, nullable=False),
    CheckConstraint("quantity > 0", name="positive_quantity"),
)

packages = Table(
    "packages",
    metadata,
    _id(),
    _uuid(),
    Column("name", String(200), nullable=False, unique=True),
    _name_key(),
    Column("slug", String(120), nullable=False, unique=True),
)

package_contents = Table(
    "package_contents",
    metadata,
    _id(),
    _fk("package_id", "packages.id"),
    Column("finished_good_id", Integer, ForeignKey("finished_goods.id"), nullable=False),
    Column("quantity", Integer, nullable=False),
    CheckConstraint("quantity >= 1", name="positive_quantity"),
)

recipients = Table(
    "recipients",
    metadata,
    _id(),
    _uuid(),
    Column("name", String(200), nullable=False),
    Column("slug", String(120), nullable=False, unique=True),
    Column("household", String(200), nullable=True),
)

events = Table(
    "events",
    metadata,
    _id(),
    _uuid(),
    Column("name", String(200), nullable=False),
    Column("event_date", Date, nullable=False, index=True),
    Column("year", Integer, nullable=False, index=True),
    Column("notes", Text, nullable=True),
    Column("created_at", DateTime, nullable=False),
)

production_runs = Table(
    "production_runs",
    metadata,
    _id(),
    _uuid(),
    _fk("recipe_id", "recipes.id"),
    Column("finished_unit_id", Integer, ForeignKey("finished_units.id"), nullable=False),
    Column("event_id", Integer, ForeignKey("events.id"), nullable=True),
    Column("batches", Integer, nullable=False),
    Column("scale", Quantity, nullable=False),
    Column("expected_yield", Integer, nullable=False),
    Column("actual_yield", Integer, nullable=False),
    Column("loss_quantity", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("loss_category", String(40), nullable=True),
    Column("loss_notes", Text, nullable=True),
    Column("notes", Text, nullable=True),
    Column("total_ingredient_cost", Money, nullable=False),
    Column("per_unit_cost", UnitCost, nullable=False),
    Column("loss_cost", Money, nullable=False),
    Column("recipe_snapshot", Text, nullable=False),
    Column("produced_at", DateTime, nullable=False),
    Column("reversed", Boolean, nullable=False, server_default=text("false")),
    Column("reversed_at", DateTime, nullable=True),
    Column("reversal_reason", Text, nullable=True),
    Column("idempotency_key", String(200), nullable=True, unique=True),
    Column("request_fingerprint", String(64), nullable=True),
    CheckConstraint("actual_yield >= 0 AND actual_yield <= expected_yield", name="yield_range"),
    Index("ix_production_runs_history", "produced_at", "id"),
    # Event progress joins runs on (event, recipe): with event_id alone indexed, SQLite chose the
    # recipe_id index and read every run of the recipe for each target.
    Index("ix_production_runs_event", "event_id", "recipe_id"),
)

assembly_runs = Table(
    "assembly_runs",
    metadata,
    _id(),
    _uuid(),
    _fk("finished_good_id", "finished_goods.id"),
    Column("event_id", Integer, ForeignKey("events.id"), nullable=True),
    Column("quantity", Integer, nullable=False),
    Column("total_component_cost", Money, nullable=False),
    Column("per_unit_cost", UnitCost, nullable=False),
    Column("packaging_bypassed", Boolean, nullable=False, server_default=text("false")),
    Column("bypass_notes", Text, nullable=True),
    Column("notes", Text, nullable=True),
    Column("assembled_at", DateTime, nullable=False),
    Column("reversed", Boolean, nullable=False, server_default=text("false")),
    Column("reversed_at", DateTime, nullable=True),
    Column("reversal_reason", Text, nullable=True),
    Column("idempotency_key", String(200), nullable=True, unique=True),
    Column("request_fingerprint", String(64), nullable=True),
    CheckConstraint("quantity > 0", name="positive_quantity"),
    Index("ix_assembly_runs_history", "assembled_at", "id"),
    Index("ix_assembly_runs_event", "event_id", "finished_good_id"),  # as ix_production_runs_event
)

# The ingredient ledger: every consumption, restoration and depletion of a lot.
lot_movements = Table(
    "lot_movements",
    metadata,
    _id(),
    _fk("lot_id", "lots.id"),
    Column("kind", String(20), nullable=False),  # consume | restore | deplete
    Column("quantity", StockQuantity, nullable=False),  # in the lot's stock unit, as lots.remaining
    Column("unit_cost", UnitCost, nullable=False),
    Column("cost", Money, nullable=False),
    _fk("production_run_id", "production_runs.id", nullable=True),
    _fk("assembly_run_id", "assembly_runs.id", nullable=True),
    Column("reason", String(40), nullable=True),
    Column("notes", Text, nullable=True),
    Column("created_at", DateTime, nullable=False),
    CheckConstraint("quantity > 0", name="positive_quantity"),
)

# Finished stock: one lot per production run, assembly run or positive adjustment.
finished_lots = Table(
    "finished_lots",
    metadata,
    _id(),
    _uuid(),
    Column("kind", String(20), nullable=False),  # finished_unit | finished_good
    Column("finished_unit_id", Integer, ForeignKey("finished_units.id"), nullable=True),
    Column("finished_good_id", Integer, ForeignKey("finished_goods.id"), nullable=True),
    Column("quantity", Integer, nullable=False),
    Column("remaining", Integer, nullable=False),
    Column("unit_cost", UnitCost, nullable=False),
    Column("source", String(20), nullable=False),  # production | assembly | adjustment
    Column("reason", String(40), nullable=True),
    Column("notes", Text, nullable=True),
    _fk("production_run_id", "production_runs.id", nullable=True),
    _fk("assembly_run_id", "assembly_runs.id", nullable=True),
    Column("created_at", DateTime, nullable=False),
    CheckConstraint("remaining >= 0", name="remaining_not_negative"),
    CheckConstraint("remaining <= quantity", name="remaining_within_quantity"),
    Index(
        "ix_finished_lots_fifo_unit",
        "finished_unit_id",
        "id",
        sqlite_where=text("remaining > 0"),
        postgresql_where=text("remaining > 0"),
    ),
    Index(
        "ix_finished_lots_fifo_good",
        "finished_good_id",
        "id",
        sqlite_where=text("remaining > 0"),
        postgresql_where=text("remaining > 0"),
    ),
)

# The finished-stock ledger: consumption by assembly, manual changes, restorations.
finished_movements = Table(
    "finished_movements",
    metadata,
    _id(),
    _fk("finished_lot_id", "finished_lots.id"),
    Column("kind", String(20), nullable=False),  # consume | restore
    Column("quantity", Integer, nullable=False),
    Column("unit_cost", UnitCost, nullable=False),
    Column("cost", Money, nullable=False),
    _fk("assembly_run_id", "assembly_runs.id", nullable=True),
    Column("reason", String(40), nullable=False),
    Column("notes", Text, nullable=True),
    Column("created_at", DateTime, nullable=False),
    CheckConstraint("quantity > 0", name="positive_quantity"),
)

production_targets = Table(
    "production_targets",
    metadata,
    _id(),
    _uuid(),
    _fk("event_id", "events.id"),
    Column("recipe_id", Integer, ForeignKey("recipes.id"), nullable=False),
    Column("batches", Integer, nullable=False),
    Column("notes", Text, nullable=True),
    UniqueConstraint("event_id", "recipe_id", name="uq_production_targets_event_recipe"),
    CheckConstraint("batches > 0", name="positive_batches"),
)

assembly_targets = Table(
    "assembly_targets",
    metadata,
    _id(),
    _uuid(),
    _fk("event_id", "events.id"),
    Column("finished_good_id", Integer, ForeignKey("finished_goods.id"), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("notes", Text, nullable=True),
    UniqueConstraint("event_id", "finished_good_id", name="uq_assembly_targets_event_good"),
    CheckConstraint("quantity > 0", name="positive_quantity"),
)

assignments = Table(
    "assignments",
    metadata,
    _id(),
    _uuid(),
    _fk("event_id", "events.id"),
    Column("recipient_id", Integer, ForeignKey("recipients.id"), nullable=False),
    Column("package_id", Integer, ForeignKey("packages.id"), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("notes", Text, nullable=True),
    CheckConstraint("quantity >= 1", name="positive_quantity"),
)

event_plans = Table(
    "event_plans",
    metadata,
    _id(),
    _uuid(),
    Column("event_id", Integer, ForeignKey("events.id"), nullable=False, unique=True),
    Column("state", String(20), nullable=False),
    Column("snapshot", Text, nullable=True),  # canonical JSON of the plan as it was locked
    Column("locked_at", DateTime, nullable=True),
    Column("started_at", DateTime, nullable=True),
    Column("completed_at", DateTime, nullable=True),
    Column("completion_reason", Text, nullable=True),
    CheckConstraint("state IN ('draft', 'locked', 'in_production', 'complete')", name="known_state"),
)

plan_decisions = Table(
    "plan_decisions",
    metadata,
    _id(),
    _uuid(),
    _fk("event_id", "events.id"),
    Column("finished_unit_id", Integer, ForeignKey("finished_units.id"), nullable=False),
    Column("batches", Integer, nullable=False),
    Column("accept_shortfall", Boolean, nullable=False),
    # what the decision was made for: a later need or batch size differing makes it stale
    Column("need", Integer, nullable=False),
    Column("items_per_batch", Integer, nullable=False),
    Column("decided_at", DateTime, nullable=False),
    UniqueConstraint("event_id", "finished_unit_id", name="uq_plan_decisions_event_unit"),
    CheckConstraint("batches >= 0", name="batches_not_negative"),
)

plan_amendments = Table(
    "plan_amendments",
    metadata,
    _id(),
    _uuid(),
    _fk("event_id", "events.id"),
    Column("kind", String(40), nullable=False),
    Column("reason", Text, nullable=False),
    Column("plan_state", String(20), nullable=False),
    Column("before", Text, nullable=False),  # canonical JSON
    Column("after", Text, nullable=False),  # canonical JSON
    Column("created_at", DateTime, nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    _id(),
    Column("name", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),  # SHA-256 of the secret, never the secret
    Column("created_at", DateTime, nullable=False),
    Column("revoked_at", DateTime, nullable=True),
    CheckConstraint("role IN ('viewer', 'baker', 'owner')", name="known_role"),
)
