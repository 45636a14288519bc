"""Reagents, media, scaffolds and equipment: received with expiry, released by QA, and
refused at the bench when expired, quarantined, rejected or out of calibration. Each use is
recorded against the lot, so a recalled reagent lot leads straight to the patients."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from labtracker.clock import get_clock
from labtracker.db.models import (
    Equipment,
    EquipmentUse,
    Lot,
    Material,
    MaterialLot,
    MaterialUse,
    ScaffoldLot,
    ScaffoldProduct,
)
from labtracker.db.models.materials import EQUIPMENT_KINDS, MATERIAL_KINDS  # the CHECK lists
from labtracker.domain.errors import InvalidValueError, LabtrackerError
from labtracker.domain.permissions import Action
from labtracker.domain.values import number_in_range
from labtracker.services.context import Actor, Database, authorise
from labtracker.services.records import lookup_code, optional_text, require_text, stamp
from labtracker.services.site import the_site


class MaterialRefusedError(LabtrackerError):
    """A material, scaffold or piece of equipment may not be used now."""


@dataclass(frozen=True)
class MaterialLotView:
    material_lot_id: int
    code: str
    material: str
    kind: str
    manufacturer: str
    catalogue_number: str
    lot_number: str
    expiry_date: date
    state: str


@dataclass(frozen=True)
class ScaffoldLotView:
    scaffold_lot_id: int
    code: str
    product: str
    manufacturer: str
    manufacturer_lot: str
    expiry_date: date
    volume_ml: float | None
    size_description: str
    state: str


@dataclass(frozen=True)
class EquipmentView:
    equipment_id: int
    asset_tag: str
    name: str
    kind: str
    calibration_due_on: date | None
    state: str
    location: str = ""
    serial_number: str = ""
    calibrated_on: date | None = None


def _material_view(row: MaterialLot) -> MaterialLotView:
    m = row.material
    return MaterialLotView(
        row.id,
        row.code,
        m.name,
        m.kind,
        m.manufacturer,
        m.catalogue_number,
        row.lot_number,
        row.expiry_date,
        row.state,
    )


def _scaffold_view(row: ScaffoldLot) -> ScaffoldLotView:
    p = row.product
    return ScaffoldLotView(
        row.id,
        row.code,
        p.name,
        p.manufacturer,
        row.manufacturer_lot,
        row.expiry_date,
        row.volume_ml,
        row.size_description,
        row.state,
    )


def _equipment_view(row: Equipment) -> EquipmentView:
    return EquipmentView(
        row.id,
        row.asset_tag,
        row.name,
        row.kind,
        row.calibration_due_on,
        row.state,
        row.location,
        row.serial_number,
        row.calibrated_on,
    )


def _require_date(field: str, value: object) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidValueError(field, value, "a calendar date (e.g. 2027-06-30)")
    return value


def _require_decision(release: object) -> None:
    if not isinstance(release, bool):
        raise InvalidValueError("Decision", release, "release (True) or reject (False)")


def _local_date(session: Session, when: datetime) -> date:
    """Expiry dates are the site's calendar days."""
    return when.astimezone(ZoneInfo(the_site(session).timezone)).date()


def receive_material_lot(
    db: Database,
    actor: Actor,
    *,
    name: str,
    kind: str,
    manufacturer: str,
    catalogue_number: str,
    lot_number: str,
    expiry_date: date,
    certificate_reference: str = "",
) -> MaterialLotView:
    """A delivered lot, quarantined until QA releases it; gets the lab's label code."""
    name = require_text("Material", name)
    manufacturer = require_text("Manufacturer", manufacturer)
    catalogue_number = require_text("Catalogue number", catalogue_number, max_length=80)
    lot_number = require_text("Lot number", lot_number, max_length=80)
    certificate_reference = optional_text("Certificate reference", certificate_reference)
    if kind not in MATERIAL_KINDS:
        raise InvalidValueError("Kind", kind, "one of " + ", ".join(MATERIAL_KINDS))
    _require_date("Expiry date", expiry_date)
    with db.writing(actor, "material lot received") as session:
        authorise(session, actor, Action.RECEIVE_MATERIAL)
        if expiry_date < _local_date(session, get_clock().now()):
            raise MaterialRefusedError(
                f"Lot {lot_number} expired on {expiry_date:%Y-%m-%d}; it cannot be received."
            )
        material = session.scalar(
            select(Material).where(
                Material.manufacturer == manufacturer, Material.catalogue_number == catalogue_number
            )
        )
        if material is None:
            material = Material(
                name=name,
                kind=kind,
                manufacturer=manufacturer,
                catalogue_number=catalogue_number,
                **stamp(actor),
            )
            session.add(material)
            session.flush()
        if session.scalar(
            select(MaterialLot).where(
                MaterialLot.material_id == material.id, MaterialLot.lot_number == lot_number
            )
        ):
            raise InvalidValueError(
                "Lot number",
                lot_number,
                "not already received",
                f"Lot {lot_number} of {material.name} is already received.",
            )
        row = MaterialLot(
            material_id=material.id,
            code=_next_code(session, MaterialLot, "RL"),
            lot_number=lot_number,
            expiry_date=expiry_date,
            received_at=get_clock().now(),
            received_by_id=actor.user_id,
            state="quarantine",
            certificate_reference=certificate_reference,
            **stamp(actor),
        )
        session.add(row)
        session.flush()
        return _material_view(row)


