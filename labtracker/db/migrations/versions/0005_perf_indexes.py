"""Index the signatures by the record they sign, and the vessels by the harvest they were
seeded from. Without them the release check, the batch record and signing read every
signature of the site for each step of a lot, and the cells left in a harvest read every
vessel: on a site of 10,000 lots the home page took tens of seconds (benchmarks, P4).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_e_signature_record", "e_signature", ["record_table", "record_id"])
    op.create_index("ix_vessel_source_harvest_id", "vessel", ["source_harvest_id"])


def downgrade() -> None:
    op.drop_index("ix_vessel_source_harvest_id", table_name="vessel")
    op.drop_index("ix_e_signature_record", table_name="e_signature")
