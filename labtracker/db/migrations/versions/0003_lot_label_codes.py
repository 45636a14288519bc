"""Material and scaffold lots get the code printed on the lab's own lot label.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PREFIXES = {"material_lot": "RL", "scaffold_lot": "SC"}


def upgrade() -> None:
    for table, prefix in PREFIXES.items():
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("code", sa.String(length=20), nullable=True))
        # Lots received before this version get their code from their id.
        op.execute(
            f"UPDATE {table} SET code = '{prefix}' || substr('000000' || id, -6, 6) "
            if op.get_bind().dialect.name == "sqlite"
            else f"UPDATE {table} SET code = '{prefix}' || lpad(id::text, 6, '0')"
        )
        with op.batch_alter_table(table) as batch:
            batch.alter_column("code", existing_type=sa.String(length=20), nullable=False)
            batch.create_unique_constraint(f"uq_{table}_code", ["code"])


def downgrade() -> None:
    for table in PREFIXES:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"uq_{table}_code", type_="unique")
            batch.drop_column("code")
