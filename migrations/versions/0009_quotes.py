"""quote_decision: staff mark a quote publishable (or not) before it reaches the report

Revision ID: 0009_quotes
Revises: 0008_waves
Create Date: 2026-12-01 01:00:00
"""

import sqlalchemy as sa
from alembic import op


revision = "0009_quotes"
down_revision = "0008_waves"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quote_decision",
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("publishable", sa.Boolean(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"], ["answer.id"], name=op.f("fk_quote_decision_answer_id_answer"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["user.id"], name=op.f("fk_quote_decision_decided_by_id_user")
        ),
        sa.PrimaryKeyConstraint("answer_id", name=op.f("pk_quote_decision")),
    )


def downgrade() -> None:
    op.drop_table("quote_decision")
