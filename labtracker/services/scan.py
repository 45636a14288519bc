"""Resolving a scan: what the code is (labtracker.domain.scan) and what it names in this
laboratory's record, as one line for the screen.

Also holds the site's wristband prefix (the hospital MRN barcode on a patient's band is read
behind it; default ``MRN:``), an audited site setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from labtracker.clock import get_clock
from labtracker.db.models import (
    Lot,
    MaterialLot,
    Patient,
    QcSample,
    ScaffoldLot,
    Vessel,
)
from labtracker.domain.identifiers import Din, format_din
from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import Action
from labtracker.domain.scan import (
    DEFAULT_WRISTBAND_PREFIX,
    ScanKind,
    Scanned,
    classify,
    validate_wristband_prefix,
)
from labtracker.services.context import Actor, Database, authorise
from labtracker.services.patients import patient_view
from labtracker.services.records import require_text, site_setting, store_site_setting
from labtracker.services.site import the_site

WRISTBAND_PREFIX_KEY = "wristband_prefix"


@dataclass(frozen=True)
class ScanResolution:
    """A scan as the screen shows it. ``valid`` is True exactly when ``problem`` is None:
    the code was read, names a record here, and (for reagent and scaffold lots) may be used."""

    kind: ScanKind
    summary: str  # one line for the screen
    din: str | None  # the lot the code belongs to (DIN, vessel, QC sample)
    lot_status: LotStatus | None
    vessel_code: str | None
    patient_mrn: str | None  # only for a wristband
    valid: bool
    problem: str | None


def wristband_prefix(session: Session) -> str:
    """The site's wristband prefix, or the shipped default ``MRN:``."""
    return site_setting(session, WRISTBAND_PREFIX_KEY, DEFAULT_WRISTBAND_PREFIX)


def set_wristband_prefix(db: Database, actor: Actor, prefix: str, *, reason: str) -> str:
    """Change the prefix the hospital prints before the MRN in wristband barcodes."""
    prefix = validate_wristband_prefix(prefix)
    reason = require_text("Reason", reason, max_length=2000)
    with db.writing(actor, reason) as session:
        authorise(session, actor, Action.MANAGE_SITE_SETTINGS)
        store_site_setting(
            session,
            actor,
            WRISTBAND_PREFIX_KEY,
            prefix,
            "Prefix before the MRN in the patient wristband barcode",
        )
        return prefix


def classify_scan(session: Session, text: str) -> Scanned:
    """`classify` with this site's wristband prefix."""
    return classify(text, wristband_prefix=wristband_prefix(session))


def resolve_scan(db: Database, actor: Actor, text: str) -> ScanResolution:
    """What a scanned or typed code is and what it names here."""
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        scanned = classify_scan(session, text)
        return _RESOLVERS[scanned.kind](session, scanned)


def _result(
    scanned: Scanned,
    summary: str,
    *,
    din: str | None = None,
    lot_status: LotStatus | None = None,
    vessel_code: str | None = None,
    patient_mrn: str | None = None,
    problem: str | None = None,
) -> ScanResolution:
    return ScanResolution(
        scanned.kind,
        summary,
        din,
        lot_status,
        vessel_code,
        patient_mrn,
        problem is None,
        problem,
    )


def _unreadable(session: Session, scanned: Scanned) -> ScanResolution:
    assert scanned.problem is not None
    return _result(scanned, scanned.problem, problem=scanned.problem)


def _lot(session: Session, din: Din) -> Lot | None:
    return session.scalar(select(Lot).where(Lot.din == din.code))


def _din(session: Session, scanned: Scanned) -> ScanResolution:
    assert scanned.din is not None
    lot = _lot(session, scanned.din)
    shown = format_din(scanned.din)
    if lot is None:
        problem = f"There is no lot with DIN {shown} in this laboratory."
        return _result(scanned, problem, din=scanned.din.code, problem=problem)
    summary = f"Lot {shown} — {lot.status.label}"
    if lot.expires_at is not None:
        local = lot.expires_at.astimezone(_zone(session))
        summary += f", expires {local:%Y-%m-%d %H:%M}"
    return _result(scanned, summary, din=lot.din, lot_status=lot.status)


