"""An event's production and assembly targets and its package assignments."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, insert, select, update

from bakeledger.domain.errors import AssignmentNotFound
from bakeledger.domain.events import AssemblyTarget, Assignment, EventScope, ProductionTarget
from bakeledger.repositories import tables as t
from bakeledger.repositories.base import SqlRepository, new_uuid
from bakeledger.repositories.event_scope import in_scope, per_shape, shape_of

_PT, _AT, _A = t.production_targets, t.assembly_targets, t.assignments
_PT_ROWS = select(_PT, t.recipes.c.slug.label("item_slug")).join(t.recipes, t.recipes.c.id == _PT.c.recipe_id)
_AT_ROWS = select(_AT, t.finished_goods.c.slug.label("item_slug")).join(
    t.finished_goods, t.finished_goods.c.id == _AT.c.finished_good_id
)
_A_ROWS = (
    select(_A, t.recipients.c.slug.label("recipient_slug"), t.packages.c.slug.label("package_slug"))
    .join(t.recipients, t.recipients.c.id == _A.c.recipient_id)
    .join(t.packages, t.packages.c.id == _A.c.package_id)
)
_PT_IN = per_shape(lambda shape: _PT_ROWS.where(in_scope(_PT.c.event_id, shape)).order_by(_PT.c.id))
_AT_IN = per_shape(lambda shape: _AT_ROWS.where(in_scope(_AT.c.event_id, shape)).order_by(_AT.c.id))


class EventTargets(SqlRepository):
    # --- production targets ---------------------------------------------------------------
    def set_production_target(
        self, event_id: int, recipe_id: int, batches: int, notes: str | None
    ) -> ProductionTarget:
        """Insert or update the event's target for this recipe (an update keeps its place in order)."""
        where = (_PT.c.event_id == event_id) & (_PT.c.recipe_id == recipe_id)
        changed = self._session.execute(update(_PT).where(where).values(batches=batches, notes=notes))
        if not changed.rowcount:  # type: ignore[attr-defined]
            self.add_production_targets(event_id, [(recipe_id, batches, notes)])
        return _production_target(self._session.execute(_PT_ROWS.where(where)).one())

    def add_production_targets(self, event_id: int, rows: Sequence[tuple[int, int, str | None]]) -> None:
        """Insert (recipe_id, batches, notes) targets in one statement, in the order given."""
        if rows:
            self._session.execute(
                insert(_PT),
                [
                    {"uuid": new_uuid(), "event_id": event_id, "recipe_id": r, "batches": b, "notes": n}
                    for r, b, n in rows
                ],
            )

    def production_targets(self, scope: EventScope) -> list[ProductionTarget]:
        shape, params = shape_of(scope)
        return [_production_target(r) for r in self._session.execute(_PT_IN[shape], params)]

    def delete_production_target(self, event_id: int, recipe_id: int) -> bool:
        gone = self._session.execute(
            delete(_PT).where(_PT.c.event_id == event_id, _PT.c.recipe_id == recipe_id)
        )
        return bool(gone.rowcount)  # type: ignore[attr-defined]

    # --- assembly targets -----------------------------------------------------------------
    def set_assembly_target(
        self, event_id: int, finished_good_id: int, quantity: int, notes: str | None
    ) -> AssemblyTarget:
        where = (_AT.c.event_id == event_id) & (_AT.c.finished_good_id == finished_good_id)
        changed = self._session.execute(update(_AT).where(where).values(quantity=quantity, notes=notes))
        if not changed.rowcount:  # type: ignore[attr-defined]
            self.add_assembly_targets(event_id, [(finished_good_id, quantity, notes)])
        return _assembly_target(self._session.execute(_AT_ROWS.where(where)).one())

    def add_assembly_targets(self, event_id: int, rows: Sequence[tuple[int, int, str | None]]) -> None:
        """Insert (finished_good_id, quantity, notes) targets in one statement, in the order given."""
        if rows:
            self._session.execute(
                insert(_AT),
                [
                    {
                        "uuid": new_uuid(),
                        "event_id": event_id,
                        "finished_good_id": g,
                        "quantity": q,
                        "notes": n,
                    }
                    for g, q, n in rows
                ],
            )

    def assembly_targets(self, scope: EventScope) -> list[AssemblyTarget]:
        shape, params = shape_of(scope)
        return [_assembly_target(r) for r in self._session.execute(_AT_IN[shape], params)]

    def delete_assembly_target(self, event_id: int, finished_good_id: int) -> bool:
        gone = self._session.execute(
            delete(_AT).where(_AT.c.event_id == event_id, _AT.c.finished_good_id == finished_good_id)
        )
        return bool(gone.rowcount)  # type: ignore[attr-defined]

    # --- assignments ----------------------------------------------------------------------
    def add_assignments(
        self, event_id: int, rows: Sequence[tuple[int, int, int, str | None]], *, status: str = "pending"
    ) -> list[int]:
        """Insert (recipient_id, package_id, quantity, notes) assignments; their new ids, in order."""
        uuids = [new_uuid() for _ in rows]
        if not rows:
            return []
        self._session.execute(
            insert(_A),
            [
                {
                    "uuid": u,
                    "event_id": event_id,
                    "recipient_id": r,
                    "package_id": p,
                    "quantity": q,
                    "status": status,
                    "notes": n,
                }
                for u, (r, p, q, n) in zip(uuids, rows, strict=True)
            ],
        )
        found = self._session.execute(select(_A.c.uuid, _A.c.id).where(_A.c.uuid.in_(uuids)))
        ids = {u: i for u, i in found}
        return [ids[u] for u in uuids]

    def get_assignment(self, assignment_id: int, *, for_update: bool = False) -> Assignment:
        query = _A_ROWS.where(_A.c.id == assignment_id)
        if for_update:
            query = query.with_for_update(of=_A)
        row = self._session.execute(query).first()
        if row is None:
            raise AssignmentNotFound(key=assignment_id)
        return _assignment(row)

    def set_assignment_status(self, assignment_id: int, status: str) -> None:
        self._session.execute(update(_A).where(_A.c.id == assignment_id).values(status=status))

    def set_assignment_quantity(self, assignment_id: int, quantity: int) -> None:
        self._session.execute(update(_A).where(_A.c.id == assignment_id).values(quantity=quantity))

    def delete_assignment(self, assignment_id: int) -> None:
        self._session.execute(delete(_A).where(_A.c.id == assignment_id))

    def list_assignments(self, event_id: int, *, status: str | None = None) -> list[Assignment]:
        query = _A_ROWS.where(_A.c.event_id == event_id).order_by(_A.c.id)
        if status is not None:
            query = query.where(_A.c.status == status)
        return [_assignment(r) for r in self._session.execute(query)]

    def dependants(self, event_id: int) -> dict[str, int]:
        """How many production targets, assembly targets and assignments hang on the event."""
        counts = [
            select(func.count()).select_from(table).where(table.c.event_id == event_id).scalar_subquery()
            for table in (_PT, _AT, _A)
        ]
        row = self._session.execute(select(*counts)).one()
        return dict(
            zip(("production targets", "assembly targets", "assignments"), map(int, row), strict=True)
        )


def _production_target(row: Any) -> ProductionTarget:
    return ProductionTarget(row.id, row.event_id, row.recipe_id, row.item_slug, row.batches, row.notes)


def _assembly_target(row: Any) -> AssemblyTarget:
    return AssemblyTarget(row.id, row.event_id, row.finished_good_id, row.item_slug, row.quantity, row.notes)


def _assignment(row: Any) -> Assignment:
    return Assignment(
        row.id,
        row.uuid,
        row.event_id,
        row.recipient_id,
        row.recipient_slug,
        row.package_id,
        row.package_slug,
        row.quantity,
        row.status,
        row.notes,
    )
