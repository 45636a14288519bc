"""The chain of custody of a released construct: every hand-over is an event with its time,
both parties, the place and the temperature, recorded against the label scanned at that
moment. Dispatch needs a released, in-date lot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from labtracker.clock import get_clock
from labtracker.db.models import CustodyEvent, Lot
from labtracker.db.models.records import CUSTODY_EVENTS
from labtracker.domain.errors import InvalidValueError, LabtrackerError
from labtracker.domain.identifiers import format_din
from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import Action
from labtracker.domain.scan import ScanKind, Scanned
from labtracker.domain.values import number_in_range, visible
from labtracker.services.context import Actor, Database, authorise
from labtracker.services.records import (
    advance,
    check_time,
    lot_by_din,
    notes_text,
    optional_text,
    require_text,
    stamp,
    user_name,
)
from labtracker.services.scan import classify_scan
from labtracker.services.site import process_rules, the_site

MANUFACTURING_LAB = "Manufacturing lab"
EVENT_LABELS = {
    "packed": "Packed",
    "dispatched": "Dispatched",
    "handed_over": "Handed over",
    "received": "Received",
    "returned": "Returned",
}
# A lot that exists as a released construct outside (or about to leave) the lab.
IN_CUSTODY = (LotStatus.RELEASED, LotStatus.DISPATCHED)
TEMPERATURE_RANGE_C = (-200.0, 60.0)  # from liquid nitrogen to a hot car: beyond is a typo


class CustodyRefusedError(LabtrackerError):
    """A hand-over cannot be recorded: wrong label, lot not released, expired."""


@dataclass(frozen=True)
class CustodyView:
    din: str
    event: str
    occurred_at: datetime
    from_name: str
    to_name: str
    from_location: str
    to_location: str
    temperature_c: float | None
    shipper: str
    temperature_logger: str
    seal_number: str
    scanned_label: str
    recorded_by: str
    recorded_at: datetime
    event_id: int | None = None  # the custody_event row, for its signatures

    @property
    def event_label(self) -> str:
        return EVENT_LABELS.get(self.event, self.event)


@dataclass(frozen=True)
class Whereabouts:
    """Where the construct is and who holds it, since when."""

    location: str
    holder: str
    since: datetime


def scanned_lot_label(
    session: Session, label: str, *, expected_din: str | None = None, field: str = "Label"
) -> tuple[Lot, Scanned]:
    """The lot named by a scanned (or check-character-typed) DIN label, as an identity
    check: a vessel or QC label, a wristband, a DIN typed without its check character, or
    another lot's label than the one expected are refused."""
    scanned = classify_scan(session, label)
    if scanned.kind in (ScanKind.INVALID, ScanKind.UNKNOWN):
        raise InvalidValueError(
            field, label, "the construct's DIN label", f"{field}: {scanned.problem}"
        )
    if scanned.kind != ScanKind.DIN:
        raise CustodyRefusedError(
            f"That is a {scanned.kind.label} ({scanned.text}), not the construct's DIN label. "
            "Scan the DIN barcode on the construct's label."
        )
    assert scanned.din is not None
    if not scanned.identity_confirmed:
        raise InvalidValueError(
            field,
            label,
            "the DIN barcode, or the DIN typed with its check character",
            f"{field}: scan the DIN barcode, or type the DIN with the check character printed "
            f"in the box beside it; {scanned.text} alone could hide a typing error.",
        )
    if expected_din is not None:
        expected = lot_by_din(session, expected_din, field="Expected DIN")
        if expected.din != scanned.din.code:
            raise CustodyRefusedError(
                f"WRONG LABEL — this label is lot {format_din(scanned.din)}, not lot "
                f"{_shown(expected.din)}. Nothing was recorded; check which construct "
                "you are holding."
            )
    lot = session.scalar(select(Lot).where(Lot.din == scanned.din.code))
    if lot is None:
        raise InvalidValueError(
            field,
            label,
            "the DIN of a lot in this laboratory",
            f"There is no lot with DIN {format_din(scanned.din)} in this laboratory.",
        )
    return lot, scanned


def _shown(din: str) -> str:
    return f"{din[:5]} {din[5:7]} {din[7:]}"


def _last_event(session: Session, lot: Lot) -> CustodyEvent | None:
    return session.scalar(
        select(CustodyEvent)
        .where(CustodyEvent.lot_id == lot.id, CustodyEvent.voided_at.is_(None))
        .order_by(CustodyEvent.occurred_at.desc(), CustodyEvent.id.desc())
        .limit(1)
    )