def _vessel(session: Session, scanned: Scanned) -> ScanResolution:
    assert scanned.din is not None
    vessel = session.scalar(select(Vessel).where(Vessel.code == scanned.code))
    if vessel is None or vessel.lot.din != scanned.din.code:
        problem = f"There is no vessel {scanned.code} in this laboratory."
        return _result(scanned, problem, din=scanned.din.code, problem=problem)
    lot = vessel.lot
    summary = (
        f"Vessel {vessel.code} ({vessel.vessel_type.code}, passage {vessel.passage_number}) "
        f"— {vessel.state.replace('_', ' ')}; lot {format_din(scanned.din)}: {lot.status.label}"
    )
    return _result(scanned, summary, din=lot.din, lot_status=lot.status, vessel_code=vessel.code)


def _qc_sample(session: Session, scanned: Scanned) -> ScanResolution:
    assert scanned.din is not None
    sample = session.scalar(select(QcSample).where(QcSample.code == scanned.code))
    if sample is None or sample.lot.din != scanned.din.code:
        problem = f"There is no QC sample {scanned.code} in this laboratory."
        return _result(scanned, problem, din=scanned.din.code, problem=problem)
    lot = sample.lot
    summary = (
        f"QC sample {sample.code} ({sample.test_code}, {sample.stage}) of lot "
        f"{format_din(scanned.din)}: {lot.status.label}"
    )
    if sample.voided_at is not None:
        problem = f"QC sample {sample.code} was voided: {sample.void_reason}."
        return _result(scanned, summary, din=lot.din, lot_status=lot.status, problem=problem)
    return _result(scanned, summary, din=lot.din, lot_status=lot.status)


def _usability(
    session: Session, name: str, state: str, expiry_date: date, voided: bool
) -> str | None:
    today = get_clock().now().astimezone(_zone(session)).date()
    if voided or state == "rejected":
        return f"{name} is rejected and must not be used."
    if state != "released":
        return f"{name} is still in quarantine; QA must release it before use."
    if today > expiry_date:
        return f"{name} expired on {expiry_date:%Y-%m-%d}; use an in-date lot."
    return None


def _material_lot(session: Session, scanned: Scanned) -> ScanResolution:
    row = session.scalar(select(MaterialLot).where(MaterialLot.code == scanned.code))
    if row is None:
        problem = f"There is no reagent lot {scanned.code} in this laboratory."
        return _result(scanned, problem, problem=problem)
    name = f"{row.code} ({row.material.name} lot {row.lot_number})"
    summary = f"{name} — {row.state}, expires {row.expiry_date:%Y-%m-%d}"
    problem = _usability(session, name, row.state, row.expiry_date, row.voided_at is not None)
    return _result(scanned, summary, problem=problem)


def _scaffold_lot(session: Session, scanned: Scanned) -> ScanResolution:
    row = session.scalar(select(ScaffoldLot).where(ScaffoldLot.code == scanned.code))
    if row is None:
        problem = f"There is no scaffold lot {scanned.code} in this laboratory."
        return _result(scanned, problem, problem=problem)
    name = f"{row.code} ({row.product.name} lot {row.manufacturer_lot})"
    summary = f"Scaffold {name} — {row.state}, expires {row.expiry_date:%Y-%m-%d}"
    problem = _usability(
        session, f"Scaffold {name}", row.state, row.expiry_date, row.voided_at is not None
    )
    return _result(scanned, summary, problem=problem)


def _wristband(session: Session, scanned: Scanned) -> ScanResolution:
    patient = session.scalar(select(Patient).where(Patient.mrn == scanned.mrn))
    if patient is None:
        problem = f"There is no registered patient with MRN {scanned.mrn}."
        return _result(scanned, problem, problem=problem)
    view = patient_view(patient)
    summary = f"Patient {view.display_name}, MRN {view.mrn}, born {view.date_of_birth:%Y-%m-%d}"
    return _result(scanned, summary, patient_mrn=patient.mrn)


def _expiry(session: Session, scanned: Scanned) -> ScanResolution:
    assert scanned.expiry is not None
    return _result(scanned, f"Expiry date/time {scanned.expiry} (site time)")


def _zone(session: Session) -> ZoneInfo:
    return ZoneInfo(the_site(session).timezone)


_RESOLVERS = {
    ScanKind.DIN: _din,
    ScanKind.VESSEL: _vessel,
    ScanKind.QC_SAMPLE: _qc_sample,
    ScanKind.MATERIAL_LOT: _material_lot,
    ScanKind.SCAFFOLD_LOT: _scaffold_lot,
    ScanKind.WRISTBAND: _wristband,
    ScanKind.EXPIRY: _expiry,
    ScanKind.INVALID: _unreadable,
    ScanKind.UNKNOWN: _unreadable,
}
