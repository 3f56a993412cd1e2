"""one identity per name: a unique name_key on every table whose names are unique

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02

Existing rows get their key computed here. Two rows whose names were distinct before but are the
same name now ("Flour" and "FLOUR") both stay: the oldest (lowest id) keeps the plain key, each
later one gets the key followed by a separator and its id, a value no name can produce (names
refuse control characters). Nothing is renamed or lost, and a new row with that name is refused.
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLES = ("finished_goods", "ingredients", "packages", "recipes")
_SEPARATOR = "\x1f"  # a control character: never part of a name


def _key(name: str) -> str:
    # The rule as it stands at this revision, written out so later changes cannot alter history.
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return " ".join(folded.split())


def upgrade() -> None:
    connection = op.get_bind()
    for name in TABLES:
        with op.batch_alter_table(name) as batch_op:
            batch_op.add_column(sa.Column("name_key", sa.String(length=400), nullable=True))
        table = sa.table(name, sa.column("id", sa.Integer), sa.column("name"), sa.column("name_key"))
        seen: set[str] = set()
        keys = []
        for row_id, row_name in connection.execute(sa.select(table.c.id, table.c.name).order_by(table.c.id)):
            key = _key(row_name)
            keys.append({"row_id": row_id, "key": key if key not in seen else f"{key}{_SEPARATOR}{row_id}"})
            seen.add(key)
        if keys:
            connection.execute(
                table.update().where(table.c.id == sa.bindparam("row_id")).values(name_key=sa.bindparam("key")),
                keys,
            )
        with op.batch_alter_table(name) as batch_op:
            batch_op.alter_column("name_key", existing_type=sa.String(length=400), nullable=False)
            batch_op.create_unique_constraint(batch_op.f(f"uq_{name}_name_key"), ["name_key"])


def downgrade() -> None:
    for name in TABLES:
        with op.batch_alter_table(name) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"uq_{name}_name_key"), type_="unique")
            batch_op.drop_column("name_key")