def _next_code(session: Session, model: type, prefix: str) -> str:
    last = session.scalar(select(model.code).order_by(model.id.desc()).limit(1))  # type: ignore[attr-defined]
    number = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{number:06d}"


def decide_material_lot(
    db: Database, actor: Actor, code: str, *, release: bool, reason: str
) -> MaterialLotView:
    """QA releases a quarantined lot for use, or rejects it."""
    reason = require_text("Reason", reason, max_length=2000)
    _require_decision(release)
    with db.writing(actor, reason) as session:
        authorise(session, actor, Action.RELEASE_MATERIAL)
        row = _material_lot(session, code, "Material lot")
        if row.state != "quarantine":
            raise MaterialRefusedError(f"Lot {row.code} is already {row.state}.")
        row.state = "released" if release else "rejected"
        return _material_view(row)


def _material_lot(session: Session, code: str, field: str) -> MaterialLot:
    cleaned = lookup_code(field, code, "the code on a received lot's label (RL……)")
    row = session.scalar(select(MaterialLot).where(MaterialLot.code == cleaned))
    if row is None:
        raise InvalidValueError(field, code, "the code on a received lot's label (RL……)")
    return row


def use_material_lot(
    session: Session,
    actor: Actor,
    lot: Lot,
    code: str,
    *,
    used_at: datetime,
    step: str,
    field: str,
    kinds: tuple[str, ...] = (),
) -> MaterialLot:
    """Check a material lot may be used now for this step; refuse with the reason if not.
    Call `note_material_use` once the step's record exists."""
    row = _material_lot(session, code, field)
    if kinds and row.material.kind not in kinds:
        raise InvalidValueError(
            field, f"{row.code} ({row.material.name})", "a lot of " + " or ".join(kinds)
        )
    if row.voided_at is not None or row.state == "rejected":
        raise MaterialRefusedError(
            f"{field}: {row.code} ({row.material.name} lot "
            f"{row.lot_number}) is rejected and must not be used."
        )
    if row.state != "released":
        raise MaterialRefusedError(
            f"{field}: {row.code} ({row.material.name} lot "
            f"{row.lot_number}) is still in quarantine; QA must release "
            "it before use."
        )
    if _local_date(session, used_at) > row.expiry_date:
        raise MaterialRefusedError(
            f"{field}: {row.code} ({row.material.name} lot "
            f"{row.lot_number}) expired on {row.expiry_date:%Y-%m-%d}; "
            "use an in-date lot."
        )
    return row


def note_material_use(
    session: Session,
    actor: Actor,
    lot: Lot,
    row: MaterialLot,
    *,
    used_at: datetime,
    step: str,
    record_id: int,
) -> None:
    session.add(
        MaterialUse(
            lot_id=lot.id,
            material_lot_id=row.id,
            step=step,
            step_record_id=record_id,
            used_at=used_at,
            used_by_id=actor.user_id,
            **stamp(actor),
        )
    )


