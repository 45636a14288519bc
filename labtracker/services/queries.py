"""Read-only views for the screens: lots by status with what each is waiting for, and one
lot's whole timeline. Frozen dataclasses only; the queries stay fast on 10,000 lots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session, selectinload

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
from labtracker.domain.process_rules import ProcessRules
from labtracker.domain.scan import ScanKind
from labtracker.services.context import Actor, Database, authorise
from labtracker.services.patients import patient_view
from labtracker.services.records import lot_by_din, user_name
from labtracker.services.release import ReleaseCheck, lot_release_checks
from labtracker.services.scan import classify_scan
from labtracker.services.site import process_rules


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
    search: str | None = None,
    limit: int = 500,
    offset: int = 0,
) -> list[LotRow]:
    """Lots, newest first, with what each is waiting for.

    ``search`` keeps the lots whose DIN, patient MRN or patient name contains the text; a
    scanned DIN, vessel or QC sample label, or a wristband, finds exactly its lot or patient.
    """
    now = get_clock().now()
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        query = select(Lot, Patient).join(Patient, Patient.id == Lot.patient_id)
        for condition in _lot_conditions(session, statuses, active_only, search):
            query = query.where(condition)
        query = query.order_by(Lot.created_at.desc(), Lot.id.desc()).limit(limit).offset(offset)
        rows = session.execute(query).all()
        _load_for_rows(session, [lot for lot, _ in rows])
        deviation_counts = _open_deviation_counts(session, [lot.id for lot, _ in rows])
        return [_row(lot, patient, now, deviation_counts.get(lot.id, 0)) for lot, patient in rows]


def count_lots(
    db: Database,
    actor: Actor,
    *,
    statuses: tuple[LotStatus, ...] | None = None,
    active_only: bool = False,
    search: str | None = None,
) -> dict[LotStatus, int]:
    """Lots per status; with filters, only those `list_lots` lists with the same filters."""
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        query = select(Lot.status, func.count()).join(Patient, Patient.id == Lot.patient_id)
        for condition in _lot_conditions(session, statuses, active_only, search):
            query = query.where(condition)
        counts = session.execute(query.group_by(Lot.status)).all()
        return {LotStatus(status): n for status, n in counts}


def _lot_conditions(
    session: Session,
    statuses: tuple[LotStatus, ...] | None,
    active_only: bool,
    search: str | None,
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if statuses:
        conditions.append(Lot.status.in_([LotStatus(s) for s in statuses]))
    if active_only:
        conditions.append(Lot.status.in_([s for s in LotStatus if is_active(s)]))
    if search and search.strip():
        conditions.append(_search_condition(session, search))
    return conditions


def _search_condition(session: Session, text: str) -> ColumnElement[bool]:
    """A label scanned into a search box finds its own lot or patient, never a near match;
    other text is looked for inside the DIN, the MRN and the patient's names."""
    scanned = classify_scan(session, text)
    if scanned.din is not None and scanned.kind in (
        ScanKind.DIN,
        ScanKind.VESSEL,
        ScanKind.QC_SAMPLE,
    ):
        return Lot.din == scanned.din.code
    if scanned.kind is ScanKind.WRISTBAND and scanned.mrn:
        return Patient.mrn == scanned.mrn
    compact = "".join(text.split())
    words = " ".join(text.split()).lower()
    return or_(
        Lot.din.contains(compact.upper(), autoescape=True),
        Patient.mrn.contains(compact.upper(), autoescape=True),
        # Family and given name run together: "王建国", "smithjohn" (typed "smith john").
        func.lower(Patient.family_name + Patient.given_name).contains(
            compact.lower(), autoescape=True
        ),
        func.lower(Patient.name_romanised).contains(words, autoescape=True),
    )


