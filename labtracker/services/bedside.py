"""The bedside check in theatre: the surgeon scans the construct's label and the patient's
wristband; both must name the same patient, and the construct must be dispatched to theatre,
in date and consented. Then the surgeon records the implantation and e-signs it.

Decisions (see the module's functions):

* Nothing overrides a failed check: there is no "implant anyway". A failed check raises
  `BedsideRefusedError` from `record_implantation` and saves no implantation.
* Every check is on record, passed or refused: an audit-trail event (action ``system`` on
  the lot, with both scans and every problem) committed in its own transaction, even when
  the check fails. A WRONG-PATIENT scan is a near miss of the one unforgivable error, so it
  also raises a *critical* deviation (same transaction) that QA must investigate and close.
* The lot must be DISPATCHED: the state machine goes released → dispatched → implanted, so a
  construct handed straight from the lab to theatre is recorded as dispatched (custody) first.
* The construct label must be the DIN barcode, or the DIN typed with its check character (a
  scanner failing at the table); a DIN typed without it could hide a typing error.
* On a wrong-patient scan the other patient is never named: the check shows the patient on
  the wristband and says the construct belongs to someone else.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from labtracker.clock import get_clock
from labtracker.db.audit import record_system_event
from labtracker.db.models import (
    CustodyEvent,
    Implantation,
    Lot,
    Patient,
    ProductCode,
    ReleaseDecision,
)
from labtracker.domain.errors import LabtrackerError
from labtracker.domain.identifiers import din_check_character, format_din, parse_din
from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import Action
from labtracker.domain.scan import ScanKind, Scanned
from labtracker.domain.values import visible
from labtracker.services.auth import confirm_identity
from labtracker.services.context import Actor, Database, authorise
from labtracker.services.deviations import new_deviation, with_retry
from labtracker.services.patients import current_consent, patient_view
from labtracker.services.records import (
    advance,
    check_time,
    lot_by_din,
    notes_text,
    require_text,
    stamp,
    user_name,
)
from labtracker.services.scan import classify_scan
from labtracker.services.signatures import Meaning, add_signature, signatures_on
from labtracker.services.site import process_rules, the_site

WRONG_PATIENT = "WRONG PATIENT — this construct belongs to another patient. Do not implant."
CHECK_REASON = "bedside identity check"
PRE_RELEASE = frozenset(
    {
        LotStatus.CREATED,
        LotStatus.ASPIRATE_COLLECTED,
        LotStatus.RECEIVED,
        LotStatus.IN_CULTURE,
        LotStatus.IN_INDUCTION,
        LotStatus.SEEDED,
    }
)


class BedsideRefusedError(LabtrackerError):
    """The bedside check failed; the construct must not be implanted. Carries the check."""

    def __init__(self, check: BedsideCheck) -> None:
        self.check = check
        super().__init__(" ".join(check.problems))


@dataclass(frozen=True)
class BedsideCheck:
    """The result shown at the table. ``patient_name``/``mrn`` are the wristband's patient."""

    ok: bool
    din: str | None
    patient_name: str | None
    mrn: str | None
    expires_at: datetime | None
    problems: tuple[str, ...]
    wrong_patient: bool = False
    deviation_number: str | None = None  # raised for a wrong-patient scan


@dataclass(frozen=True)
class ImplantationView:
    din: str
    patient_name: str
    mrn: str
    implanted_at: datetime
    confirmed_at: datetime
    operating_room: str
    implant_site: str
    surgeon: str
    signature: str  # the manifestation: "Implanted by …, <time> UTC"
    construct_scan: str = ""  # exactly what was scanned at the table
    wristband_scan: str = ""


@dataclass(frozen=True)
class _Evaluation:
    check: BedsideCheck
    lot: Lot | None
    patient: Patient | None


def _scan_problem(scanned: Scanned, what: str) -> str | None:
    if scanned.kind in (ScanKind.INVALID, ScanKind.UNKNOWN):
        return f"{what}: {scanned.problem}"
    return None


