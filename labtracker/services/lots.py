"""The start of a lot: a new DIN for an eligible, consented patient; the aspirate as
collected; its receipt at the lab, judged against the site's limits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from labtracker.clock import get_clock
from labtracker.db.models import (
    AspirateCollection,
    AspirateReceipt,
    Deviation,
    DinSequence,
    Lot,
    MaterialLot,
    ProductCode,
)
from labtracker.domain.errors import InvalidValueError, LabtrackerError
from labtracker.domain.identifiers import Din, format_din, next_din
from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import Action
from labtracker.domain.process_rules import RECEIPT_CONDITIONS, receipt_problems
from labtracker.domain.values import number_in_range
from labtracker.services.context import Actor, Database, RecordChangedError, authorise
from labtracker.services.materials import note_material_use, use_material_lot
from labtracker.services.patients import current_consent, patient_by_mrn, signed_eligibility
from labtracker.services.records import (
    advance,
    check_time,
    lot_by_din,
    notes_text,
    require_status,
    require_text,
    stamp,
)
from labtracker.services.site import PRODUCT_CODE, process_rules, the_site

TEMPS = "−20 to 45 °C"


class LotNotAllowedError(LabtrackerError):
    """A lot cannot start for this patient (not eligible, not signed, no consent)."""


@dataclass(frozen=True)
class LotStarted:
    lot_id: int
    din: str
    din_display: str  # "A9999 26 000123"
    check_character: str
    mrn: str
    status: LotStatus


@dataclass(frozen=True)
class ReceiptResult:
    din: str
    received_at: datetime
    hours_since_collection: float
    temperature_c: float
    condition: str
    within_limits: bool
    problems: tuple[str, ...]  # each limit not met; a deviation must be raised for them


def _issue_din(session: Session, facility: str, year: int) -> Din:
    sequence = session.scalar(
        select(DinSequence).where(DinSequence.facility_code == facility, DinSequence.year == year)
    )
    if sequence is None:
        sequence = DinSequence(facility_code=facility, year=year, last_sequence=0)
        session.add(sequence)
        session.flush()
    din = next_din(facility, year, sequence.last_sequence)
    sequence.last_sequence = din.sequence
    return din


def start_lot(
    db: Database, actor: Actor, mrn: str, *, intended_surgery_on: datetime | None = None
) -> LotStarted:
    """Open a lot with the next DIN. Two stations at once: one retries with the next number."""
    for attempt in range(5):
        try:
            return _start_lot(db, actor, mrn, intended_surgery_on)
        except (RecordChangedError, IntegrityError):
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def _start_lot(
    db: Database, actor: Actor, mrn: str, intended_surgery_on: datetime | None
) -> LotStarted:
    with db.writing(actor, "lot started") as session:
        authorise(session, actor, Action.REGISTER_PATIENT)
        patient = patient_by_mrn(session, mrn)
        assessment = signed_eligibility(session, patient)
        if assessment is None:
            raise LotNotAllowedError(
                f"No lot can start for {patient.mrn}: the latest eligibility assessment is not "
                "eligible or not yet signed by the investigator."
            )
        consent = current_consent(session, patient)
        if consent is None:
            raise LotNotAllowedError(
                f"No lot can start for {patient.mrn}: there is no informed consent in force."
            )
        site = the_site(session)
        now = get_clock().now()
        local_year = now.astimezone(ZoneInfo(site.timezone)).year % 100
        din = _issue_din(session, site.facility_code, local_year)
        product = session.scalar(select(ProductCode).where(ProductCode.code == PRODUCT_CODE))
        lot = Lot(
            din=din.code,
            patient_id=patient.id,
            site_id=site.id,
            product_code_id=product.id if product else None,
            eligibility_assessment_id=assessment.id,
            consent_id=consent.id,
            status=LotStatus.CREATED,
            status_changed_at=now,
            created_at=now,
            intended_surgery_on=intended_surgery_on,
            **stamp(actor),
        )
        session.add(lot)
        session.flush()
        return LotStarted(
            lot.id, din.code, format_din(din), din.check_character, patient.mrn, lot.status
        )


def record_aspirate(
    db: Database,
    actor: Actor,
    din: str,
    *,
    collection_site: str,
    volume_ml: float,
    anticoagulant: str,
    anticoagulant_lot: str | None,
    collected_at: datetime,
    collected_by_name: str,
    transport_temperature_c: float | None = None,
    notes: str = "",
) -> None:
    """The marrow aspirate as collected (12–20 mL heparinised marrow is typical)."""
    collection_site = require_text("Collection site", collection_site, max_length=80)
    anticoagulant = require_text("Anticoagulant", anticoagulant, max_length=80)
    collected_by_name = require_text("Collected by", collected_by_name)
    volume_ml = number_in_range("Aspirate volume", volume_ml, 0, 100, "mL", low_inclusive=False)
    if transport_temperature_c is not None:
        transport_temperature_c = number_in_range(
            "Transport temperature", transport_temperature_c, -20, 45, "°C", shown_range=TEMPS
        )
    notes = notes_text("Notes", notes)
    with db.writing(actor, "aspirate collected") as session:
        authorise(session, actor, Action.RECORD_CULTURE_STEP)
        lot = lot_by_din(session, din)
        require_status(lot, LotStatus.CREATED, doing="recording the aspirate")
        check_time(
            "Collected at", collected_at, after=lot.created_at, after_label="the lot's creation"
        )
        material_lot = None
        if anticoagulant_lot:
            material_lot = use_material_lot(
                session,
                actor,
                lot,
                anticoagulant_lot,
                used_at=collected_at,
                step="aspirate_collection",
                field="Anticoagulant lot",
                kinds=("anticoagulant",),
            )
        aspirate = AspirateCollection(
            lot_id=lot.id,
            collection_site=collection_site,
            volume_ml=volume_ml,
            anticoagulant=anticoagulant,
            anticoagulant_lot_id=material_lot.id if material_lot else None,
            collected_at=collected_at,
            collected_by_name=collected_by_name,
            transport_temperature_c=transport_temperature_c,
            notes=notes,
            **stamp(actor),
        )
        session.add(aspirate)
        advance(lot, LotStatus.ASPIRATE_COLLECTED)
        session.flush()
        if material_lot is not None:
            note_material_use(
                session,
                actor,
                lot,
                material_lot,
                used_at=collected_at,
                step="aspirate_collection",
                record_id=aspirate.id,
            )


def receive_aspirate(
    db: Database,
    actor: Actor,
    din: str,
    *,
    received_at: datetime,
    condition: str,
    temperature_c: float,
    notes: str = "",
) -> ReceiptResult:
    """Receipt at the lab. Outside the site's limits (time since collection, temperature,
    condition) the receipt is recorded, and processing waits for a deviation."""
    if condition not in RECEIPT_CONDITIONS:
        raise InvalidValueError("Condition", condition, "one of " + ", ".join(RECEIPT_CONDITIONS))
    temperature_c = number_in_range(
        "Temperature on receipt", temperature_c, -20, 45, "°C", shown_range=TEMPS
    )
    notes = notes_text("Notes", notes)
    with db.writing(actor, "aspirate received") as session:
        authorise(session, actor, Action.RECORD_CULTURE_STEP)
        lot = lot_by_din(session, din)
        require_status(lot, LotStatus.ASPIRATE_COLLECTED, doing="receiving the aspirate")
        aspirate = lot.aspirate
        assert aspirate is not None
        check_time(
            "Received at", received_at, after=aspirate.collected_at, after_label="collection"
        )
        rules = process_rules(session)
        hours = (received_at - aspirate.collected_at) / timedelta(hours=1)
        problems = receipt_problems(
            rules, hours_since_collection=hours, temperature_c=temperature_c, condition=condition
        )
        receipt = AspirateReceipt(
            lot_id=lot.id,
            received_at=received_at,
            received_by_id=actor.user_id,
            condition=condition,
            temperature_c=temperature_c,
            within_limits=not problems,
            notes=notes,
            **stamp(actor),
        )
        session.add(receipt)
        advance(lot, LotStatus.RECEIVED)
        session.flush()
        return ReceiptResult(
            lot.din, received_at, hours, temperature_c, condition, not problems, problems
        )


def lot_id_for(db: Database, din: str) -> int:
    with db.reading() as session:
        return lot_by_din(session, din).id


def receipt_blocks_processing(lot: Lot) -> str | None:
    """Why processing cannot start yet, or None: a receipt outside limits needs a deviation."""
    receipt = lot.receipt
    if receipt is None:
        return "the aspirate has not been received in the lab"
    if not receipt.within_limits and receipt.deviation_id is None:
        return (
            "the aspirate was received outside the site's limits; raise a deviation "
            "before processing"
        )
    return None


@dataclass(frozen=True)
class AspirateView:
    collection_site: str
    volume_ml: float
    anticoagulant: str
    anticoagulant_lot: str | None  # the RL label code, when one was scanned
    collected_at: datetime
    collected_by_name: str
    transport_temperature_c: float | None


@dataclass(frozen=True)
class ReceiptView:
    received_at: datetime
    hours_since_collection: float
    temperature_c: float
    condition: str
    within_limits: bool  # as judged when it was received
    deviation_number: str | None  # the deviation linked to it, if any

    @property
    def needs_deviation(self) -> bool:
        """Outside limits and not yet covered: processing waits for a linked deviation."""
        return not self.within_limits and self.deviation_number is None


@dataclass(frozen=True)
class CollectionRecord:
    """A lot's aspirate as collected and as received (None: not recorded yet)."""

    din: str
    aspirate: AspirateView | None
    receipt: ReceiptView | None


def collection_record(db: Database, actor: Actor, din: str) -> CollectionRecord:
    """What the receipt and deviation screens show of a lot's aspirate (read only)."""
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        lot = lot_by_din(session, din)
        collected, received = lot.aspirate, lot.receipt
        aspirate = None
        if collected is not None:
            material = (
                session.get(MaterialLot, collected.anticoagulant_lot_id)
                if collected.anticoagulant_lot_id is not None
                else None
            )
            code = material.code if material else None
            aspirate = AspirateView(
                collected.collection_site,
                collected.volume_ml,
                collected.anticoagulant,
                code,
                collected.collected_at,
                collected.collected_by_name,
                collected.transport_temperature_c,
            )
        receipt = None
        if received is not None:
            deviation = (
                session.get(Deviation, received.deviation_id) if received.deviation_id else None
            )
            hours = (
                (received.received_at - collected.collected_at) / timedelta(hours=1)
                if collected is not None
                else 0.0
            )
            receipt = ReceiptView(
                received.received_at,
                hours,
                received.temperature_c,
                received.condition,
                received.within_limits,
                deviation.number if deviation else None,
            )
        return CollectionRecord(lot.din, aspirate, receipt)
