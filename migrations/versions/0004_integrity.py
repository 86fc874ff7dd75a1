"""refused_submissions: anonymous submissions refused by the rate limit or sent in a burst,
counted per minute

Revision ID: 0004_integrity
Revises: 0003_auth
Create Date: 2026-12-01 00:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_integrity"
down_revision = "0003_auth"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "refused_submissions",
        sa.Column("minute", sa.DateTime(timezone=True), nullable=False),
        sa.Column("refused", sa.Integer(), nullable=False),
        sa.Column("in_burst", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("minute", name=op.f("pk_refused_submissions")),
    )


def downgrade() -> None:
    op.drop_table("refused_submissions")