def _evaluate(session: Session, construct_scan: str, wristband_scan: str) -> _Evaluation:
    """Every check, in the caller's transaction; never raises for a failed check."""
    now = get_clock().now()
    zone = ZoneInfo(the_site(session).timezone)
    construct = classify_scan(session, construct_scan)
    band = classify_scan(session, wristband_scan)
    problems: list[str] = []
    if construct.kind == ScanKind.WRISTBAND and band.kind == ScanKind.DIN:
        problems.append(
            "The scans are swapped: scan the construct's label as the construct and the "
            "patient's wristband as the wristband. Do not implant until both match."
        )
        return _Evaluation(BedsideCheck(False, None, None, None, None, tuple(problems)), None, None)

    lot = None
    if problem := _scan_problem(construct, "Construct label"):
        problems.append(problem)
    elif construct.kind != ScanKind.DIN:
        problems.append(
            f"The construct scan is a {construct.kind.label} ({construct.text}), not the "
            "construct's DIN label. Scan the DIN barcode on the construct."
        )
    elif not construct.identity_confirmed:
        problems.append(
            f"Construct label: {construct.text} was typed without its check character; scan "
            "the DIN barcode, or type the DIN with the check character from the box beside it."
        )
    else:
        assert construct.din is not None
        lot = session.scalar(select(Lot).where(Lot.din == construct.din.code))
        if lot is None:
            problems.append(
                f"There is no lot with DIN {format_din(construct.din)} in this laboratory. "
                "Do not implant."
            )

    patient = None
    if problem := _scan_problem(band, "Wristband"):
        problems.append(problem)
    elif band.kind != ScanKind.WRISTBAND:
        problems.append(
            f"The wristband scan is a {band.kind.label} ({band.text}), not a patient "
            "wristband. Scan the barcode on the patient's wristband."
        )
    else:
        patient = session.scalar(select(Patient).where(Patient.mrn == band.mrn))
        if patient is None:
            problems.append(
                f"There is no registered patient with MRN {band.mrn}. Check the wristband; "
                "do not implant."
            )

    view = patient_view(patient) if patient is not None else None
    wrong_patient = lot is not None and patient is not None and lot.patient_id != patient.id
    expires_at = None
    if wrong_patient:
        problems.insert(0, WRONG_PATIENT)
    elif lot is not None:
        expires_at = lot.expires_at
        problems.extend(_lot_problems(lot, now, zone))
        if patient is not None and current_consent(session, patient) is None:
            problems.append(
                "CONSENT WITHDRAWN — this patient has no informed consent in force. Do not implant."
            )
    check = BedsideCheck(
        ok=not problems,
        din=construct.din.code if construct.din is not None else None,
        patient_name=view.display_name if view else None,
        mrn=view.mrn if view else None,
        expires_at=expires_at,
        problems=tuple(problems),
        wrong_patient=wrong_patient,
    )
    return _Evaluation(check, lot, patient)


def _lot_problems(lot: Lot, now: datetime, zone: ZoneInfo) -> list[str]:
    status = lot.status
    if status == LotStatus.IMPLANTED:
        when = lot.implantation.implanted_at if lot.implantation else lot.status_changed_at
        return [
            f"ALREADY IMPLANTED — this construct was implanted on "
            f"{when.astimezone(zone):%Y-%m-%d %H:%M}. Do not implant again."
        ]
    if status == LotStatus.DISCARDED:
        return ["DISCARDED — this construct was discarded. Do not implant."]
    if status == LotStatus.REJECTED:
        return ["REJECTED BY QA — this construct failed release. Do not implant."]
    if status in PRE_RELEASE:
        return [
            f"NOT RELEASED — this lot is {status.label.lower()}; it has not been released by "
            "QA. Do not implant."
        ]
    problems = []
    if status == LotStatus.RELEASED:
        problems.append(
            "NOT DISPATCHED — the construct is released but its dispatch to theatre is not "
            "recorded. Record the hand-over (custody) before implanting."
        )
    if lot.expires_at is None:
        problems.append("NO EXPIRY — the release recorded no expiry. Do not implant.")
    elif lot.expires_at <= now:
        problems.append(
            f"EXPIRED — this construct expired at "
            f"{lot.expires_at.astimezone(zone):%Y-%m-%d %H:%M}. Do not implant."
        )
    return problems