def receive_scaffold_lot(
    db: Database,
    actor: Actor,
    *,
    product: str,
    manufacturer: str,
    catalogue_number: str,
    manufacturer_lot: str,
    expiry_date: date,
    volume_ml: float | None,
    size_description: str = "",
) -> ScaffoldLotView:
    product = require_text("Scaffold product", product)
    manufacturer = require_text("Manufacturer", manufacturer)
    catalogue_number = require_text("Catalogue number", catalogue_number, max_length=80)
    manufacturer_lot = require_text("Manufacturer lot", manufacturer_lot, max_length=80)
    size_description = optional_text("Size", size_description, max_length=120)
    if volume_ml is not None:
        volume_ml = number_in_range(
            "Scaffold volume",
            volume_ml,
            0,
            100,
            "mL",
            shown_range="more than 0, up to 100 mL",
            low_inclusive=False,
        )
    _require_date("Expiry date", expiry_date)
    with db.writing(actor, "scaffold lot received") as session:
        authorise(session, actor, Action.RECEIVE_MATERIAL)
        if expiry_date < _local_date(session, get_clock().now()):
            raise MaterialRefusedError(
                f"Scaffold lot {manufacturer_lot} expired on "
                f"{expiry_date:%Y-%m-%d}; it cannot be received."
            )
        row_product = session.scalar(
            select(ScaffoldProduct).where(
                ScaffoldProduct.manufacturer == manufacturer,
                ScaffoldProduct.catalogue_number == catalogue_number,
            )
        )
        if row_product is None:
            row_product = ScaffoldProduct(
                name=product,
                manufacturer=manufacturer,
                catalogue_number=catalogue_number,
                **stamp(actor),
            )
            session.add(row_product)
            session.flush()
        row = ScaffoldLot(
            product_id=row_product.id,
            code=_next_code(session, ScaffoldLot, "SC"),
            manufacturer_lot=manufacturer_lot,
            expiry_date=expiry_date,
            size_description=size_description,
            volume_ml=volume_ml,
            received_at=get_clock().now(),
            received_by_id=actor.user_id,
            state="quarantine",
            **stamp(actor),
        )
        session.add(row)
        session.flush()
        return _scaffold_view(row)


def decide_scaffold_lot(
    db: Database, actor: Actor, code: str, *, release: bool, reason: str
) -> ScaffoldLotView:
    reason = require_text("Reason", reason, max_length=2000)
    _require_decision(release)
    with db.writing(actor, reason) as session:
        authorise(session, actor, Action.RELEASE_MATERIAL)
        row = _scaffold_lot(session, code)
        if row.state != "quarantine":
            raise MaterialRefusedError(f"Scaffold lot {row.code} is already {row.state}.")
        row.state = "released" if release else "rejected"
        return _scaffold_view(row)


def _scaffold_lot(session: Session, code: str) -> ScaffoldLot:
    cleaned = lookup_code("Scaffold lot", code, "the code on a received scaffold's label (SC……)")
    row = session.scalar(select(ScaffoldLot).where(ScaffoldLot.code == cleaned))
    if row is None:
        raise InvalidValueError(
            "Scaffold lot", code, "the code on a received scaffold's label (SC……)"
        )
    return row


def usable_scaffold_lot(session: Session, code: str, used_at: datetime) -> ScaffoldLot:
    row = _scaffold_lot(session, code)
    name = f"{row.code} ({row.product.name} lot {row.manufacturer_lot})"
    if row.voided_at is not None or row.state == "rejected":
        raise MaterialRefusedError(f"Scaffold {name} is rejected and must not be used.")
    if row.state != "released":
        raise MaterialRefusedError(f"Scaffold {name} is still in quarantine; QA must release it.")
    if _local_date(session, used_at) > row.expiry_date:
        raise MaterialRefusedError(f"Scaffold {name} expired on {row.expiry_date:%Y-%m-%d}.")
    return row


