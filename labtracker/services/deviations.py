"""Off-plan events and destruction: deviations (raised, assessed, closed by QA with an
e-signature) and discards of a lot, a vessel or a construct (reason, who, and a witness who
re-enters their password)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from labtracker.clock import get_clock
from labtracker.db.models import Deviation, Discard, Lot, UserAccount, Vessel
from labtracker.db.models.lots import DISCARD_SCOPES
from labtracker.db.models.records import DEVIATION_CLASSES
from labtracker.domain.errors import InvalidValueError, LabtrackerError
from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import Action, PermissionDeniedError, is_allowed
from labtracker.domain.scan import ScanKind, classify
from labtracker.domain.values import text_paragraph
from labtracker.services.auth import check_credentials, confirm_identity
from labtracker.services.context import (
    Actor,
    Database,
    RecordChangedError,
    authorise,
    current_roles,
)
from labtracker.services.records import (
    advance,
    check_time,
    lookup_code,
    lot_by_din,
    require_text,
    require_version,
    stamp,
    user_name,
)
from labtracker.services.signatures import Meaning, add_signature
from labtracker.services.site import process_rules, the_site

T = TypeVar("T")
NUMBER_RE = re.compile(r"DEV-([0-9]{4})-([0-9]{4,})")
# Statuses in which the lot is a construct (seeded onto its scaffold).
CONSTRUCT_STATUSES = frozenset(
    {LotStatus.SEEDED, LotStatus.RELEASED, LotStatus.REJECTED, LotStatus.DISPATCHED}
)


class DeviationRefusedError(LabtrackerError):
    """A deviation cannot be assessed or closed (yet), or by this person."""


class DiscardRefusedError(LabtrackerError):
    """A discard is not allowed: no valid witness, or nothing left to discard."""


@dataclass(frozen=True)
class DeviationView:
    number: str
    din: str | None
    title: str
    description: str
    classification: str
    occurred_at: datetime
    discovered_at: datetime
    raised_by: str  # printed name
    impact_assessment: str
    root_cause: str
    corrective_action: str
    preventive_action: str
    state: str  # open | closed
    closed_at: datetime | None
    closed_by: str | None
    linked_to_receipt: bool
    version: int = 0  # hand back to assess/close: refused if someone saved it since


@dataclass(frozen=True)
class DiscardView:
    din: str
    scope: str
    vessel_code: str | None
    reason: str
    discarded_at: datetime
    discarded_by: str
    witness: str
    lot_status: LotStatus
    deviation_number: str | None


def _paragraph(field: str, value: str | None, *, max_length: int = 10_000) -> str:
    """Free text that may run over several lines: kept as written, trimmed (line breaks
    kept, control characters refused: domain.values.text_paragraph)."""
    if value is None:
        raise InvalidValueError(field, "", "filled in")
    return text_paragraph(field, value, max_length=max_length, required=True)


# What a list of deviations shows of each one's lot, read with the deviations.
_WITH_LOT = joinedload(Deviation.lot).joinedload(Lot.receipt)


def _view(session: Session, row: Deviation) -> DeviationView:
    linked = bool(row.lot and row.lot.receipt and row.lot.receipt.deviation_id == row.id)
    return DeviationView(
        row.number,
        row.lot.din if row.lot else None,
        row.title,
        row.description,
        row.classification,
        row.occurred_at,
        row.discovered_at,
        user_name(session, row.raised_by_id) or "",
        row.impact_assessment,
        row.root_cause,
        row.corrective_action,
        row.preventive_action,
        row.state,
        row.closed_at,
        user_name(session, row.closed_by_id),
        linked,
        row.version,
    )


def _next_number(session: Session) -> str:
    """The next DEV-<yyyy>-<nnnn> for the site's current (local) year."""
    year = get_clock().now().astimezone(ZoneInfo(the_site(session).timezone)).year
    prefix = f"DEV-{year}-"
    numbers = session.scalars(
        select(Deviation.number).where(Deviation.number.like(f"{prefix}%"))
    ).all()
    last = max((int(m.group(2)) for n in numbers if (m := NUMBER_RE.fullmatch(n))), default=0)
    return f"{prefix}{last + 1:04d}"