# What `waiting_for` and the work list read of a lot, by its status, loaded for every listed lot
# of that status at once (one query per status, not one per lot). Of a lot in culture only
# the flasks still in culture are loaded: one at passage 19 has forty behind it; in these
# read-only views `lot.vessels` is read for nothing else.
_ROW_LOADS = {
    LotStatus.ASPIRATE_COLLECTED: selectinload(Lot.aspirate),
    LotStatus.RECEIVED: selectinload(Lot.receipt),
    LotStatus.IN_CULTURE: selectinload(
        Lot.vessels.and_(Vessel.state == "in_culture", Vessel.voided_at.is_(None))
    ),
    LotStatus.IN_INDUCTION: selectinload(Lot.inductions),
}


def _load_for_rows(session: Session, lots: list[Lot]) -> None:
    for status, load in _ROW_LOADS.items():
        ids = [lot.id for lot in lots if lot.status is status]
        if ids:
            session.execute(select(Lot).where(Lot.id.in_(ids)).options(load)).all()


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
        _load_for_rows(session, [lot])
        counts = _open_deviation_counts(session, [lot.id])
        return _row(lot, lot.patient, now, counts.get(lot.id, 0))


# --- home screens: the technician's work list and QA's review queue -------------------------

# Urgency of a work item, most pressing first. "blocked": nothing may go on until it is dealt
# with; "expired": a construct past its expiry; "overdue": past the site's limit; "due": to do
# now; "later": waiting for time or for someone else.
URGENCIES = ("blocked", "expired", "overdue", "due", "later")
# A flask is looked at for harvest or passage (~80 % confluence) from this day after seeding
# (about a week in the worked example); a prompt on the work list, not a process limit.
HARVEST_CHECK_DAYS = 7
_HOUR = timedelta(hours=1)
# Lots that still need someone: everything but the two ends of the road.
_OPEN_STATUSES = tuple(s for s in LotStatus if s not in (LotStatus.IMPLANTED, LotStatus.DISCARDED))


@dataclass(frozen=True)
class WorkItem:
    """An open lot on the bench's work list: the next task, the figures behind it, and how
    pressing it is (one of URGENCIES)."""

    lot: LotRow
    task: str
    detail: str
    urgency: str


@dataclass(frozen=True)
class ReviewItem:
    """A lot seeded on its scaffold, awaiting QA: where its release check stands."""

    lot: LotRow
    can_release: bool
    results_in: int  # results judged pass or fail
    results_expected: int  # tests of the RELEASE specification in force
    failures: tuple[str, ...]  # failed results and immunophenotypes, in words
    blockers: tuple[str, ...]  # every reason it cannot be released now


def work_list(db: Database, actor: Actor, *, limit: int = 500) -> list[WorkItem]:
    """Every lot not yet implanted or discarded with its next task, most pressing first
    (then oldest first). A seeded lot's QC tasks come from its release check."""
    now = get_clock().now()
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        rules = process_rules(session)
        rows = session.execute(
            select(Lot, Patient)
            .join(Patient, Patient.id == Lot.patient_id)
            .where(Lot.status.in_(_OPEN_STATUSES))
            .order_by(Lot.created_at, Lot.id)
            .limit(limit)
        ).all()
        _load_for_rows(session, [lot for lot, _ in rows])
        counts = _open_deviation_counts(session, [lot.id for lot, _ in rows])
        seeded = [lot for lot, _ in rows if lot.status is LotStatus.SEEDED]
        checks = dict(zip(seeded, lot_release_checks(session, seeded, now), strict=True))
        items = []
        for lot, patient in rows:
            task, detail, urgency = _next_task(session, lot, now, rules, checks.get(lot))
            items.append(
                WorkItem(_row(lot, patient, now, counts.get(lot.id, 0)), task, detail, urgency)
            )
        items.sort(key=lambda item: URGENCIES.index(item.urgency))
        return items


def _hours(hours: float) -> str:
    return f"{hours:.0f} h" if abs(hours) < 72 else f"{hours / 24:.0f} days"