def record_handover(
    db: Database,
    actor: Actor,
    din: str,
    *,
    event: str,
    from_name: str,
    to_name: str,
    from_location: str,
    to_location: str,
    temperature_c: float | None,
    shipper: str = "",
    temperature_logger: str = "",
    seal_number: str = "",
    occurred_at: datetime,
    expected_din: str | None = None,
    notes: str = "",
) -> CustodyView:
    """Record one hand-over against the label scanned at that moment (``din``).

    ``expected_din``: the lot on screen; a label of any other lot is a hard stop and nothing
    is saved. ``dispatched`` needs the lot released and in date, and moves it to DISPATCHED;
    the other events are recorded for a released or dispatched lot. Times are neither in the
    future nor before the previous hand-over.
    """
    if event not in CUSTODY_EVENTS:
        raise InvalidValueError("Event", event, "one of " + ", ".join(CUSTODY_EVENTS))
    from_name = require_text("From (person)", from_name)
    to_name = require_text("To (person)", to_name)
    from_location = require_text("From (place)", from_location, max_length=120)
    to_location = require_text("To (place)", to_location, max_length=120)
    # Refused when too long, never cut short: a record keeps what was entered or nothing.
    shipper = optional_text("Shipper", shipper, max_length=120)
    temperature_logger = optional_text("Temperature logger", temperature_logger, max_length=80)
    seal_number = optional_text("Seal number", seal_number, max_length=80)
    notes = notes_text("Notes", notes)
    if temperature_c is not None:
        low, high = TEMPERATURE_RANGE_C
        temperature_c = number_in_range("Temperature", temperature_c, low, high, "°C")
    with db.writing(actor, f"custody: {EVENT_LABELS[event].lower()}") as session:
        authorise(session, actor, Action.RECORD_CUSTODY)
        lot, scanned = scanned_lot_label(session, din, expected_din=expected_din)
        now = get_clock().now()
        if lot.status not in IN_CUSTODY:
            raise CustodyRefusedError(
                f"Lot {lot.din} is {lot.status.label.lower()}: hand-overs are recorded only for "
                "a construct released by QA."
            )
        if event == "dispatched":
            if lot.status != LotStatus.RELEASED:
                raise CustodyRefusedError(
                    f"Lot {lot.din} is {lot.status.label.lower()}; only a lot released by QA "
                    "can be dispatched."
                )
            if lot.expires_at is None or lot.expires_at <= now:
                when = (
                    f" at {lot.expires_at.astimezone(_zone(session)):%Y-%m-%d %H:%M}"
                    if lot.expires_at
                    else ""
                )
                raise CustodyRefusedError(
                    f"Lot {lot.din} expired{when}; an expired construct must not be dispatched."
                )
        previous = _last_event(session, lot)
        if previous is not None:
            after, after_label = (
                previous.occurred_at,
                (f"the previous hand-over ({EVENT_LABELS[previous.event].lower()})"),
            )
        else:
            after, after_label = lot.status_changed_at, "the lot's release"
        check_time(
            "Occurred at",
            occurred_at,
            after=after,
            after_label=after_label,
            tolerance_minutes=process_rules(session).future_tolerance_minutes,
        )
        row = CustodyEvent(
            lot_id=lot.id,
            event=event,
            occurred_at=occurred_at,
            from_name=from_name,
            to_name=to_name,
            from_location=from_location,
            to_location=to_location,
            temperature_c=temperature_c,
            shipper=shipper,
            temperature_logger=temperature_logger,
            seal_number=seal_number,
            # What was scanned, control characters at the ends (scanner noise) made visible
            # rather than stored: a record holds no control character.
            scanned_label=visible(scanned.raw.strip(), 60),
            notes=notes,
            **stamp(actor),
        )
        session.add(row)
        if event == "dispatched":
            advance(lot, LotStatus.DISPATCHED)
        session.flush()
        return _view(session, lot, row)


def _zone(session: Session) -> ZoneInfo:
    return ZoneInfo(the_site(session).timezone)


def _view(session: Session, lot: Lot, row: CustodyEvent) -> CustodyView:
    return CustodyView(
        lot.din,
        row.event,
        row.occurred_at,
        row.from_name,
        row.to_name,
        row.from_location,
        row.to_location,
        row.temperature_c,
        row.shipper,
        row.temperature_logger,
        row.seal_number,
        row.scanned_label,
        user_name(session, row.recorded_by_id) or "",
        row.recorded_at,
        row.id,
    )


def custody_chain(db: Database, actor: Actor, din: str) -> list[CustodyView]:
    """Every hand-over of a lot, in the order they happened."""
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        return lot_custody_chain(session, lot_by_din(session, din))


def lot_custody_chain(session: Session, lot: Lot) -> list[CustodyView]:
    """`custody_chain` inside the caller's transaction."""
    rows = session.scalars(
        select(CustodyEvent)
        .where(CustodyEvent.lot_id == lot.id, CustodyEvent.voided_at.is_(None))
        .order_by(CustodyEvent.occurred_at, CustodyEvent.id)
    )
    return [_view(session, lot, row) for row in rows]


def whereabouts(db: Database, actor: Actor, din: str) -> Whereabouts:
    """Where the construct is now: the last hand-over's destination and receiver; before any
    hand-over, the manufacturing lab. An implanted or discarded lot says so."""
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        return lot_whereabouts(session, lot_by_din(session, din))


def lot_whereabouts(session: Session, lot: Lot) -> Whereabouts:
    """`whereabouts` inside the caller's transaction."""
    if lot.status == LotStatus.IMPLANTED and lot.implantation is not None:
        implantation = lot.implantation
        room = f" ({implantation.operating_room})" if implantation.operating_room else ""
        return Whereabouts(
            f"Implanted in the patient{room}",
            user_name(session, implantation.surgeon_id) or "",
            implantation.implanted_at,
        )
    if lot.status == LotStatus.DISCARDED:
        return Whereabouts("Discarded", "", lot.status_changed_at)
    last = _last_event(session, lot)
    if last is None:
        return Whereabouts(MANUFACTURING_LAB, the_site(session).name, lot.created_at)
    return Whereabouts(last.to_location, last.to_name, last.occurred_at)