def register_equipment(
    db: Database,
    actor: Actor,
    *,
    asset_tag: str,
    name: str,
    kind: str,
    location: str = "",
    serial_number: str = "",
    calibrated_on: date | None = None,
    calibration_due_on: date | None = None,
) -> EquipmentView:
    asset_tag = "".join(require_text("Asset tag", asset_tag, max_length=40).split()).upper()
    name = require_text("Equipment name", name)
    location = optional_text("Location", location, max_length=120)
    serial_number = optional_text("Serial number", serial_number, max_length=80)
    if kind not in EQUIPMENT_KINDS:
        raise InvalidValueError("Kind", kind, "one of " + ", ".join(EQUIPMENT_KINDS))
    if calibrated_on and calibration_due_on and calibration_due_on <= calibrated_on:
        raise InvalidValueError(
            "Calibration due", calibration_due_on, f"after the calibration date ({calibrated_on})"
        )
    with db.writing(actor, "equipment registered") as session:
        authorise(session, actor, Action.MANAGE_CATALOGUE)
        if session.scalar(select(Equipment).where(Equipment.asset_tag == asset_tag)):
            raise InvalidValueError("Asset tag", asset_tag, "not already registered")
        row = Equipment(
            asset_tag=asset_tag,
            name=name,
            kind=kind,
            location=location,
            serial_number=serial_number,
            calibrated_on=calibrated_on,
            calibration_due_on=calibration_due_on,
            state="in_service",
            **stamp(actor),
        )
        session.add(row)
        session.flush()
        return _equipment_view(row)


def record_calibration(
    db: Database, actor: Actor, asset_tag: str, *, calibrated_on: date, calibration_due_on: date
) -> EquipmentView:
    if calibration_due_on <= calibrated_on:
        raise InvalidValueError(
            "Calibration due", calibration_due_on, f"after the calibration date ({calibrated_on})"
        )
    with db.writing(actor, f"calibrated on {calibrated_on}") as session:
        authorise(session, actor, Action.MANAGE_CATALOGUE)
        row = _equipment(session, asset_tag)
        row.calibrated_on, row.calibration_due_on = calibrated_on, calibration_due_on
        return _equipment_view(row)


def _equipment(session: Session, asset_tag: str) -> Equipment:
    cleaned = lookup_code("Equipment", asset_tag, "the asset tag of registered equipment")
    row = session.scalar(select(Equipment).where(Equipment.asset_tag == cleaned))
    if row is None:
        raise InvalidValueError("Equipment", asset_tag, "the asset tag of registered equipment")
    return row


def use_equipment(
    session: Session,
    actor: Actor,
    lot: Lot,
    asset_tag: str,
    *,
    used_at: datetime,
    kinds: tuple[str, ...] = (),
) -> Equipment:
    """Check equipment may be used now (in service, calibration not overdue)."""
    row = _equipment(session, asset_tag)
    if kinds and row.kind not in kinds:
        raise InvalidValueError(
            "Equipment",
            f"{row.asset_tag} ({row.name})",
            "a " + " or ".join(k.replace("_", " ") for k in kinds),
        )
    if row.state != "in_service":
        raise MaterialRefusedError(
            f"{row.asset_tag} ({row.name}) is {row.state.replace('_', ' ')}; it must not be used."
        )
    if row.calibration_due_on and _local_date(session, used_at) > row.calibration_due_on:
        raise MaterialRefusedError(
            f"{row.asset_tag} ({row.name}) was due for calibration on "
            f"{row.calibration_due_on:%Y-%m-%d}; it must not be used "
            "until it is calibrated."
        )
    return row


def note_equipment_use(
    session: Session,
    actor: Actor,
    lot: Lot,
    row: Equipment,
    *,
    used_at: datetime,
    step: str,
    record_id: int,
) -> None:
    session.add(
        EquipmentUse(
            lot_id=lot.id,
            equipment_id=row.id,
            step=step,
            step_record_id=record_id,
            used_at=used_at,
            used_by_id=actor.user_id,
            **stamp(actor),
        )
    )


def list_material_lots(
    db: Database, actor: Actor, *, usable_only: bool = False
) -> list[MaterialLotView]:
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        query = select(MaterialLot).order_by(MaterialLot.code)
        if usable_only:
            query = query.where(
                MaterialLot.state == "released",
                MaterialLot.expiry_date >= _local_date(session, get_clock().now()),
            )
        return [_material_view(r) for r in session.scalars(query)]


def list_scaffold_lots(db: Database, actor: Actor) -> list[ScaffoldLotView]:
    """Every received scaffold lot, by code (quarantined, released, rejected)."""
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        return [
            _scaffold_view(r)
            for r in session.scalars(select(ScaffoldLot).order_by(ScaffoldLot.code))
        ]


def list_equipment(db: Database, actor: Actor) -> list[EquipmentView]:
    """Every registered piece of equipment, by asset tag, with its calibration dates."""
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        return [
            _equipment_view(r)
            for r in session.scalars(select(Equipment).order_by(Equipment.asset_tag))
        ]
