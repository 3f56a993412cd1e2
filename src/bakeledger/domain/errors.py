"""The one error tree of bakeledger: every failure a caller can see is a BakeLedgerError.

Each error is an attrs exception with structured fields, a clear message and ``to_dict()``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs


@attrs.define(eq=False, str=False)
class BakeLedgerError(Exception):
    """Root of every error bakeledger raises on purpose."""

    message: str = attrs.field(default="", kw_only=True)

    def __attrs_post_init__(self) -> None:
        if not self.message:
            self.message = self.default_message()
        Exception.__init__(self, self.message)

    def default_message(self) -> str:
        return type(self).__name__

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": type(self).__name__, "message": self.message}
        for field in attrs.fields(type(self)):
            if field.name != "message":
                data[field.name] = _plain(getattr(self, field.name))
        return data


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return format(value, "f") if hasattr(value, "as_tuple") else str(value)


def _quantity_text(value: Any) -> str | None:
    """A quantity as its DTO shows it ("1", "0.5"): errors speak the same numbers as results."""
    from bakeledger.domain.numbers import fmt_quantity  # numbers raises these errors: import late

    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return str(value)
    return fmt_quantity(Decimal(value))


# --- not found -----------------------------------------------------------------------------
@attrs.define(eq=False, str=False)
class NotFound(BakeLedgerError):
    """A referenced entity does not exist."""

    kind: str = "entity"
    key: Any = None

    def default_message(self) -> str:
        return f"{self.kind} {self.key!r} not found"


@attrs.define(eq=False, str=False)
class IngredientNotFound(NotFound):
    kind: str = "ingredient"


@attrs.define(eq=False, str=False)
class ProductNotFound(NotFound):
    kind: str = "product"


@attrs.define(eq=False, str=False)
class RecipeNotFound(NotFound):
    kind: str = "recipe"


@attrs.define(eq=False, str=False)
class FinishedUnitNotFound(NotFound):
    kind: str = "finished unit"


@attrs.define(eq=False, str=False)
class FinishedGoodNotFound(NotFound):
    kind: str = "finished good"


@attrs.define(eq=False, str=False)
class PackageNotFound(NotFound):
    kind: str = "package"


@attrs.define(eq=False, str=False)
class RecipientNotFound(NotFound):
    kind: str = "recipient"


@attrs.define(eq=False, str=False)
class LotNotFound(NotFound):
    kind: str = "lot"


@attrs.define(eq=False, str=False)
class EventNotFound(NotFound):
    kind: str = "event"


@attrs.define(eq=False, str=False)
class ProductionRunNotFound(NotFound):
    kind: str = "production run"


@attrs.define(eq=False, str=False)
class AssemblyRunNotFound(NotFound):
    kind: str = "assembly run"


@attrs.define(eq=False, str=False)
class AssignmentNotFound(NotFound):
    kind: str = "assignment"


@attrs.define(eq=False, str=False)
class TokenNotFound(NotFound):
    kind: str = "token"


@attrs.define(eq=False, str=False)
class TargetNotFound(NotFound):
    kind: str = "target"


# --- input and rules -------------------------------------------------------------------------
@attrs.define(eq=False, str=False)
class ValidationError(BakeLedgerError):
    """Bad input, rejected before anything is written."""

    field: str | None = None
    value: Any = None

    def default_message(self) -> str:
        return f"invalid value for {self.field}: {self.value!r}"


@attrs.define(eq=False, str=False)
class UnitConversionError(ValidationError):
    """A quantity cannot be converted between two units."""

    from_unit: str | None = None
    to_unit: str | None = None

    def default_message(self) -> str:
        return f"cannot convert {self.from_unit!r} to {self.to_unit!r}"


@attrs.define(eq=False, str=False)
class CycleError(ValidationError):
    """A recipe or finished good would contain itself, or nest too deep."""

    path: list[str] = attrs.Factory(list)

    def default_message(self) -> str:
        return "cycle or nesting too deep: " + " -> ".join(self.path)


@attrs.define(eq=False, str=False)
class ShortfallNotAccepted(ValidationError):
    """Batches that yield fewer items than needed, without the baker accepting the shortfall."""

    finished_unit: str = ""
    needed: int = 0
    yields: int = 0

    def default_message(self) -> str:
        return (
            f"{self.value} batches of {self.finished_unit!r} yield {self.yields} items but {self.needed} "
            "are needed; choose more batches or accept the shortfall"
        )


@attrs.define(eq=False, str=False)
class YieldExceedsExpected(ValidationError):
    actual: int = 0
    expected: int = 0

    def default_message(self) -> str:
        return f"actual yield {self.actual} exceeds expected yield {self.expected}"


@attrs.define(eq=False, str=False)
class InvalidTransition(BakeLedgerError):
    """A state change that the rules do not allow."""

    current: str = ""
    requested: str = ""
    allowed: list[str] = attrs.Factory(list)

    def default_message(self) -> str:
        allowed = ", ".join(self.allowed) or "none"
        return f"cannot go from {self.current!r} to {self.requested!r}; allowed: {allowed}"


# --- conflicts -------------------------------------------------------------------------------
@attrs.define(eq=False, str=False)
class Conflict(BakeLedgerError):
    """The change collides with what is already stored."""


@attrs.define(eq=False, str=False)
class DuplicateName(Conflict):
    kind: str = ""
    name: str = ""

    def default_message(self) -> str:
        return f"{self.kind} named {self.name!r} already exists"


@attrs.define(eq=False, str=False)
class InUse(Conflict):
    kind: str = ""
    key: Any = None
    used_by: list[str] = attrs.Factory(list)

    def default_message(self) -> str:
        return f"{self.kind} {self.key!r} is in use by: " + ", ".join(self.used_by)


@attrs.define(eq=False, str=False)
class IdempotencyConflict(Conflict):
    key: str = ""

    def default_message(self) -> str:
        return f"idempotency key {self.key!r} was already used with different arguments"


@attrs.define(eq=False, str=False)
class PlanLocked(Conflict):
    """The event's plan is locked: its targets and assignments change only through amendments."""

    event_id: int = 0
    state: str = ""

    def default_message(self) -> str:
        return f"the plan of event {self.event_id} is {self.state.replace('_', ' ')}: amend it instead"


