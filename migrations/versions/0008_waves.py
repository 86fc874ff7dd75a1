"""consultation.follows_id: the earlier wave a consultation is compared with

Revision ID: 0008_waves
Revises: 0004_integrity
Create Date: 2026-12-01 00:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_waves"
down_revision = "0004_integrity"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("consultation") as batch:
        batch.add_column(sa.Column("follows_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_consultation_follows_id_consultation"),
            "consultation",
            ["follows_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("consultation") as batch:
        batch.drop_constraint(
            batch.f("fk_consultation_follows_id_consultation"), type_="foreignkey"
        )
        batch.drop_column("follows_id")
