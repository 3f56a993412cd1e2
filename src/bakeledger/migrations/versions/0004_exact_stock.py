"""exact stock: lots and their ledger in each lot's stock unit on the stock grid, and lot money

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

Lot quantities (lots.quantity, lots.remaining, lot_movements.quantity) were kept at 6 decimal
places in each lot's own unit, so a draw in another unit (2 eggs from a dozen) was rounded there
and left artefacts behind (0.000048 of an egg). They are now kept in the lot's stock unit (g, ml,
each, or its package word) as whole steps of 1/256,000,000 of it, and each lot carries what it
cost (`cost`, at the money scale) and the money not yet drawn (`remaining_cost`).

Converting a database:
- a lot's quantity is converted exactly (it was bought in its own unit);
- a ledger line was a draw rounded to 6 places of the lot's unit. Each line becomes the simplest
  amount that rounds to the figure it showed: the value with the fewest decimal places, in any
  unit of the lot's dimension, that lies strictly within half a millionth of the lot's unit of the
  stored figure (0.166667 dozen becomes 2 each; a line that was exact stays as it was). Every
  figure a user saw reads the same at 6 places;
- `remaining` is recomputed from the ledger (quantity − consumed − depleted + restored), so every
  lot reconciles exactly; a lot that was empty stays empty (its last line takes any difference),
  and a lot whose snapped lines would not fit keeps its lines as converted;
- `cost` is packages × price per package at 4 places; `remaining_cost` is that less the money of
  its ledger lines (restores add back), within 0 and `cost`, and 0 for an empty lot.
The rules and the unit sizes are written out here so later changes cannot alter history.
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

GRID = 256_000_000
_SIZES: dict[str, tuple[str, Decimal]] = {
    "g": ("weight", Decimal("1")),
    "kg": ("weight", Decimal("1000")),
    "oz": ("weight", Decimal("28.349523125")),
    "lb": ("weight", Decimal("453.59237")),
    "ml": ("volume", Decimal("1")),
    "l": ("volume", Decimal("1000")),
    "tsp": ("volume", Decimal("4.92892159375")),
    "tbsp": ("volume", Decimal("14.78676478125")),
    "fl oz": ("volume", Decimal("29.5735295625")),
    "cup": ("volume", Decimal("236.5882365")),
    "pt": ("volume", Decimal("473.176473")),
    "qt": ("volume", Decimal("946.352946")),
    "gal": ("volume", Decimal("3785.411784")),
    "each": ("count", Decimal("1")),
    "piece": ("count", Decimal("1")),
    "dozen": ("count", Decimal("12")),
}
_CONTEXT = Context(prec=60)
_OLD_SCALE = Decimal(10) ** 6  # quantities, unit costs and prices were value × 10^6
_MONEY_SCALE = Decimal(10) ** 4


def _size(unit: str) -> tuple[str, Decimal]:
    name = " ".join(unit.lower().split())
    return _SIZES.get(name, (f"package:{name}", Decimal(1)))


def _steps(old: int, unit: str) -> Decimal:
    """An old stored figure (value × 10^6 in `unit`) as exact (maybe fractional) grid steps."""
    with localcontext(_CONTEXT):
        return Decimal(old) / _OLD_SCALE * _size(unit)[1] * GRID


def _whole(steps: Decimal) -> int:
    return int(steps.to_integral_value(rounding=ROUND_HALF_UP))


def _simplest(old: int, unit: str) -> int:
    """The grid steps of the simplest amount that showed as this 6-place figure of `unit`."""
    exact = _steps(old, unit)
    dimension, own = _size(unit)
    tolerance = own * GRID / 2 / _OLD_SCALE  # half a millionth of the lot's unit, in steps
    candidates = [unit] + [u for u, (d, _) in _SIZES.items() if d == dimension and u != unit]
    with localcontext(_CONTEXT):
        for places in range(7):
            for candidate in candidates:
                size = _SIZES[candidate][1] if candidate in _SIZES else Decimal(1)
                amount = (exact / GRID / size).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
                steps = amount * size * GRID
                if steps == steps.to_integral_value() and abs(steps - exact) < tolerance and steps > 0:
                    return int(steps)
    return _whole(exact)


def _money(packages: int, price: int) -> int:
    with localcontext(_CONTEXT):
        total = Decimal(packages) * Decimal(price) / (_OLD_SCALE * _OLD_SCALE)
        return int((total * _MONEY_SCALE).to_integral_value(rounding=ROUND_HALF_UP))


_LOTS = sa.table(
    "lots",
    sa.column("id", sa.Integer),
    sa.column("unit", sa.String),
    sa.column("packages", sa.BigInteger),
    sa.column("price_per_package", sa.BigInteger),
    sa.column("quantity", sa.BigInteger),
    sa.column("remaining", sa.BigInteger),
    sa.column("cost", sa.BigInteger),
    sa.column("remaining_cost", sa.BigInteger),
)
_MOVES = sa.table(
    "lot_movements",
    sa.column("id", sa.Integer),
    sa.column("lot_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("quantity", sa.BigInteger),
    sa.column("cost", sa.BigInteger),
)


def _convert_lot(lot: Any, moves: list[Any]) -> tuple[dict[str, int], dict[int, int]]:
    """The lot's new figures and its ledger lines' new quantities (by line id)."""
    quantity = _whole(_steps(lot.quantity, lot.unit))
    attempts = (
        {m.id: _simplest(m.quantity, lot.unit) for m in moves},
        {m.id: _whole(_steps(m.quantity, lot.unit)) for m in moves},
    )
    for lines in attempts:
        net = sum(lines[m.id] if m.kind == "restore" else -lines[m.id] for m in moves)
        remaining = quantity + net
        drawn = [m for m in moves if m.kind != "restore"]
        if lot.remaining == 0 and remaining != 0 and drawn:
            last = drawn[-1].id
            if lines[last] + remaining > 0:
                lines = {**lines, last: lines[last] + remaining}
                remaining = 0
        if 0 <= remaining <= quantity:
            break
    spent = sum(m.cost if m.kind == "restore" else -m.cost for m in moves)
    cost = _money(lot.packages, lot.price_per_package)
    left = 0 if remaining == 0 else min(max(cost + spent, 0), cost)
    figures = {"quantity": quantity, "remaining": remaining, "cost": cost, "remaining_cost": left}
    return figures, lines


_CHECK = "remaining_cost >= 0 AND remaining_cost <= cost"


def _add_money_columns(connection: Any) -> None:
    """lots.cost and lots.remaining_cost. SQLite adds them in place, NOT NULL with a default of 0
    and the check on the column, because rebuilding `lots` would drop a table its ledger lines
    refer to; PostgreSQL adds them empty and tightens them once they are filled."""
    if connection.dialect.name == "sqlite":
        op.execute("ALTER TABLE lots ADD COLUMN cost BIGINT NOT NULL DEFAULT 0")
        op.execute(
            "ALTER TABLE lots ADD COLUMN remaining_cost BIGINT NOT NULL DEFAULT 0 "
            f"CONSTRAINT ck_lots_remaining_cost_within_cost CHECK ({_CHECK})"
        )
    else:
        op.add_column("lots", sa.Column("cost", sa.BigInteger(), nullable=True))
        op.add_column("lots", sa.Column("remaining_cost", sa.BigInteger(), nullable=True))


def _tighten_money_columns(connection: Any) -> None:
    if connection.dialect.name != "sqlite":
        op.alter_column("lots", "cost", existing_type=sa.BigInteger(), nullable=False)
        op.alter_column("lots", "remaining_cost", existing_type=sa.BigInteger(), nullable=False)
        op.create_check_constraint(op.f("ck_lots_remaining_cost_within_cost"), "lots", _CHECK)


def upgrade() -> None:
    connection = op.get_bind()
    _add_money_columns(connection)
    moves: defaultdict[int, list[Any]] = defaultdict(list)
    for move in connection.execute(sa.select(_MOVES).order_by(_MOVES.c.id)):
        moves[move.lot_id].append(move)
    lot_rows, line_rows = [], []
    for lot in connection.execute(sa.select(_LOTS).order_by(_LOTS.c.id)).all():
        figures, lines = _convert_lot(lot, moves[lot.id])
        lot_rows.append({"lot": lot.id, **figures})
        line_rows += [{"line": line, "q": q} for line, q in lines.items()]
    if lot_rows:
        connection.execute(
            _LOTS.update()
            .where(_LOTS.c.id == sa.bindparam("lot"))
            .values(
                quantity=sa.bindparam("quantity"),
                remaining=sa.bindparam("remaining"),
                cost=sa.bindparam("cost"),
                remaining_cost=sa.bindparam("remaining_cost"),
            ),
            lot_rows,
        )
    if line_rows:
        connection.execute(
            _MOVES.update().where(_MOVES.c.id == sa.bindparam("line")).values(quantity=sa.bindparam("q")),
            line_rows,
        )
    _tighten_money_columns(connection)


def _old(steps: int, unit: str) -> int:
    """Grid steps as the old stored figure: value × 10^6 in `unit`, rounded half up."""
    with localcontext(_CONTEXT):
        return _whole(Decimal(steps) / GRID / _size(unit)[1] * _OLD_SCALE)


def downgrade() -> None:
    """Back to 6 places in each lot's own unit (rounded half up); the lot money is dropped."""
    connection = op.get_bind()
    units: dict[int, str] = {row.id: row.unit for row in connection.execute(sa.select(_LOTS.c.id, _LOTS.c.unit))}
    lots = [
        {"lot": row.id, "quantity": _old(row.quantity, row.unit), "remaining": _old(row.remaining, row.unit)}
        for row in connection.execute(sa.select(_LOTS))
    ]
    lines = [
        {"line": row.id, "q": _old(row.quantity, units[row.lot_id])}
        for row in connection.execute(sa.select(_MOVES))
    ]
    if lots:
        connection.execute(
            _LOTS.update()
            .where(_LOTS.c.id == sa.bindparam("lot"))
            .values(quantity=sa.bindparam("quantity"), remaining=sa.bindparam("remaining")),
            lots,
        )
    if lines:
        connection.execute(
            _MOVES.update().where(_MOVES.c.id == sa.bindparam("line")).values(quantity=sa.bindparam("q")),
            lines,
        )
    if connection.dialect.name == "sqlite":
        op.execute("ALTER TABLE lots DROP COLUMN remaining_cost")  # its check goes with it
        op.execute("ALTER TABLE lots DROP COLUMN cost")
    else:
        op.drop_constraint(op.f("ck_lots_remaining_cost_within_cost"), "lots", type_="check")
        op.drop_column("lots", "remaining_cost")
        op.drop_column("lots", "cost")