def new_deviation(
    session: Session,
    actor: Actor,
    lot: Lot | None,
    *,
    title: str,
    description: str,
    occurred_at: datetime,
    classification: str,
) -> Deviation:
    """Add an open deviation inside the caller's transaction (numbered, flushed)."""
    now = get_clock().now()
    row = Deviation(
        number=_next_number(session),
        lot_id=lot.id if lot else None,
        title=title,
        description=description,
        occurred_at=occurred_at,
        discovered_at=now,
        raised_by_id=actor.user_id,
        classification=classification,
        impact_assessment="",
        root_cause="",
        corrective_action="",
        preventive_action="",
        state="open",
        **stamp(actor),
    )
    session.add(row)
    session.flush()
    return row


def with_retry(action: Callable[[], T], attempts: int = 5) -> T:
    """Run a transaction again when another station took the same number meanwhile."""
    for attempt in range(attempts):
        try:
            return action()
        except (RecordChangedError, IntegrityError):
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def raise_deviation(
    db: Database,
    actor: Actor,
    *,
    din: str | None,
    title: str,
    description: str,
    occurred_at: datetime,
    classification: str,
    link_receipt: bool = False,
) -> str:
    """Record a deviation; returns its number, e.g. ``DEV-2026-0001`` (sequential per year).

    ``link_receipt`` ties it to the lot's aspirate receipt: a receipt outside the site's limits
    may then be processed (see lots.receipt_blocks_processing).
    """
    title = require_text("Title", title)
    description = _paragraph("Description", description)
    if classification not in DEVIATION_CLASSES:
        raise InvalidValueError(
            "Classification", classification, "one of " + ", ".join(DEVIATION_CLASSES)
        )
    if link_receipt and not din:
        raise InvalidValueError(
            "DIN",
            "",
            "the lot whose receipt this deviation covers",
            "Linking to a receipt needs the lot's DIN.",
        )

    def attempt() -> str:
        with db.writing(actor, f"deviation raised: {title}") as session:
            authorise(session, actor, Action.RAISE_DEVIATION)
            lot = lot_by_din(session, din) if din else None
            check_time(
                "Occurred at",
                occurred_at,
                tolerance_minutes=process_rules(session).future_tolerance_minutes,
            )
            row = new_deviation(
                session,
                actor,
                lot,
                title=title,
                description=description,
                occurred_at=occurred_at,
                classification=classification,
            )
            if link_receipt:
                assert lot is not None
                receipt = lot.receipt
                if receipt is None:
                    raise DeviationRefusedError(
                        f"Lot {lot.din} has no aspirate receipt to link this deviation to."
                    )
                if receipt.deviation_id is not None:
                    other = session.get(Deviation, receipt.deviation_id)
                    raise DeviationRefusedError(
                        f"The receipt of lot {lot.din} is already covered by "
                        f"{other.number if other else 'another deviation'}."
                    )
                receipt.deviation_id = row.id
            return row.number

    return with_retry(attempt)


def _deviation(session: Session, number: str) -> Deviation:
    cleaned = lookup_code("Deviation", number, "the number of a deviation (DEV-yyyy-nnnn)")
    row = session.scalar(select(Deviation).where(Deviation.number == cleaned))
    if row is None:
        raise InvalidValueError("Deviation", number, "the number of a deviation (DEV-yyyy-nnnn)")
    return row


def get_deviation(db: Database, actor: Actor, number: str) -> DeviationView:
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        return _view(session, _deviation(session, number))