def _next_task(
    session: Session,
    lot: Lot,
    now: datetime,
    rules: ProcessRules,
    check: ReleaseCheck | None,
) -> tuple[str, str, str]:
    """The lot's next task, in words, with its detail and urgency; a seeded lot's from its
    release check (`check`, read with every other seeded lot's)."""
    status = lot.status
    if status is LotStatus.CREATED:
        return (
            "Aspirate collection",
            f"lot started {_hours((now - lot.created_at) / _HOUR)} ago",
            "later",
        )
    if status is LotStatus.ASPIRATE_COLLECTED:
        collected = lot.aspirate.collected_at if lot.aspirate else lot.status_changed_at
        hours = (now - collected) / _HOUR
        limit = rules.receipt_max_hours
        late = hours > limit
        return (
            "Receive the aspirate",
            f"collected {_hours(hours)} ago (receipt within {limit:g} h)",
            "overdue" if late else "due",
        )
    if status is LotStatus.RECEIVED:
        receipt = lot.receipt
        if receipt is not None and not receipt.within_limits and receipt.deviation_id is None:
            return (
                "Raise a deviation for the receipt",
                f"received outside limits: {receipt.temperature_c:g} °C, "
                f"{receipt.condition.replace('_', ' ')}; isolation waits for the deviation",
                "blocked",
            )
        detail = f"received {_hours((now - receipt.received_at) / _HOUR)} ago" if receipt else ""
        if receipt is not None and not receipt.within_limits:
            deviation = session.get(Deviation, receipt.deviation_id)
            number = deviation.number if deviation else "a deviation"
            detail += f" (outside limits: {number})"
        return "Isolation and cell count", detail, "due"
    if status is LotStatus.IN_CULTURE:
        vessels = [v for v in lot.vessels if v.state == "in_culture" and v.voided_at is None]
        if not vessels:
            return "Seed the harvested cells", "no vessel in culture", "due"
        oldest = min(v.seeded_at for v in vessels)
        days = (now - oldest) / timedelta(days=1)
        passages = sorted({v.passage_number for v in vessels})
        detail = (
            f"{len(vessels)} vessel(s) at P{'/P'.join(str(p) for p in passages)}, "
            f"day {days:.0f} since seeding"
        )
        return (
            "Harvest or passage (cell count)",
            detail,
            "due" if days >= HARVEST_CHECK_DAYS else "later",
        )
    if status is LotStatus.IN_INDUCTION:
        induction = lot.inductions[-1] if lot.inductions else None
        if induction is None or induction.ended_at is not None:
            return "Seed onto the scaffold", "osteogenic induction ended", "due"
        days = (now - induction.started_at) / timedelta(days=1)
        low, high = rules.induction_min_days, rules.induction_max_days
        urgency = "overdue" if days > high else "due" if days >= low else "later"
        return (
            "End of osteogenic induction",
            f"day {days:.0f} of {low:g}–{high:g}",
            urgency,
        )
    if status is LotStatus.SEEDED:
        assert check is not None, "work_list checks every seeded lot first"
        to_take = sum(b.code == "missing_result" for b in check.blockers)
        to_enter = sum(b.code == "pending_result" for b in check.blockers)
        if to_take or to_enter:
            parts = []
            if to_take:
                parts.append(f"{to_take} test(s) with no sample yet")
            if to_enter:
                parts.append(f"{to_enter} result(s) to enter")
            task = "Take QC samples" if to_take else "Enter QC results"
            return task, "; ".join(parts), "due"
        failed = any(b.code in ("failed_result", "failed_phenotype") for b in check.blockers)
        detail = "a result failed" if failed else f"{len(check.blockers)} point(s) open"
        if check.can_release:
            detail = "ready for release"
        return "QA review and release", detail, "later"
    if status in (LotStatus.RELEASED, LotStatus.DISPATCHED):
        left = (lot.expires_at - now) / _HOUR if lot.expires_at else None
        if left is not None and left <= 0:
            action = "discard" if status is LotStatus.RELEASED else "return and discard"
            return (
                f"EXPIRED: must not be implanted; {action}",
                f"expired {_hours(-left)} ago",
                "expired",
            )
        expiry = f"expires in {_hours(left)}" if left is not None else "no expiry recorded"
        if status is LotStatus.RELEASED:
            return "Dispatch to theatre", expiry, "due"
        return "Bedside confirmation and implantation", expiry, "later"
    if status is LotStatus.REJECTED:
        return "Discard (rejected by QA)", "", "due"
    return waiting_for(lot, now), "", "later"