@attrs.define(eq=False, str=False)
class PlanNotReady(Conflict):
    """The plan cannot move on yet: finished units without a decision, stale decisions, unmet targets."""

    missing: list[str] = attrs.Factory(list)
    stale: list[str] = attrs.Factory(list)
    unmet: list[str] = attrs.Factory(list)

    def default_message(self) -> str:
        parts = [
            f"{label}: {', '.join(items)}"
            for label, items in (
                ("no decision for", self.missing),
                ("stale decisions for", self.stale),
                ("targets not met", self.unmet),
            )
            if items
        ]
        return "the plan is not ready; " + "; ".join(parts)


# --- stock -----------------------------------------------------------------------------------
@attrs.define(eq=False, str=False)
class InsufficientStock(BakeLedgerError):
    """An ingredient's lots cannot cover a consumption; nothing was consumed."""

    ingredient: str = ""
    needed: str | None = attrs.field(default=None, converter=lambda v: _quantity_text(v))
    available: str | None = attrs.field(default=None, converter=lambda v: _quantity_text(v))
    unit: str = ""

    def default_message(self) -> str:
        return (
            f"not enough {self.ingredient}: need {self.needed} {self.unit}, have {self.available} {self.unit}"
        )


@attrs.define(eq=False, str=False)
class InsufficientFinishedStock(BakeLedgerError):
    """Finished units or goods cannot cover a consumption (or were already used)."""

    kind: str = ""
    slug: str = ""
    needed: Any = None
    available: Any = None
    used_by: list[str] = attrs.Factory(list)

    def default_message(self) -> str:
        text = (
            f"not enough {self.kind} {self.slug}: need {_plain(self.needed)}, have {_plain(self.available)}"
        )
        if self.used_by:
            text += "; used by " + ", ".join(self.used_by)
        return text


