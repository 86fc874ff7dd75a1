"""learned_model: a model learnt from staff codings, one per codebook version

Revision ID: 0010_learn
Revises: 0009_quotes
Create Date: 2026-12-01 05:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_learn"
down_revision = "0009_quotes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "learned_model",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("codebook_id", sa.Integer(), nullable=False),
        sa.Column("trained_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("trained_by_id", sa.Integer(), nullable=True),
        sa.Column("examples", sa.Integer(), nullable=False),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.Column("thresholds", sa.JSON(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("library_version", sa.String(length=20), nullable=False),
        sa.Column("estimator", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["codebook_id"], ["codebook.id"], name=op.f("fk_learned_model_codebook_id_codebook")
        ),
        sa.ForeignKeyConstraint(
            ["trained_by_id"], ["user.id"], name=op.f("fk_learned_model_trained_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learned_model")),
        sa.UniqueConstraint("codebook_id", name=op.f("uq_learned_model_codebook_id")),
    )


def downgrade() -> None:
    op.drop_table("learned_model")