def assess_deviation(
    db: Database,
    actor: Actor,
    number: str,
    *,
    impact_assessment: str,
    root_cause: str,
    corrective_action: str,
    preventive_action: str,
    expected_version: int | None = None,
) -> DeviationView:
    """Fill in (or revise, while open) the investigation: impact, cause, CAPA.
    ``expected_version``: the version the form showed (`DeviationView.version`); refused,
    naming who and when, if someone saved the deviation since."""
    texts = {
        key: text_paragraph(key.replace("_", " ").capitalize(), value)
        for key, value in (
            ("impact_assessment", impact_assessment),
            ("root_cause", root_cause),
            ("corrective_action", corrective_action),
            ("preventive_action", preventive_action),
        )
    }
    with db.writing(actor, f"deviation {number} assessed") as session:
        authorise(session, actor, Action.RAISE_DEVIATION)
        row = _deviation(session, number)
        require_version(session, row, expected_version)
        if row.state != "open":
            raise DeviationRefusedError(f"{row.number} is closed; it cannot be changed.")
        for key, text in texts.items():
            setattr(row, key, text)
        session.flush()
        return _view(session, row)


def close_deviation(
    db: Database,
    actor: Actor,
    number: str,
    *,
    username: str,
    password: str,
    expected_version: int | None = None,
) -> DeviationView:
    """QA closes a deviation with an e-signature ("approved"). Needs the impact assessment
    and the corrective action; the person who raised it cannot close it.
    ``expected_version``: the version QA reviewed (`DeviationView.version`); refused, naming
    who and when, if someone saved the deviation since, so QA never signs what they did not
    read."""
    with db.reading() as session:
        authorise(session, actor, Action.CLOSE_DEVIATION)
    confirm_identity(db, actor, username, password, purpose="signature")
    with db.writing(actor, f"deviation {number} closed") as session:
        authorise(session, actor, Action.CLOSE_DEVIATION)
        row = _deviation(session, number)
        require_version(session, row, expected_version)
        if row.state != "open":
            raise DeviationRefusedError(f"{row.number} is already closed.")
        missing = [
            label
            for label, text in (
                ("the impact assessment", row.impact_assessment),
                ("the corrective action", row.corrective_action),
            )
            if not text.strip()
        ]
        if missing:
            raise DeviationRefusedError(
                f"{row.number} cannot be closed yet: fill in {' and '.join(missing)} first."
            )
        if row.raised_by_id == actor.user_id:
            raise DeviationRefusedError(
                f"{actor.full_name} raised {row.number} and cannot also close it: another "
                "QA person must review and close it."
            )
        row.state = "closed"
        row.closed_at = get_clock().now()
        row.closed_by_id = actor.user_id
        signature = add_signature(session, actor, row, Meaning.APPROVED)
        # A link column, left out of what was signed (db.audit.SIGNATURE_LINK_COLUMNS).
        row.closure_signature_id = signature.id
        session.flush()
        return _view(session, row)


def open_deviations(db: Database, actor: Actor, din: str | None = None) -> list[DeviationView]:
    """Open deviations, of one lot or of all, oldest first."""
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        query = (
            select(Deviation)
            .options(_WITH_LOT)
            .where(Deviation.state == "open", Deviation.voided_at.is_(None))
            .order_by(Deviation.discovered_at, Deviation.id)
        )
        if din:
            query = query.where(Deviation.lot_id == lot_by_din(session, din).id)
        return [_view(session, row) for row in session.scalars(query)]


def lot_deviations(db: Database, actor: Actor, din: str) -> list[DeviationView]:
    """Every deviation of one lot, open and closed (voided ones left out), oldest first."""
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        lot = lot_by_din(session, din)
        query = (
            select(Deviation)
            .options(_WITH_LOT)
            .where(Deviation.lot_id == lot.id, Deviation.voided_at.is_(None))
            .order_by(Deviation.discovered_at, Deviation.id)
        )
        return [_view(session, row) for row in session.scalars(query)]