def _as_recorded(scan: str) -> str:
    """A scan as the audit trail keeps it: trimmed, and at most 120 characters with the
    length of the rest (a garbled or pasted megabyte is not copied into the record)."""
    text = str(scan).strip()
    return text if len(text) <= 120 else f"{text[:120]}… ({len(text):,} characters)"


def _record(
    session: Session,
    actor: Actor,
    evaluation: _Evaluation,
    construct_scan: str,
    wristband_scan: str,
    *,
    doing: str,
) -> BedsideCheck:
    """Put the attempt on record (and a critical deviation for a wrong-patient scan)."""
    check, lot = evaluation.check, evaluation.lot
    outcome = "passed" if check.ok else "REFUSED"
    construct_scan, wristband_scan = _as_recorded(construct_scan), _as_recorded(wristband_scan)
    what = (
        f"{doing} {outcome}: construct scan {construct_scan!r}, wristband scan {wristband_scan!r}"
    )
    if check.problems:
        what += "; " + " | ".join(check.problems)
    if check.wrong_patient:
        assert lot is not None
        deviation = new_deviation(
            session,
            actor,
            lot,
            title="Wrong-patient scan at the bedside",
            description=(
                f"At the bedside check ({doing}), the construct label of lot {lot.din} was "
                f"scanned with the wristband of patient MRN {check.mrn}, who is not this "
                f"lot's patient. The system refused the implantation.\n"
                f"Construct scan: {construct_scan!r}\n"
                f"Wristband scan: {wristband_scan!r}\n"
                f"Surgeon: {actor.full_name} ({actor.username}), station {actor.station or '-'}"
            ),
            occurred_at=get_clock().now(),
            classification="critical",
        )
        check = replace(check, deviation_number=deviation.number)
        what += f"; deviation {deviation.number} raised"
    record_system_event(
        session,
        actor.audit(CHECK_REASON),
        "lot",
        lot.id if lot else None,
        what,
        lot_id=lot.id if lot else None,
    )
    return check


def confirm_match(
    db: Database, actor: Actor, *, construct_scan: str, wristband_scan: str
) -> BedsideCheck:
    """Check the construct against the patient's wristband. Recorded whatever the outcome;
    never raises for a failed check (read ``ok`` and ``problems``)."""

    def attempt() -> BedsideCheck:
        with db.writing(actor, CHECK_REASON) as session:
            authorise(session, actor, Action.CONFIRM_IMPLANTATION)
            evaluation = _evaluate(session, construct_scan, wristband_scan)
            return _record(
                session, actor, evaluation, construct_scan, wristband_scan, doing="bedside check"
            )

    return with_retry(attempt)


def record_implantation(
    db: Database,
    actor: Actor,
    *,
    construct_scan: str,
    wristband_scan: str,
    implanted_at: datetime,
    operating_room: str,
    implant_site: str,
    username: str,
    password: str,
    notes: str = "",
) -> ImplantationView:
    """The surgeon records the implantation and signs it ("implanted"). The bedside check runs
    again in the same transaction; any problem refuses it (`BedsideRefusedError`), with the
    refused attempt on record and nothing implanted."""
    operating_room = require_text("Operating room", operating_room, max_length=80)
    implant_site = require_text("Implant site", implant_site, max_length=120)
    notes = notes_text("Notes", notes)
    with db.reading() as session:
        authorise(session, actor, Action.CONFIRM_IMPLANTATION)
    confirm_identity(db, actor, username, password, purpose="signature")

    def attempt() -> tuple[BedsideCheck, ImplantationView | None]:
        with db.writing(actor, "implantation") as session:
            authorise(session, actor, Action.CONFIRM_IMPLANTATION)
            evaluation = _evaluate(session, construct_scan, wristband_scan)
            if not evaluation.check.ok:
                # Committed on leaving the block: the refusal stays on record.
                check = _record(
                    session,
                    actor,
                    evaluation,
                    construct_scan,
                    wristband_scan,
                    doing="implantation",
                )
                return check, None
            lot, patient = evaluation.lot, evaluation.patient
            assert lot is not None and patient is not None
            dispatched_at = _dispatched_at(session, lot)
            check_time(
                "Implanted at",
                implanted_at,
                after=dispatched_at,
                after_label="the construct's dispatch",
                tolerance_minutes=process_rules(session).future_tolerance_minutes,
            )
            row = Implantation(
                lot_id=lot.id,
                surgeon_id=actor.user_id,
                # As scanned; scanner noise at the ends made visible, never stored raw.
                construct_scan=visible(construct_scan.strip(), 60),
                wristband_scan=visible(wristband_scan.strip(), 60),
                confirmed_at=get_clock().now(),
                implanted_at=implanted_at,
                operating_room=operating_room,
                implant_site=implant_site,
                notes=notes,
                **stamp(actor),
            )
            session.add(row)
            advance(lot, LotStatus.IMPLANTED)
            session.flush()
            signature = add_signature(session, actor, row, Meaning.IMPLANTED)
            check = _record(
                session, actor, evaluation, construct_scan, wristband_scan, doing="implantation"
            )
            view = ImplantationView(
                lot.din,
                check.patient_name or "",
                patient.mrn,
                row.implanted_at,
                row.confirmed_at,
                row.operating_room,
                row.implant_site,
                actor.full_name,
                f"{Meaning.IMPLANTED.label.capitalize()} by {signature.printed_name} "
                f"({actor.username}), {signature.signed_at:%Y-%m-%d %H:%M} UTC",
                row.construct_scan,
                row.wristband_scan,
            )
            return check, view

    check, view = with_retry(attempt)
    if view is None:
        raise BedsideRefusedError(check)
    return view


