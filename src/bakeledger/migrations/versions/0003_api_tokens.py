"""API tokens, and idempotency keys on purchases

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02

Tokens are stored as the SHA-256 digest of their secret. A purchase may now carry an idempotency
key (with the fingerprint of its arguments), as production and assembly runs already do; existing
lots have none.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("role IN ('viewer', 'baker', 'owner')", name=op.f("ck_api_tokens_known_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    with op.batch_alter_table("lots") as batch_op:
        batch_op.add_column(sa.Column("idempotency_key", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("request_fingerprint", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_lots_idempotency_key"), ["idempotency_key"])


def downgrade() -> None:
    with op.batch_alter_table("lots") as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_lots_idempotency_key"), type_="unique")
        batch_op.drop_column("request_fingerprint")
        batch_op.drop_column("idempotency_key")
    op.drop_table("api_tokens")