def discard(
    db: Database,
    actor: Actor,
    din: str,
    *,
    scope: str,
    vessel_code: str | None,
    reason: str,
    witness_username: str,
    witness_password: str,
    deviation_number: str | None = None,
) -> DiscardView:
    """Destroy a lot, a vessel or a construct, witnessed by a second person who re-enters
    their password (logged like a signature; their e-signature, meaning "verified", is put on
    the discard record).

    Scope ``lot`` or ``construct`` ends the lot (DISCARDED; a lot's vessels still in culture
    are discarded with it). Scope ``vessel`` discards one vessel of the lot; the lot goes on.
    """
    if scope not in DISCARD_SCOPES:
        raise InvalidValueError("Scope", scope, "one of " + ", ".join(DISCARD_SCOPES))
    if scope == "vessel" and not (vessel_code or "").strip():
        raise InvalidValueError("Vessel", vessel_code or "", "the vessel's ID (scan its label)")
    if scope != "vessel" and vessel_code:
        raise InvalidValueError(
            "Vessel", vessel_code, "empty unless one vessel is discarded (scope vessel)"
        )
    reason = require_text("Reason", reason, max_length=2000)
    if witness_username.strip().lower() == actor.username.strip().lower():
        raise DiscardRefusedError("The witness must be a different person from the one discarding.")
    with db.reading() as session:
        authorise(session, actor, Action.DISCARD)
    witness_id = check_credentials(
        db, witness_username, witness_password, purpose="signature", station=actor.station
    )

    with db.writing(actor, f"discarded: {reason}") as session:
        authorise(session, actor, Action.DISCARD)
        witness = session.get(UserAccount, witness_id)
        assert witness is not None
        if witness.id == actor.user_id:
            raise DiscardRefusedError(
                "The witness must be a different person from the one discarding."
            )
        witness_roles = current_roles(session, witness.id)
        if not is_allowed(witness_roles, Action.DISCARD):
            raise PermissionDeniedError(
                f"{witness.full_name} may not witness a discard: the witness must be someone "
                "allowed to discard (technician, supervisor / verifier or QA)."
            )
        lot = lot_by_din(session, din)
        deviation = _deviation(session, deviation_number) if deviation_number else None
        if deviation is not None and deviation.lot_id not in (None, lot.id):
            raise InvalidValueError(
                "Deviation", deviation.number, f"a deviation of lot {lot.din} (or of no lot)"
            )
        vessel = None
        if scope == "vessel":
            vessel = _vessel_of(session, lot, str(vessel_code))
            vessel.state = "discarded"
        else:
            if scope == "construct" and lot.status not in CONSTRUCT_STATUSES:
                raise DiscardRefusedError(
                    f"Lot {lot.din} is {lot.status.label.lower()}: there is no construct yet; "
                    "discard the lot or a vessel instead."
                )
            advance(lot, LotStatus.DISCARDED)
            if scope == "lot":
                for each in lot.vessels:
                    if each.state == "in_culture":
                        each.state = "discarded"
        row = Discard(
            lot_id=lot.id,
            scope=scope,
            vessel_id=vessel.id if vessel else None,
            reason=reason,
            discarded_at=get_clock().now(),
            discarded_by_id=actor.user_id,
            witness_id=witness.id,
            deviation_id=deviation.id if deviation else None,
            **stamp(actor),
        )
        session.add(row)
        witness_actor = Actor(
            witness.id, witness.username, witness.full_name, witness_roles, actor.station
        )
        add_signature(session, witness_actor, row, Meaning.VERIFIED)
        return DiscardView(
            lot.din,
            scope,
            vessel.code if vessel else None,
            reason,
            row.discarded_at,
            actor.full_name,
            witness.full_name,
            lot.status,
            deviation.number if deviation else None,
        )


def _vessel_of(session: Session, lot: Lot, text: str) -> Vessel:
    scanned = classify(text)
    code = scanned.code if scanned.kind == ScanKind.VESSEL else scanned.text
    code = lookup_code("Vessel", code, "the ID on a vessel label of this lot")
    vessel = session.scalar(select(Vessel).where(Vessel.code == code))
    if vessel is None:
        raise InvalidValueError("Vessel", text, "the ID on a vessel label of this lot")
    if vessel.lot_id != lot.id:
        raise InvalidValueError(
            "Vessel",
            text,
            f"a vessel of lot {lot.din}",
            f"Vessel {vessel.code} is not a vessel of lot {lot.din}; nothing was discarded.",
        )
    if vessel.state != "in_culture":
        raise DiscardRefusedError(
            f"Vessel {vessel.code} is already {vessel.state.replace('_', ' ')}; there is "
            "nothing to discard."
        )
    return vessel