def lot_implantation(session: Session, lot: Lot) -> ImplantationView | None:
    """The lot's implantation as signed at the bedside (None before it), in the caller's
    transaction. ``signature`` is the current "implanted" signature's manifestation, which
    says SUPERSEDED or INVALID when that applies."""
    row = lot.implantation
    if row is None or row.voided_at is not None:
        return None
    signed = [s for s in signatures_on(session, row) if s.meaning is Meaning.IMPLANTED]
    patient = patient_view(lot.patient)
    return ImplantationView(
        lot.din,
        patient.display_name,
        patient.mrn,
        row.implanted_at,
        row.confirmed_at,
        row.operating_room,
        row.implant_site,
        user_name(session, row.surgeon_id) or "",
        signed[-1].manifestation if signed else "",
        row.construct_scan,
        row.wristband_scan,
    )


def _dispatched_at(session: Session, lot: Lot) -> datetime:
    """When the construct left for theatre: the dispatch hand-over, else the status change."""
    dispatched = session.scalar(
        select(CustodyEvent.occurred_at)
        .where(
            CustodyEvent.lot_id == lot.id,
            CustodyEvent.event == "dispatched",
            CustodyEvent.voided_at.is_(None),
        )
        .order_by(CustodyEvent.occurred_at.desc())
        .limit(1)
    )
    return dispatched or lot.status_changed_at


@dataclass(frozen=True)
class ConstructCard:
    """The construct as the bedside match card shows it (a read; the check is `confirm_match`)."""

    din: str
    din_display: str  # "A9999 26 000003"
    check_character: str
    product: str  # the product code's description ("" when the lot has none)
    patient_name: str  # the lot's own patient
    mrn: str
    date_of_birth: date
    status_label: str
    released_by: str | None  # QA's printed name, None before release
    released_at: datetime | None
    expires_at: datetime | None


def construct_card(db: Database, actor: Actor, din: str) -> ConstructCard:
    """Product, patient (name, MRN, date of birth), QA release and expiry of one lot, for the
    bedside match card. VIEW_LOTS; records nothing."""
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        lot = lot_by_din(session, din)
        patient = patient_view(lot.patient)
        product = session.get(ProductCode, lot.product_code_id) if lot.product_code_id else None
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
        parsed = parse_din(lot.din)
        return ConstructCard(
            lot.din,
            format_din(parsed),
            din_check_character(lot.din),
            product.description if product is not None else "",
            patient.display_name,
            patient.mrn,
            patient.date_of_birth,
            lot.status.label,
            user_name(session, decision.decided_by_id) if decision is not None else None,
            decision.decided_at if decision is not None else None,
            lot.expires_at,
        )
