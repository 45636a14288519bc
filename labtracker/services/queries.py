"""Read-only views for the screens: lots by status with what each is waiting for, and one
lot's whole timeline. Frozen dataclasses only; the queries stay fast on 10,000 lots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from labtracker.clock import get_clock
from labtracker.db.models import (
    AspirateCollection,
    AspirateReceipt,
    CellCount,
    CustodyEvent,
    Deviation,
    Discard,
    ESignature,
    Harvest,
    Immunophenotype,
    Implantation,
    Isolation,
    Lot,
    OsteogenicInduction,
    Patient,
    QcResult,
    QcSample,
    ReleaseDecision,
    ScaffoldSeeding,
    Vessel,
)
from labtracker.domain.identifiers import din_check_character, format_din, parse_din
from labtracker.domain.lot_states import LotStatus, is_active
from labtracker.domain.permissions import Action
from labtracker.services.context import Actor, Database, authorise
from labtracker.services.patients import patient_view
from labtracker.services.records import lot_by_din


@dataclass(frozen=True)
class LotRow:
    lot_id: int
    din: str
    din_display: str
    check_character: str
    patient_name: str
    mrn: str
    status: LotStatus
    status_label: str
    status_changed_at: datetime
    created_at: datetime
    expires_at: datetime | None
    waiting_for: str
    open_deviations: int


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime
    kind: str  # table the event comes from
    record_id: int
    title: str
    detail: str
    by: str | None
    voided: bool = False


def waiting_for(lot: Lot, now: datetime, *, open_deviations: int = 0) -> str:
    """What the lot needs next, in the words of the person who will do it."""
    status = lot.status
    if status is LotStatus.CREATED:
        return "Aspirate collection"
    if status is LotStatus.ASPIRATE_COLLECTED:
        return "Receipt in the lab"
    if status is LotStatus.RECEIVED:
        receipt = lot.receipt
        if receipt is not None and not receipt.within_limits and receipt.deviation_id is None:
            return "Deviation for a receipt outside limits, then isolation"
        return "Isolation"
    if status is LotStatus.IN_CULTURE:
        vessels = [v for v in lot.vessels if v.state == "in_culture" and v.voided_at is None]
        if not vessels:
            return "Seeding of the harvested cells"
        oldest = min(v.seeded_at for v in vessels)
        days = (now - oldest) / timedelta(days=1)
        return f"Harvest or passage ({len(vessels)} vessel(s) in culture, day {days:.0f})"
    if status is LotStatus.IN_INDUCTION:
        induction = lot.inductions[-1] if lot.inductions else None
        if induction is not None and induction.ended_at is None:
            days = (now - induction.started_at) / timedelta(days=1)
            return f"End of osteogenic induction (day {days:.0f} of 14–21)"
        return "Seeding onto the scaffold"
    if status is LotStatus.SEEDED:
        extra = f"; {open_deviations} open deviation(s)" if open_deviations else ""
        return f"QC results and QA release{extra}"
    if status is LotStatus.RELEASED:
        if lot.expires_at is not None:
            hours = (lot.expires_at - now) / timedelta(hours=1)
            if hours <= 0:
                return "EXPIRED: must not be implanted; discard"
            return f"Dispatch to theatre (expires in {hours:.0f} h)"
        return "Dispatch to theatre"
    if status is LotStatus.DISPATCHED:
        if lot.expires_at is not None and lot.expires_at <= now:
            return "EXPIRED: must not be implanted; return and discard"
        return "Bedside confirmation and implantation"
    if status is LotStatus.REJECTED:
        return "Discard (rejected by QA)"
    return "Nothing: the lot is closed"


def list_lots(
    db: Database,
    actor: Actor,
    *,
    statuses: tuple[LotStatus, ...] | None = None,
    active_only: bool = False,
    limit: int = 500,
    offset: int = 0,
) -> list[LotRow]:
    """Lots, newest first, with what each is waiting for."""
    now = get_clock().now()
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        query = select(Lot, Patient).join(Patient, Patient.id == Lot.patient_id)
        if statuses:
            query = query.where(Lot.status.in_([LotStatus(s) for s in statuses]))
        if active_only:
            query = query.where(Lot.status.in_([s for s in LotStatus if is_active(s)]))
        query = query.order_by(Lot.created_at.desc(), Lot.id.desc()).limit(limit).offset(offset)
        rows = session.execute(query).all()
        deviation_counts = _open_deviation_counts(session, [lot.id for lot, _ in rows])
        return [_row(lot, patient, now, deviation_counts.get(lot.id, 0)) for lot, patient in rows]


def count_lots(db: Database, actor: Actor) -> dict[LotStatus, int]:
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        counts = session.execute(select(Lot.status, func.count()).group_by(Lot.status)).all()
        return {LotStatus(status): n for status, n in counts}


def _open_deviation_counts(session: Session, lot_ids: list[int]) -> dict[int, int]:
    if not lot_ids:
        return {}
    rows = session.execute(
        select(Deviation.lot_id, func.count())
        .where(
            Deviation.lot_id.in_(lot_ids), Deviation.state == "open", Deviation.voided_at.is_(None)
        )
        .group_by(Deviation.lot_id)
    ).all()
    return {lot_id: n for lot_id, n in rows}


def _row(lot: Lot, patient: Patient, now: datetime, open_deviations: int) -> LotRow:
    din = parse_din(lot.din)
    return LotRow(
        lot.id,
        lot.din,
        format_din(din),
        din_check_character(lot.din),
        patient_view(patient).display_name,
        patient.mrn,
        lot.status,
        lot.status.label,
        lot.status_changed_at,
        lot.created_at,
        lot.expires_at,
        waiting_for(lot, now, open_deviations=open_deviations),
        open_deviations,
    )


def lot_row(db: Database, actor: Actor, din: str) -> LotRow:
    now = get_clock().now()
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        lot = lot_by_din(session, din)
        counts = _open_deviation_counts(session, [lot.id])
        return _row(lot, lot.patient, now, counts.get(lot.id, 0))


def lot_timeline(db: Database, actor: Actor, din: str) -> list[TimelineEvent]:
    """Every step, decision, hand-over and signature of a lot, oldest first."""
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        lot = lot_by_din(session, din)
        names = _user_names(session)
        events: list[TimelineEvent] = [
            TimelineEvent(
                lot.created_at,
                "lot",
                lot.id,
                "Lot started",
                f"DIN {format_din(parse_din(lot.din))}",
                names.get(lot.recorded_by_id),
            )
        ]

        def add(rows, title, when, detail, by="recorded_by_id"):
            for row in rows:
                events.append(
                    TimelineEvent(
                        when(row),
                        row.__table__.name,
                        row.id,
                        title(row) if callable(title) else title,
                        detail(row),
                        names.get(getattr(row, by, None)),
                        getattr(row, "voided_at", None) is not None,
                    )
                )

        lid = lot.id
        add(
            session.scalars(select(AspirateCollection).where(AspirateCollection.lot_id == lid)),
            "Aspirate collected",
            lambda r: r.collected_at,
            lambda r: f"{r.volume_ml:g} mL from {r.collection_site}, by {r.collected_by_name}",
        )
        add(
            session.scalars(select(AspirateReceipt).where(AspirateReceipt.lot_id == lid)),
            "Received in the lab",
            lambda r: r.received_at,
            lambda r: (
                f"{r.temperature_c:g} °C, {r.condition.replace('_', ' ')}"
                + ("" if r.within_limits else " — OUTSIDE LIMITS")
            ),
        )
        add(
            session.scalars(select(Isolation).where(Isolation.lot_id == lid)),
            "Isolation",
            lambda r: r.started_at,
            lambda r: r.method.replace("_", " "),
            by="performed_by_id",
        )
        add(
            session.scalars(select(Vessel).where(Vessel.lot_id == lid)),
            lambda r: f"Vessel {r.code} seeded",
            lambda r: r.seeded_at,
            lambda r: (
                f"P{r.passage_number}, {r.cells_seeded:,} cells, "
                f"{r.seeding_density_per_cm2:,.0f} cells/cm²"
            ),
            by="seeded_by_id",
        )
        add(
            session.scalars(select(Harvest).where(Harvest.lot_id == lid)),
            lambda r: f"Harvest P{r.passage_number}",
            lambda r: r.harvested_at,
            lambda r: (
                f"{r.cells_harvested:,.0f} cells, PD {r.population_doublings:.2f}"
                + (f", DT {r.doubling_time_hours:.1f} h" if r.doubling_time_hours else "")
            ),
            by="performed_by_id",
        )
        add(
            session.scalars(select(CellCount).where(CellCount.lot_id == lid)),
            lambda r: f"Cell count ({r.purpose})",
            lambda r: r.counted_at,
            lambda r: (
                f"{r.cells_per_ml:,.0f} cells/mL, {r.total_cells:,.0f} total, "
                f"viability {r.viability_percent:.1f} %"
            ),
            by="counted_by_id",
        )
        add(
            session.scalars(select(Immunophenotype).where(Immunophenotype.lot_id == lid)),
            "Immunophenotype",
            lambda r: r.analysed_at,
            lambda r: f"outcome {r.outcome}",
            by="performed_by_id",
        )
        add(
            session.scalars(select(OsteogenicInduction).where(OsteogenicInduction.lot_id == lid)),
            "Osteogenic induction started",
            lambda r: r.started_at,
            lambda r: (
                f"dexamethasone {r.dexamethasone_nm:g} nM, AA2P {r.ascorbate_um:g} µM, "
                f"β-GP {r.glycerophosphate_mm:g} mM"
            ),
            by="performed_by_id",
        )
        for r in session.scalars(
            select(OsteogenicInduction).where(
                OsteogenicInduction.lot_id == lid, OsteogenicInduction.ended_at.is_not(None)
            )
        ):
            events.append(
                TimelineEvent(
                    r.ended_at,
                    "osteogenic_induction",
                    r.id,
                    "Osteogenic induction ended",
                    f"ALP {r.alp_result}, Alizarin red {r.alizarin_red_result}",
                    names.get(r.performed_by_id),
                )
            )
        add(
            session.scalars(select(ScaffoldSeeding).where(ScaffoldSeeding.lot_id == lid)),
            "Seeded onto scaffold",
            lambda r: r.seeded_at,
            lambda r: f"{r.cells_seeded:,.0f} cells in {r.suspension_volume_ml:g} mL",
            by="performed_by_id",
        )
        add(
            session.scalars(select(QcSample).where(QcSample.lot_id == lid)),
            lambda r: f"QC sample {r.code}",
            lambda r: r.taken_at,
            lambda r: f"{r.test_code} ({r.stage})",
            by="taken_by_id",
        )
        add(
            session.scalars(
                select(QcResult).where(QcResult.lot_id == lid, QcResult.tested_at.is_not(None))
            ),
            lambda r: f"QC result {r.test_code}",
            lambda r: r.tested_at,
            lambda r: (
                f"{r.result_value if r.result_value is not None else r.result_text} "
                f"{r.unit}: {r.outcome.upper()}".replace("  ", " ")
            ),
            by="tested_by_id",
        )
        add(
            session.scalars(select(Deviation).where(Deviation.lot_id == lid)),
            lambda r: f"Deviation {r.number}",
            lambda r: r.occurred_at,
            lambda r: f"{r.title} ({r.classification}, {r.state})",
            by="raised_by_id",
        )
        add(
            session.scalars(select(ReleaseDecision).where(ReleaseDecision.lot_id == lid)),
            lambda r: "Released by QA" if r.decision == "released" else "Rejected by QA",
            lambda r: r.decided_at,
            lambda r: f"expires {r.expires_at:%Y-%m-%d %H:%M} UTC" if r.expires_at else r.reason,
            by="decided_by_id",
        )
        add(
            session.scalars(select(CustodyEvent).where(CustodyEvent.lot_id == lid)),
            lambda r: f"Custody: {r.event.replace('_', ' ')}",
            lambda r: r.occurred_at,
            lambda r: (
                f"{r.from_name} → {r.to_name}"
                + (f", {r.temperature_c:g} °C" if r.temperature_c is not None else "")
            ),
        )
        add(
            session.scalars(select(Discard).where(Discard.lot_id == lid)),
            lambda r: f"Discarded ({r.scope})",
            lambda r: r.discarded_at,
            lambda r: r.reason,
            by="discarded_by_id",
        )
        add(
            session.scalars(select(Implantation).where(Implantation.lot_id == lid)),
            "Implanted",
            lambda r: r.implanted_at,
            lambda r: f"{r.operating_room} {r.implant_site}".strip(),
            by="surgeon_id",
        )
        for sig in session.scalars(select(ESignature).where(ESignature.lot_id == lid)):
            state = " (superseded)" if sig.superseded_at else ""
            events.append(
                TimelineEvent(
                    sig.signed_at,
                    "e_signature",
                    sig.id,
                    f"Signed: {sig.meaning.replace('_', ' ')}{state}",
                    f"{sig.record_table.replace('_', ' ')} {sig.record_id}",
                    sig.printed_name,
                )
            )
        events.sort(key=lambda e: (e.at, e.kind != "lot"))
        return events


def _user_names(session: Session) -> dict[int | None, str]:
    from labtracker.db.models import UserAccount

    return {
        uid: name for uid, name in session.execute(select(UserAccount.id, UserAccount.full_name))
    }