def review_queue(db: Database, actor: Actor, *, limit: int = 200) -> list[ReviewItem]:
    """Lots seeded on their scaffold, oldest first, each with its release check summed up."""
    now = get_clock().now()
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        rows = session.execute(
            select(Lot, Patient)
            .join(Patient, Patient.id == Lot.patient_id)
            .where(Lot.status == LotStatus.SEEDED)
            .order_by(Lot.status_changed_at, Lot.id)
            .limit(limit)
        ).all()
        counts = _open_deviation_counts(session, [lot.id for lot, _ in rows])
        checks = lot_release_checks(session, [lot for lot, _ in rows], now)
        items = []
        for (lot, patient), check in zip(rows, checks, strict=True):
            items.append(
                ReviewItem(
                    _row(lot, patient, now, counts.get(lot.id, 0)),
                    check.can_release,
                    sum(r.verdict in ("pass", "FAIL") for r in check.results),
                    len(check.results),
                    tuple(
                        b.message
                        for b in check.blockers
                        if b.code in ("failed_result", "failed_phenotype")
                    ),
                    tuple(b.message for b in check.blockers),
                )
            )
        return items


def lot_timeline(db: Database, actor: Actor, din: str) -> list[TimelineEvent]:
    """Every step, decision, hand-over and signature of a lot, oldest first."""
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        lot = lot_by_din(session, din)
        events: list[TimelineEvent] = [
            TimelineEvent(
                lot.created_at,
                "lot",
                lot.id,
                "Lot started",
                f"DIN {format_din(parse_din(lot.din))}",
                user_name(session, lot.recorded_by_id),
            )
        ]

        def rows(model, *conditions):  # type: ignore[no-untyped-def]
            """The model's rows as plain rows (no ORM objects: ~500 on a finished lot)."""
            table = model.__table__
            return table.name, session.execute(select(table).where(*conditions))

        def add(found, title, when, detail, by="recorded_by_id"):  # type: ignore[no-untyped-def]
            kind, rows_found = found
            for row in rows_found:
                events.append(
                    TimelineEvent(
                        when(row),
                        kind,
                        row.id,
                        title(row) if callable(title) else title,
                        detail(row),
                        user_name(session, getattr(row, by, None)),
                        getattr(row, "voided_at", None) is not None,
                    )
                )

        lid = lot.id
        add(
            rows(AspirateCollection, AspirateCollection.lot_id == lid),
            "Aspirate collected",
            lambda r: r.collected_at,
            lambda r: f"{r.volume_ml:g} mL from {r.collection_site}, by {r.collected_by_name}",
        )
        add(
            rows(AspirateReceipt, AspirateReceipt.lot_id == lid),
            "Received in the lab",
            lambda r: r.received_at,
            lambda r: (
                f"{r.temperature_c:g} °C, {r.condition.replace('_', ' ')}"
                + ("" if r.within_limits else " — OUTSIDE LIMITS")
            ),
        )
        add(
            rows(Isolation, Isolation.lot_id == lid),
            "Isolation",
            lambda r: r.started_at,
            lambda r: r.method.replace("_", " "),
            by="performed_by_id",
        )
        add(
            rows(Vessel, Vessel.lot_id == lid),
            lambda r: f"Vessel {r.code} seeded",
            lambda r: r.seeded_at,
            lambda r: (
                f"P{r.passage_number}, {r.cells_seeded:,} cells, "
                f"{r.seeding_density_per_cm2:,.0f} cells/cm²"
            ),
            by="seeded_by_id",
        )
        add(
            rows(Harvest, Harvest.lot_id == lid),
            lambda r: f"Harvest P{r.passage_number}",
            lambda r: r.harvested_at,
            lambda r: (
                f"{r.cells_harvested:,.0f} cells, PD {r.population_doublings:.2f}"
                + (f", DT {r.doubling_time_hours:.1f} h" if r.doubling_time_hours else "")
            ),
            by="performed_by_id",
        )
        add(
            rows(CellCount, CellCount.lot_id == lid),
            lambda r: f"Cell count ({r.purpose})",
            lambda r: r.counted_at,
            lambda r: (
                f"{r.cells_per_ml:,.0f} cells/mL, {r.total_cells:,.0f} total, "
                f"viability {r.viability_percent:.1f} %"
            ),
            by="counted_by_id",
        )
        add(
            rows(Immunophenotype, Immunophenotype.lot_id == lid),
            "Immunophenotype",
            lambda r: r.analysed_at,
            lambda r: f"outcome {r.outcome}",
            by="performed_by_id",
        )
        add(
            rows(OsteogenicInduction, OsteogenicInduction.lot_id == lid),
            "Osteogenic induction started",
            lambda r: r.started_at,
            lambda r: (
                f"dexamethasone {r.dexamethasone_nm:g} nM, AA2P {r.ascorbate_um:g} µM, "
                f"β-GP {r.glycerophosphate_mm:g} mM"
            ),
            by="performed_by_id",
        )
        for r in rows(
            OsteogenicInduction,
            OsteogenicInduction.lot_id == lid,
            OsteogenicInduction.ended_at.is_not(None),
        )[1]:
            events.append(
                TimelineEvent(
                    r.ended_at,
                    "osteogenic_induction",
                    r.id,
                    "Osteogenic induction ended",
                    f"ALP {r.alp_result}, Alizarin red {r.alizarin_red_result}",
                    user_name(session, r.performed_by_id),
                )
            )
        add(
            rows(ScaffoldSeeding, ScaffoldSeeding.lot_id == lid),
            "Seeded onto scaffold",
            lambda r: r.seeded_at,
            lambda r: f"{r.cells_seeded:,.0f} cells in {r.suspension_volume_ml:g} mL",
            by="performed_by_id",
        )
        add(
            rows(QcSample, QcSample.lot_id == lid),
            lambda r: f"QC sample {r.code}",
            lambda r: r.taken_at,
            lambda r: f"{r.test_code} ({r.stage})",
            by="taken_by_id",
        )
        add(
            rows(QcResult, QcResult.lot_id == lid, QcResult.tested_at.is_not(None)),
            lambda r: f"QC result {r.test_code}",
            lambda r: r.tested_at,
            lambda r: (
                f"{r.result_value if r.result_value is not None else r.result_text} "
                f"{r.unit}: {r.outcome.upper()}".replace("  ", " ")
            ),
            by="tested_by_id",
        )
        add(
            rows(Deviation, Deviation.lot_id == lid),
            lambda r: f"Deviation {r.number}",
            lambda r: r.occurred_at,
            lambda r: f"{r.title} ({r.classification}, {r.state})",
            by="raised_by_id",
        )
        add(
            rows(ReleaseDecision, ReleaseDecision.lot_id == lid),
            lambda r: "Released by QA" if r.decision == "released" else "Rejected by QA",
            lambda r: r.decided_at,
            lambda r: f"expires {r.expires_at:%Y-%m-%d %H:%M} UTC" if r.expires_at else r.reason,
            by="decided_by_id",
        )
        add(
            rows(CustodyEvent, CustodyEvent.lot_id == lid),
            lambda r: f"Custody: {r.event.replace('_', ' ')}",
            lambda r: r.occurred_at,
            lambda r: (
                f"{r.from_name} → {r.to_name}"
                + (f", {r.temperature_c:g} °C" if r.temperature_c is not None else "")
            ),
        )
        add(
            rows(Discard, Discard.lot_id == lid),
            lambda r: f"Discarded ({r.scope})",
            lambda r: r.discarded_at,
            lambda r: r.reason,
            by="discarded_by_id",
        )
        add(
            rows(Implantation, Implantation.lot_id == lid),
            "Implanted",
            lambda r: r.implanted_at,
            lambda r: f"{r.operating_room} {r.implant_site}".strip(),
            by="surgeon_id",
        )
        for sig in rows(ESignature, ESignature.lot_id == lid)[1]:
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
