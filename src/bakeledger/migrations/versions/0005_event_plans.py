"""event plans: a plan's state and snapshot, its batch decisions, and its amendments

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

An event without a row in `event_plans` is a draft. A decision records the batches chosen for one
finished unit with the need and batch size it was made for (so a later change shows it stale); an
amendment keeps its reason and the values before and after it for ever.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=True),
        sa.Column("locked_at", sa.DateTime(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.Column("completion_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "state IN ('draft', 'locked', 'in_production', 'complete')", name=op.f("ck_event_plans_known_state")
        ),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_event_plans_event_id_events")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_plans")),
        sa.UniqueConstraint("event_id", name=op.f("uq_event_plans_event_id")),
        sa.UniqueConstraint("uuid", name=op.f("uq_event_plans_uuid")),
    )
    op.create_table(
        "plan_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("finished_unit_id", sa.Integer(), nullable=False),
        sa.Column("batches", sa.Integer(), nullable=False),
        sa.Column("accept_shortfall", sa.Boolean(), nullable=False),
        sa.Column("need", sa.Integer(), nullable=False),
        sa.Column("items_per_batch", sa.Integer(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("batches >= 0", name=op.f("ck_plan_decisions_batches_not_negative")),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_plan_decisions_event_id_events")),
        sa.ForeignKeyConstraint(
            ["finished_unit_id"],
            ["finished_units.id"],
            name=op.f("fk_plan_decisions_finished_unit_id_finished_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_decisions")),
        sa.UniqueConstraint("event_id", "finished_unit_id", name="uq_plan_decisions_event_unit"),
        sa.UniqueConstraint("uuid", name=op.f("uq_plan_decisions_uuid")),
    )
    op.create_index(op.f("ix_plan_decisions_event_id"), "plan_decisions", ["event_id"])
    op.create_table(
        "plan_amendments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("plan_state", sa.String(length=20), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_plan_amendments_event_id_events")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_amendments")),
        sa.UniqueConstraint("uuid", name=op.f("uq_plan_amendments_uuid")),
    )
    op.create_index(op.f("ix_plan_amendments_event_id"), "plan_amendments", ["event_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_plan_amendments_event_id"), table_name="plan_amendments")
    op.drop_table("plan_amendments")
    op.drop_index(op.f("ix_plan_decisions_event_id"), table_name="plan_decisions")
    op.drop_table("plan_decisions")
    op.drop_table("event_plans")
