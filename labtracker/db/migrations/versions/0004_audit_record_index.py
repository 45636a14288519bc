"""Index the audit trail by record: a record's own history is read without walking the whole
trail (checking that every record matches its audit trail; naming who changed a record last
when another station's save comes too late).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_audit_entry_record", "audit_entry", ["table_name", "record_id"])


def downgrade() -> None:
    op.drop_index("ix_audit_entry_record", table_name="audit_entry")