# --- access ----------------------------------------------------------------------------------
@attrs.define(eq=False, str=False)
class AccessDenied(BakeLedgerError):
    """A caller who may not do this."""


@attrs.define(eq=False, str=False)
class NotAuthenticated(AccessDenied):
    """No credentials, or credentials that are not (or no longer) a valid token."""

    def default_message(self) -> str:
        return "a valid token is needed (Authorization: Bearer TOKEN, or log in)"


@attrs.define(eq=False, str=False)
class NotAllowed(AccessDenied):
    """Valid credentials whose role may not do this."""

    role: str = ""
    needed: str = ""

    def default_message(self) -> str:
        return f"the {self.role} role may not do this; it needs the {self.needed} role"


@attrs.define(eq=False, str=False)
class TooManyAttempts(AccessDenied):
    """Too many failed logins from one address: wait before trying again."""

    retry_after: int = 1

    def default_message(self) -> str:
        return f"too many failed attempts; try again in {self.retry_after} s"


# --- import, access, concurrency, unit of work -----------------------------------------------
@attrs.define(eq=False, str=False)
class ImportRejected(BakeLedgerError):
    problems: list[str] = attrs.Factory(list)

    def default_message(self) -> str:
        return f"import rejected with {len(self.problems)} problem(s): " + "; ".join(self.problems[:5])


@attrs.define(eq=False, str=False)
class ReadOnlyError(BakeLedgerError):
    def default_message(self) -> str:
        return "this unit of work is read-only"


@attrs.define(eq=False, str=False)
class ConcurrencyError(BakeLedgerError):
    attempts: int = 0

    def default_message(self) -> str:
        return f"gave up after {self.attempts} attempt(s) on a busy or conflicting database"


@attrs.define(eq=False, str=False)
class RetryableError(ConcurrencyError):
    """A transient conflict with another writer (busy SQLite, serialization failure, deadlock):
    orchestration may run the whole unit of work again (`Ledger.run` does)."""

    def default_message(self) -> str:
        return "transient conflict with another writer"


@attrs.define(eq=False, str=False)
class UnitOfWorkStateError(BakeLedgerError):
    """A unit of work was entered twice, re-entered, or used after exit."""


@attrs.define(eq=False, str=False)
class NoActiveTransactionError(UnitOfWorkStateError):
    def default_message(self) -> str:
        return "the unit of work is not inside its `with` block"


@attrs.define(eq=False, str=False)
class UncommittedWorkError(BakeLedgerError):
    def default_message(self) -> str:
        return "unit of work left with uncommitted writes; they were rolled back (call commit())"


# --- the database itself ---------------------------------------------------------------------
@attrs.define(eq=False, str=False)
class DatabaseProblem(BakeLedgerError):
    """The database at `url` (shown without its password) cannot be used as it is."""

    url: str = ""
    reason: str = ""


@attrs.define(eq=False, str=False)
class DatabaseUnavailable(DatabaseProblem):
    """The database cannot be reached, opened or written."""

    def default_message(self) -> str:
        return f"cannot use the database {self.url}: {self.reason}"


@attrs.define(eq=False, str=False)
class NotABakeLedgerDatabase(DatabaseProblem):
    """The database is empty or holds something else; it is left untouched."""

    def default_message(self) -> str:
        return f"{self.url} is not a bakeledger database ({self.reason}) — run `bakeledger init`"


@attrs.define(eq=False, str=False)
class SchemaMismatch(DatabaseProblem):
    """The database's schema revision is not the one this code works with."""

    database_revision: str = ""
    code_revision: str = ""
    newer: bool = False

    def default_message(self) -> str:
        if self.newer:
            return (
                f"{self.url} has schema revision {self.database_revision}, newer than this bakeledger "
                f"knows (its latest is {self.code_revision}); upgrade bakeledger to use it"
            )
        return (
            f"{self.url} has schema revision {self.database_revision}; this bakeledger needs "
            f"{self.code_revision} — run `bakeledger migrate`"
        )
