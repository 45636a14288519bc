"""The chain-of-custody report of a lot: every hand-over from the aspirate's collection to
the implantation, read from the record in one transaction.

It is built from what the other services already keep: the aspirate's collection and its
receipt at the lab, the QA release, the custody hand-overs (labtracker.services.custody), and
the bedside implantation (labtracker.services.bedside), each with who recorded it and every
e-signature on it. Printing it is QA's (Action PRINT_BATCH_RECORD), like the batch record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from labtracker.db.models import CustodyEvent, ProductCode, ReleaseDecision
from labtracker.domain.errors import LabtrackerError
from labtracker.domain.identifiers import Din, parse_din
from labtracker.domain.permissions import Action
from labtracker.services.bedside import lot_implantation
from labtracker.services.context import Actor, Database, authorise
from labtracker.services.custody import lot_custody_chain, lot_whereabouts
from labtracker.services.patients import patient_view
from labtracker.services.records import lot_by_din, user_name
from labtracker.services.signatures import signatures_on
from labtracker.services.site import the_site

__all__ = ["CustodyReport", "CustodyReportRefusedError", "CustodyStep", "custody_report"]


class CustodyReportRefusedError(LabtrackerError):
    """No chain-of-custody report can be printed for this lot."""


@dataclass(frozen=True)
class CustodyStep:
    """One hand-over (or the event that opened or closed a stretch of custody)."""

    at: datetime  # site local time
    event: str  # "Aspirate collected", "Dispatched", "Implanted"
    from_party: str  # who handed it over
    from_place: str
    to_party: str  # who took it
    to_place: str
    temperature: str  # "6 °C"; "" when not recorded
    logger: str  # temperature logger
    seal: str
    shipper: str
    scanned: str  # what was scanned at that moment
    recorded_by: str  # "Li Wang, 2026-03-26 10:12"
    signatures: tuple[str, ...]  # every e-signature on it, as printed with the record
    notes: str


@dataclass(frozen=True)
class CustodyReport:
    din: Din
    site_name: str
    facility_code: str
    timezone: str
    product: str
    patient_name: str
    mrn: str
    date_of_birth: date
    status: str
    expires_at: datetime | None  # local
    location: str  # where the construct is now
    holder: str
    since: datetime  # local
    steps: tuple[CustodyStep, ...]


def _temperature(value: float | None) -> str:
    return "" if value is None else f"{value:g} °C"


def _recorded(session: Session, record: object, tz: ZoneInfo) -> str:
    who = user_name(session, record.recorded_by_id) or ""  # type: ignore[attr-defined]
    when = record.recorded_at.astimezone(tz)  # type: ignore[attr-defined]
    return f"{who}, {when:%Y-%m-%d %H:%M}"


def _signed(session: Session, record: object) -> tuple[str, ...]:
    return tuple(s.manifestation for s in signatures_on(session, record))


def custody_report(db: Database, actor: Actor, din: str) -> CustodyReport:
    """Every hand-over of the lot, oldest first, from collection to implantation."""
    with db.reading() as session:
        authorise(session, actor, Action.PRINT_BATCH_RECORD)
        lot = lot_by_din(session, din)
        if lot.voided_at is not None:
            raise CustodyReportRefusedError(
                f"Lot {lot.din} was voided (entered in error); it has no chain of custody."
            )
        site = the_site(session)
        tz = ZoneInfo(site.timezone)
        patient = patient_view(lot.patient)
        steps: list[CustodyStep] = []
        aspirate = lot.aspirate
        if aspirate is not None and aspirate.voided_at is None:
            steps.append(
                CustodyStep(
                    aspirate.collected_at.astimezone(tz),
                    "Aspirate collected",
                    patient.display_name,
                    f"Patient, {aspirate.collection_site}",
                    aspirate.collected_by_name,
                    "Transport to the lab",
                    _temperature(aspirate.transport_temperature_c),
                    "",
                    "",
                    "",
                    "",
                    _recorded(session, aspirate, tz),
                    _signed(session, aspirate),
                    f"{aspirate.volume_ml:g} mL, {aspirate.anticoagulant}"
                    + (f"; {aspirate.notes}" if aspirate.notes else ""),
                )
            )
        receipt = lot.receipt
        if receipt is not None and receipt.voided_at is None:
            limits = "within limits" if receipt.within_limits else "OUTSIDE LIMITS"
            steps.append(
                CustodyStep(
                    receipt.received_at.astimezone(tz),
                    "Received in the lab",
                    aspirate.collected_by_name if aspirate is not None else "",
                    "Transport to the lab",
                    user_name(session, receipt.received_by_id) or "",
                    f"{site.name} (manufacturing lab)",
                    _temperature(receipt.temperature_c),
                    "",
                    "",
                    "",
                    "",
                    _recorded(session, receipt, tz),
                    _signed(session, receipt),
                    f"condition {receipt.condition.replace('_', ' ')}, {limits}"
                    + (f"; {receipt.notes}" if receipt.notes else ""),
                )
            )
        decision = session.scalar(
            select(ReleaseDecision)
            .where(
                ReleaseDecision.lot_id == lot.id,
                ReleaseDecision.decision == "released",
                ReleaseDecision.voided_at.is_(None),
            )
            .order_by(ReleaseDecision.decided_at.desc(), ReleaseDecision.id.desc())
            .limit(1)
        )
        if decision is not None:
            expiry = (
                f"expires {decision.expires_at.astimezone(tz):%Y-%m-%d %H:%M}"
                if decision.expires_at
                else "no expiry recorded"
            )
            steps.append(
                CustodyStep(
                    decision.decided_at.astimezone(tz),
                    "Released by QA",
                    user_name(session, decision.decided_by_id) or "",
                    "Quarantine, manufacturing lab",
                    "",
                    "Released stock, manufacturing lab",
                    "",
                    "",
                    "",
                    "",
                    "",
                    _recorded(session, decision, tz),
                    _signed(session, decision),
                    expiry,
                )
            )
        chain = lot_custody_chain(session, lot)
        for view in chain:
            row = session.get(CustodyEvent, view.event_id) if view.event_id else None
            steps.append(
                CustodyStep(
                    view.occurred_at.astimezone(tz),
                    view.event_label,
                    view.from_name,
                    view.from_location,
                    view.to_name,
                    view.to_location,
                    _temperature(view.temperature_c),
                    view.temperature_logger,
                    view.seal_number,
                    view.shipper,
                    view.scanned_label,
                    f"{view.recorded_by}, {view.recorded_at.astimezone(tz):%Y-%m-%d %H:%M}",
                    _signed(session, row) if row is not None else (),
                    row.notes if row is not None else "",
                )
            )
        implanted = lot_implantation(session, lot)
        if implanted is not None and lot.implantation is not None:
            last = chain[-1] if chain else None
            steps.append(
                CustodyStep(
                    implanted.implanted_at.astimezone(tz),
                    "Implanted",
                    implanted.surgeon,
                    last.to_location if last else "",
                    patient.display_name,
                    f"{implanted.operating_room}, {implanted.implant_site}",
                    "",
                    "",
                    "",
                    "",
                    f"construct {implanted.construct_scan} · wristband {implanted.wristband_scan}",
                    _recorded(session, lot.implantation, tz),
                    (implanted.signature,) if implanted.signature else (),
                    "bedside identity check passed, "
                    f"{implanted.confirmed_at.astimezone(tz):%Y-%m-%d %H:%M}",
                )
            )
        steps.sort(key=lambda s: s.at)
        where = lot_whereabouts(session, lot)
        product = session.get(ProductCode, lot.product_code_id) if lot.product_code_id else None
        return CustodyReport(
            din=parse_din(lot.din),
            site_name=site.name,
            facility_code=site.facility_code,
            timezone=site.timezone,
            product=product.description if product else "—",
            patient_name=patient.display_name,
            mrn=patient.mrn,
            date_of_birth=patient.date_of_birth,
            status=lot.status.label,
            expires_at=lot.expires_at.astimezone(tz) if lot.expires_at else None,
            location=where.location,
            holder=where.holder,
            since=where.since.astimezone(tz),
            steps=tuple(steps),
        )


def custody_report_pdf(db: Database, actor: Actor, din: str) -> bytes:
    """The chain-of-custody report as a PDF, generated now in the actor's name."""
    from labtracker.clock import get_clock
    from labtracker.reports.custody_report import render_custody_report

    report = custody_report(db, actor, din)
    return render_custody_report(
        report, generated_by=f"{actor.full_name} ({actor.username})", generated_at=get_clock().now()
    )
