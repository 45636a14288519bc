"""Label reconciliation: what became of every printed label (domain.md §5).

Every printed label is either applied to a container or destroyed; applied + destroyed must
equal the copies printed. A print not reconciled, or whose counts do not add up, blocks the
lot's release (`reconciliation_blockers`). Recording a reconciliation is
`labtracker.services.labels.reconcile`; this module only reads, and needs nothing of the
label rendering (the release check and the home screens read it without loading reportlab).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from labtracker.db.models import LabelDisposition, LabelPrint, Lot, Vessel
from labtracker.domain.permissions import Action
from labtracker.domain.release_rules import Blocker
from labtracker.services.context import Actor, Database, authorise
from labtracker.services.records import lot_by_din, user_name


@dataclass(frozen=True)
class ReconciliationRow:
    """One print and what became of its labels."""

    label_print_id: int
    kind: str
    vessel_code: str | None
    printed_at: datetime
    printed_by: str
    copies: int
    is_reprint: bool
    reprint_reason: str | None
    applied: int
    destroyed: int
    outstanding: int  # copies not accounted for; negative when more were counted than printed
    reconciled_at: datetime | None  # None until reconciled
    notes: str
    voided: bool

    @property
    def state(self) -> str:
        if self.voided:
            return "voided"
        if self.reconciled_at is None:
            return "not reconciled"
        return "reconciled" if self.outstanding == 0 else "mismatch"


def copies_text(copies: int) -> str:
    return f"{copies} {'copy' if copies == 1 else 'copies'}"


def reconciliation_rows(session: Session, prints: Sequence[LabelPrint]) -> list[ReconciliationRow]:
    """Each print with what was applied and destroyed (three queries for any number)."""
    ids = [p.id for p in prints]
    dispositions: dict[int, list[LabelDisposition]] = {}
    if ids:
        for row in session.scalars(
            select(LabelDisposition)
            .where(
                LabelDisposition.label_print_id.in_(ids),
                LabelDisposition.voided_at.is_(None),
            )
            .order_by(LabelDisposition.reconciled_at, LabelDisposition.id)
        ):
            dispositions.setdefault(row.label_print_id, []).append(row)
    vessel_ids = {p.vessel_id for p in prints if p.vessel_id}
    vessel_codes = (
        dict(session.execute(select(Vessel.id, Vessel.code).where(Vessel.id.in_(vessel_ids))).all())
        if vessel_ids
        else {}
    )
    found = []
    for p in prints:
        rows = dispositions.get(p.id, [])
        applied = sum(r.applied for r in rows)
        destroyed = sum(r.destroyed for r in rows)
        found.append(
            ReconciliationRow(
                p.id,
                p.kind,
                vessel_codes.get(p.vessel_id),
                p.printed_at,
                user_name(session, p.printed_by_id) or "",
                p.copies,
                p.is_reprint,
                p.reprint_reason,
                applied,
                destroyed,
                p.copies - applied - destroyed,
                rows[-1].reconciled_at if rows else None,
                "; ".join(r.notes for r in rows if r.notes),
                p.voided_at is not None,
            )
        )
    return found


def _prints(session: Session, lot_ids: Sequence[int]) -> list[LabelPrint]:
    return list(
        session.scalars(
            select(LabelPrint)
            .where(LabelPrint.lot_id.in_(lot_ids))
            .order_by(LabelPrint.printed_at, LabelPrint.id)
        )
    )


def label_reconciliation(db: Database, actor: Actor, din: str) -> list[ReconciliationRow]:
    """Every print of a lot, oldest first: printed, applied, destroyed, outstanding."""
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        return lot_label_reconciliation(session, lot_by_din(session, din))


def lot_label_reconciliation(session: Session, lot: Lot) -> list[ReconciliationRow]:
    """`label_reconciliation` inside the caller's transaction."""
    return reconciliation_rows(session, _prints(session, [lot.id]))


def reconciliation_blockers(session: Session, lot: Lot) -> tuple[Blocker, ...]:
    """Every print of the lot whose labels are not all accounted for, as release blockers:
    "Label print #12 (vessel, 4 copies): 1 not accounted for"."""
    return lots_reconciliation_blockers(session, [lot.id])[lot.id]


def lots_reconciliation_blockers(
    session: Session, lot_ids: Sequence[int]
) -> dict[int, tuple[Blocker, ...]]:
    """`reconciliation_blockers` of several lots at once, by lot id: one query summing each
    print's dispositions (a finished lot has a print per flask label)."""
    applied = func.coalesce(func.sum(LabelDisposition.applied), 0)
    destroyed = func.coalesce(func.sum(LabelDisposition.destroyed), 0)
    rows = session.execute(
        select(
            LabelPrint.id,
            LabelPrint.lot_id,
            LabelPrint.kind,
            LabelPrint.copies,
            applied,
            destroyed,
            func.count(LabelDisposition.id),
        )
        .outerjoin(
            LabelDisposition,
            (LabelDisposition.label_print_id == LabelPrint.id)
            & LabelDisposition.voided_at.is_(None),
        )
        .where(LabelPrint.lot_id.in_(lot_ids), LabelPrint.voided_at.is_(None))
        .group_by(LabelPrint.id, LabelPrint.lot_id, LabelPrint.kind, LabelPrint.copies)
        .order_by(LabelPrint.printed_at, LabelPrint.id)
    ).all()
    found: dict[int, list[Blocker]] = {lot_id: [] for lot_id in lot_ids}
    for print_id, lot_id, kind, copies, done, thrown, dispositions in rows:
        what = f"Label print #{print_id} ({kind}, {copies_text(copies)})"
        outstanding = copies - done - thrown
        if not dispositions:
            blocker = Blocker(
                "labels_not_reconciled",
                f"{what}: not reconciled; {outstanding} not accounted for",
            )
        elif outstanding > 0:
            blocker = Blocker("labels_mismatch", f"{what}: {outstanding} not accounted for")
        elif outstanding < 0:
            blocker = Blocker(
                "labels_mismatch",
                f"{what}: {-outstanding} more accounted for than were printed",
            )
        else:
            continue
        found[lot_id].append(blocker)
    return {lot_id: tuple(blockers) for lot_id, blockers in found.items()}
