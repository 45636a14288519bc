"""Label templates, printing and reconciliation (domain.md §5).

Templates: one code per kind and stock (``VESSEL-2x1in``) with numbered versions. A site
starts with version 1 of each kind on its default stock, approved at set-up
(`seed_default_templates`). QA drafts a new version; a second QA person approves it with an
e-signature and the version it replaces is retired. A template's definition is the layout
(labtracker.reports.labels.label_definition) as JSON, with its SHA-256: printing refuses a
definition changed since approval, or one the installed labtracker no longer draws.

Printing (`print_labels`) happens in one write transaction: find the lot (or vessel), check
that this label may be printed for it now, gather the data, render the PDF, and record the
print (template version, who, when, copies, printer, barcode contents). Nothing is recorded
if the PDF cannot be made, and no PDF is handed out that was not recorded. A second print
of the same kind for the same lot (or vessel) is a reprint: it needs a reason and says
REPRINT on the label.

Identity: a label ties a container to a patient. The lot is named by its scanned DIN barcode,
by its DIN (the lot on screen), or by a DIN typed with its check character, which is checked.
A print dialog must not take a bare DIN typed by hand: a typing error there names another
lot and puts this patient's labels on it. Vessel labels are named by the vessel ID.

Reconciliation (`reconcile`): every printed label is either applied to a container or
destroyed; applied + destroyed must equal the copies printed. A print not reconciled, or
whose counts do not add up, blocks the lot's release (`reconciliation_blockers`, read in
labtracker.services.label_reconciliation, which needs no rendering).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from labtracker.clock import get_clock
from labtracker.db.models import (
    CustodyEvent,
    LabelDisposition,
    LabelPrint,
    LabelTemplate,
    Lot,
    ProductCode,
    ReleaseDecision,
    ScaffoldSeeding,
    Vessel,
)
from labtracker.domain.errors import InvalidValueError, LabtrackerError
from labtracker.domain.identifiers import Din, parse_din
from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import Action
from labtracker.domain.scan import ScanKind
from labtracker.reports.labels import (
    MAX_COPIES,
    STOCKS,
    SUPPORTED,
    AspirateLabel,
    CustodyLabel,
    LabelKind,
    QuarantineLabel,
    ReleaseLabel,
    Symbol,
    VesselLabel,
    check_stock,
    label_definition,
    render_label,
    symbols,
)
from labtracker.reports.zpl import render_zpl
from labtracker.services.auth import confirm_identity
from labtracker.services.context import Actor, Database, authorise
from labtracker.services.custody import EVENT_LABELS
from labtracker.services.label_reconciliation import (
    ReconciliationRow,
    copies_text,
    label_reconciliation,
    lot_label_reconciliation,
    reconciliation_blockers,
    reconciliation_rows,
)
from labtracker.services.patients import patient_view
from labtracker.services.records import (
    lot_by_din,
    next_draft_version,
    optional_text,
    require_text,
    stamp,
    user_name,
)
from labtracker.services.scan import classify_scan
from labtracker.services.signatures import Meaning, add_signature
from labtracker.services.site import the_site

__all__ = [
    "DEFAULT_STOCKS",
    "LabelPrintRefusedError",
    "PrintedLabels",
    "ReconciliationRow",
    "TemplateRefusedError",
    "TemplateView",
    "approve_template",
    "draft_template",
    "label_reconciliation",
    "list_templates",
    "lot_label_reconciliation",
    "print_labels",
    "reconcile",
    "reconciliation_blockers",
    "seed_default_templates",
    "template_code",
]

# The stock each kind is printed on unless the site approves another: tubes and flasks take
# the small roll; the construct's container and the transport box the large one (the release
# label covers the quarantine label of the same size).
DEFAULT_STOCKS: dict[LabelKind, str] = {
    LabelKind.ASPIRATE: "2x1in",
    LabelKind.VESSEL: "2x1in",
    LabelKind.CUSTODY: "4x2in",
    LabelKind.QUARANTINE: "4x2in",
    LabelKind.RELEASE: "4x2in",
}
PRINT_ACTIONS: dict[LabelKind, Action] = {
    LabelKind.ASPIRATE: Action.PRINT_PROCESS_LABEL,
    LabelKind.VESSEL: Action.PRINT_PROCESS_LABEL,
    LabelKind.CUSTODY: Action.PRINT_PROCESS_LABEL,
    LabelKind.QUARANTINE: Action.PRINT_PROCESS_LABEL,
    LabelKind.RELEASE: Action.PRINT_RELEASE_LABEL,
}
SHIPPED_REASON = "shipped default label layout"
CLOSED = (LotStatus.DISCARDED, LotStatus.IMPLANTED)
OUTPUTS = ("pdf", "zpl")
RELEASED = (LotStatus.RELEASED, LotStatus.DISPATCHED)


class TemplateRefusedError(LabtrackerError):
    """A label template cannot be drafted, approved or used as asked."""


class LabelPrintRefusedError(LabtrackerError):
    """This label may not be printed (or reconciled) now; the message says why."""


@dataclass(frozen=True)
class TemplateView:
    template_id: int
    code: str  # "VESSEL-2x1in"
    kind: str
    stock: str
    version: int
    state: str  # draft, approved, retired
    definition: str  # the layout, JSON
    definition_hash: str
    drafted_by: str
    approved_by: str | None  # None for a shipped default and for a draft
    approved_at: datetime | None
    intact: bool  # the definition still matches its hash
    voided: bool

    @property
    def label(self) -> str:
        return f"{self.code} v{self.version}"


@dataclass(frozen=True)
class PrintedLabels:
    """What was printed and recorded: hand ``pdf`` (or, when ZPL was asked for, ``zpl``) to
    the printer."""

    pdf: bytes  # b"" when the output is ZPL
    label_print_id: int
    encoded_data: tuple[Symbol, ...]  # every symbol on the label and exactly what it carries
    is_reprint: bool
    kind: str
    din: str
    vessel_code: str | None
    copies: int
    stock: str
    template: str  # "VESSEL-2x1in v1"
    zpl: bytes = b""  # the ZPL II label format (UTF-8) when output="zpl"


# --- templates ----------------------------------------------------------------------------------


def template_code(kind: str | LabelKind, stock: str) -> str:
    """The template code for a kind on a stock, e.g. ``VESSEL-2x1in``."""
    kind = _kind(kind)
    check_stock(kind, stock)
    return f"{kind.value.upper()}-{stock}"


def _kind(kind: str | LabelKind) -> LabelKind:
    try:
        return LabelKind(kind)
    except ValueError:
        raise InvalidValueError(
            "Label kind", kind, "one of " + ", ".join(k.value for k in LabelKind)
        ) from None


def _definition_text(kind: LabelKind, stock: str, printer_dpi: int | None) -> str:
    definition = label_definition(kind, stock, printer_dpi)
    return json.dumps(definition, sort_keys=True, ensure_ascii=False, indent=1)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seed_default_templates(session: Session, actor: Actor) -> None:
    """Version 1 of each kind on its default stock, approved, for a new site (idempotent).

    Part of site set-up, inside the caller's transaction. Like a shipped specification, a
    shipped layout carries no approver: the site's QA reviews it and approves its own
    version when it changes anything."""
    now = get_clock().now()
    for kind, stock in DEFAULT_STOCKS.items():
        code = template_code(kind, stock)
        if session.scalar(select(LabelTemplate.id).where(LabelTemplate.code == code).limit(1)):
            continue
        definition = _definition_text(kind, stock, None)
        session.add(
            LabelTemplate(
                code=code,
                kind=kind.value,
                version_number=1,
                stock=stock,
                definition=definition,
                definition_hash=_sha256(definition),
                state="approved",
                approved_at=now,
                approved_by_id=None,
                **stamp(actor),
            )
        )
    session.flush()


def draft_template(
    db: Database,
    actor: Actor,
    kind: str | LabelKind,
    stock: str,
    *,
    reason: str,
    printer_dpi: int | None = None,
) -> TemplateView:
    """A new version of the kind's template on ``stock`` (the layout labtracker draws, for a
    printer of ``printer_dpi``); a draft until a second QA person approves it."""
    kind = _kind(kind)
    code = template_code(kind, stock)
    reason = require_text("Reason for the change", reason, max_length=2000)
    definition = _definition_text(kind, stock, printer_dpi)
    with db.writing(actor, reason) as session:
        authorise(session, actor, Action.MANAGE_LABEL_TEMPLATES)
        version = next_draft_version(
            session,
            LabelTemplate,
            code,
            error=TemplateRefusedError,
            describe=lambda t: f"{t.code} v{t.version_number}",
        )
        template = LabelTemplate(
            code=code,
            kind=kind.value,
            version_number=version,
            stock=stock,
            definition=definition,
            definition_hash=_sha256(definition),
            state="draft",
            **stamp(actor),
        )
        session.add(template)
        session.flush()
        return _template_view(session, template)


def approve_template(
    db: Database, actor: Actor, template_id: int, username: str, password: str
) -> TemplateView:
    """QA approves a draft with an e-signature; the approved version it replaces is retired.

    The approver must not be the person who drafted it."""
    with db.reading() as session:  # no password prompt, no lockout count, without the right
        authorise(session, actor, Action.MANAGE_LABEL_TEMPLATES)
    confirm_identity(db, actor, username, password, purpose="signature")
    with db.writing(actor, "label template approved") as session:
        authorise(session, actor, Action.MANAGE_LABEL_TEMPLATES)
        template = session.get(LabelTemplate, template_id)
        if template is None:
            raise InvalidValueError("Label template", template_id, "an existing label template")
        name = f"{template.code} v{template.version_number}"
        if template.voided_at is not None:
            raise TemplateRefusedError(f"{name} was voided; it cannot be approved.")
        if template.state != "draft":
            raise TemplateRefusedError(f"{name} is {template.state}; only a draft can be approved.")
        if template.recorded_by_id == actor.user_id:
            raise TemplateRefusedError(
                f"{actor.full_name} drafted {name} and cannot also approve it: a second QA "
                "person must approve it."
            )
        if _sha256(template.definition) != template.definition_hash:
            raise TemplateRefusedError(
                f"{name} was changed after it was drafted (its definition no longer matches its "
                "hash); void it and draft a new version."
            )
        for previous in session.scalars(
            select(LabelTemplate).where(
                LabelTemplate.code == template.code,
                LabelTemplate.state == "approved",
                LabelTemplate.id != template.id,
            )
        ):
            previous.state = "retired"
        template.state = "approved"
        template.approved_at = get_clock().now()
        template.approved_by_id = actor.user_id
        add_signature(session, actor, template, Meaning.APPROVED)
        return _template_view(session, template)


def list_templates(
    db: Database, actor: Actor, kind: str | LabelKind | None = None
) -> list[TemplateView]:
    """Every template version, newest first within each code (drafts and retired included)."""
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        query = select(LabelTemplate).order_by(
            LabelTemplate.code, LabelTemplate.version_number.desc()
        )
        if kind is not None:
            query = query.where(LabelTemplate.kind == _kind(kind).value)
        return [_template_view(session, t) for t in session.scalars(query)]


def _template_view(session: Session, template: LabelTemplate) -> TemplateView:
    return TemplateView(
        template.id,
        template.code,
        template.kind,
        template.stock,
        template.version_number,
        template.state,
        template.definition,
        template.definition_hash,
        user_name(session, template.recorded_by_id) or "",
        user_name(session, template.approved_by_id),
        template.approved_at,
        _sha256(template.definition) == template.definition_hash,
        template.voided_at is not None,
    )


def _printable_template(session: Session, kind: LabelKind, stock: str) -> tuple[LabelTemplate, int]:
    """The approved template for the kind on this stock, and the printer resolution it was
    approved for; refused when there is none or it no longer matches what would print."""
    code = template_code(kind, stock)
    template = session.scalar(
        select(LabelTemplate)
        .where(
            LabelTemplate.code == code,
            LabelTemplate.state == "approved",
            LabelTemplate.voided_at.is_(None),
        )
        .order_by(LabelTemplate.version_number.desc())
        .limit(1)
    )
    if template is None:
        raise TemplateRefusedError(
            f"There is no approved label template for {kind.value} labels on {stock} ({code}); "
            "QA must draft and approve one before these labels can be printed."
        )
    name = f"{code} v{template.version_number}"
    if _sha256(template.definition) != template.definition_hash:
        raise TemplateRefusedError(
            f"Label template {name} was changed after its approval; nothing is printed from "
            "it. QA must approve a new version."
        )
    try:
        approved = json.loads(template.definition)
        dpi = int(approved["printer_dpi"])
        current = json.loads(_definition_text(kind, stock, dpi))
    except (ValueError, KeyError, TypeError, LabtrackerError):
        approved, current, dpi = None, {}, 0
    if approved != current:
        raise TemplateRefusedError(
            f"Label template {name} describes a layout this version of labtracker does not "
            "draw (it was approved for another layout revision); QA must review and approve "
            "the current layout as a new version before it prints."
        )
    return template, dpi


# --- printing -----------------------------------------------------------------------------------


def _copies(copies: object) -> int:
    if isinstance(copies, bool) or not isinstance(copies, int) or not 1 <= copies <= MAX_COPIES:
        raise InvalidValueError("Copies", copies, f"a whole number from 1 to {MAX_COPIES}")
    return copies


def _target(session: Session, kind: LabelKind, text: str) -> tuple[Lot, Vessel | None]:
    """The lot (and for a vessel label, the vessel) a scanned or typed code names."""
    scanned = classify_scan(session, text)
    if scanned.kind in (ScanKind.INVALID, ScanKind.UNKNOWN):
        raise InvalidValueError("DIN or vessel ID", text, "a DIN or a vessel ID", scanned.problem)
    if kind is LabelKind.VESSEL:
        if scanned.kind != ScanKind.VESSEL:
            raise InvalidValueError(
                "Vessel ID",
                text,
                "a vessel ID",
                f"A vessel label is printed for one vessel: give its vessel ID (e.g. "
                f"A999926000001-P1-2); {scanned.text} is a {scanned.kind.label}.",
            )
        vessel = session.scalar(select(Vessel).where(Vessel.code == scanned.code))
        if vessel is None:
            raise InvalidValueError(
                "Vessel ID",
                text,
                "the ID of a vessel in this laboratory",
                f"There is no vessel {scanned.code} in this laboratory.",
            )
        if vessel.voided_at is not None:
            raise LabelPrintRefusedError(
                f"Vessel {vessel.code} was voided (entered in error); no label is printed for it."
            )
        if vessel.state != "in_culture":
            raise LabelPrintRefusedError(
                f"Vessel {vessel.code} is {vessel.state.replace('_', ' ')}; labels are printed "
                "only for vessels in culture."
            )
        return vessel.lot, vessel
    if scanned.kind != ScanKind.DIN:
        raise InvalidValueError(
            "DIN",
            text,
            "the lot's DIN",
            f"A {kind.value} label is printed for the lot: give its DIN, not a "
            f"{scanned.kind.label} ({scanned.text}).",
        )
    return lot_by_din(session, scanned.text), None


def _refuse_closed(lot: Lot) -> None:
    if lot.voided_at is not None:
        raise LabelPrintRefusedError(
            f"Lot {lot.din} was voided (entered in error); no label is printed for it."
        )
    if lot.status in CLOSED:
        raise LabelPrintRefusedError(
            f"Lot {lot.din} is {lot.status.label.lower()}; no label is printed for a closed lot."
        )


def _din(lot: Lot) -> Din:
    return parse_din(lot.din)


def _product(session: Session, lot: Lot) -> ProductCode:
    product = session.get(ProductCode, lot.product_code_id) if lot.product_code_id else None
    if product is None:
        raise LabelPrintRefusedError(
            f"Lot {lot.din} has no product code; its label cannot say what it is."
        )
    return product


def _seeding(lot: Lot) -> ScaffoldSeeding | None:
    seedings = [s for s in lot.scaffold_seedings if s.voided_at is None]
    return max(seedings, key=lambda s: (s.seeded_at, s.id)) if seedings else None


def _label_data(
    session: Session, kind: LabelKind, lot: Lot, vessel: Vessel | None, tz: ZoneInfo
) -> object:
    din = _din(lot)
    if kind is LabelKind.ASPIRATE:
        aspirate = lot.aspirate
        if aspirate is None or aspirate.voided_at is not None:
            raise LabelPrintRefusedError(
                f"No aspirate collection is recorded for lot {lot.din}; record it first: the "
                "label carries the collection date and time."
            )
        patient = patient_view(lot.patient)
        return AspirateLabel(
            din, aspirate.collected_at.astimezone(tz), patient.display_name, patient.mrn
        )
    if kind is LabelKind.VESSEL:
        assert vessel is not None
        return VesselLabel(
            din,
            vessel.code,
            vessel.passage_number,
            vessel.seeded_at.astimezone(tz),
            vessel.vessel_type.code,
        )
    if kind is LabelKind.CUSTODY:
        event = session.scalar(
            select(CustodyEvent)
            .where(CustodyEvent.lot_id == lot.id, CustodyEvent.voided_at.is_(None))
            .order_by(CustodyEvent.occurred_at.desc(), CustodyEvent.id.desc())
            .limit(1)
        )
        if event is None:
            raise LabelPrintRefusedError(
                f"No hand-over is recorded for lot {lot.din}; record the packing or dispatch "
                "first: the custody label says who it goes from and to."
            )
        return CustodyLabel(
            din,
            f"{event.from_location} ({event.from_name})",
            f"{event.to_location} ({event.to_name})",
            event.occurred_at.astimezone(tz),
            _product(session, lot).storage_temperature or "see product information",
            event.to_name,
            EVENT_LABELS.get(event.event, event.event),
        )
    if kind is LabelKind.QUARANTINE:
        if lot.status != LotStatus.SEEDED:
            raise LabelPrintRefusedError(
                f"Lot {lot.din} is {lot.status.label.lower()}; the quarantine label is for a "
                "construct seeded on its scaffold and awaiting release."
            )
        seeding = _seeding(lot)
        return QuarantineLabel(
            din,
            seeding.seeded_at.astimezone(tz) if seeding else None,
            _product(session, lot).description,
        )
    return _release_data(session, lot, din, tz)


def _release_data(session: Session, lot: Lot, din: Din, tz: ZoneInfo) -> ReleaseLabel:
    if lot.status not in RELEASED:
        raise LabelPrintRefusedError(
            f"Lot {lot.din} is {lot.status.label.lower()}; a release label is printed only for "
            "a lot released by QA."
        )
    now = get_clock().now()
    if lot.expires_at is None or lot.expires_at <= now:
        when = f" at {lot.expires_at.astimezone(tz):%Y-%m-%d %H:%M}" if lot.expires_at else ""
        raise LabelPrintRefusedError(
            f"Lot {lot.din} expired{when}; no release label is printed for an expired construct."
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
    if decision is None:
        raise LabelPrintRefusedError(
            f"Lot {lot.din} has no QA release decision on record; no release label is printed."
        )
    seeding = _seeding(lot)
    if seeding is None:
        raise LabelPrintRefusedError(
            f"Lot {lot.din} has no scaffold seeding on record; the release label names the "
            "scaffold lot."
        )
    scaffold = seeding.scaffold_lot
    product = _product(session, lot)
    patient = patient_view(lot.patient)
    site = the_site(session)
    return ReleaseLabel(
        din,
        product.description,
        patient.display_name,
        patient.mrn,
        patient.date_of_birth,
        lot.expires_at.astimezone(tz),
        product.storage_temperature or "see product information",
        user_name(session, decision.decided_by_id) or "",
        decision.decided_at.astimezone(tz),
        f"{scaffold.manufacturer_lot} ({scaffold.code})",
        f"{site.name} · {site.facility_code}",
    )


def print_labels(
    db: Database,
    actor: Actor,
    din_or_vessel_code: str,
    kind: str | LabelKind,
    *,
    copies: int,
    stock: str,
    printer: str = "",
    reprint_reason: str | None = None,
    output: str = "pdf",
) -> PrintedLabels:
    """Print ``copies`` labels of ``kind`` for a lot (scanned DIN barcode, the DIN of the lot
    on screen, or a DIN typed with its check character) or, for a vessel label, a vessel ID;
    record the print in the same transaction.

    ``output`` is ``"pdf"`` (``PrintedLabels.pdf``) or ``"zpl"`` (``PrintedLabels.zpl``, ZPL II
    for a Zebra printer at the template's resolution; roll stocks only). The record is the
    same either way; ``printer`` says where it went.

    Refused: a release label for a lot not released (or expired); any label for a voided,
    discarded or implanted lot; a second print of the same kind for the same lot or vessel
    without a reason (it is a reprint, marked REPRINT); a stock the kind does not fit; a
    template not approved or changed since approval."""
    kind = _kind(kind)
    check_stock(kind, stock)
    copies = _copies(copies)
    if output not in OUTPUTS:
        raise InvalidValueError("Output", output, " or ".join(OUTPUTS))
    printer = " ".join((printer or "").split())[:200]
    reason = " ".join((reprint_reason or "").split()) or None
    if reason is not None:
        reason = require_text("Reason for the reprint", reason, max_length=2000)
    with db.writing(actor, reason or f"{kind.value} label printed") as session:
        lot, vessel, template, dpi, earlier, tz = _prepare(
            session, actor, kind, din_or_vessel_code, stock
        )
        if earlier is not None and reason is None:
            raise LabelPrintRefusedError(_already_printed(kind, lot, vessel, earlier, tz))
        is_reprint = earlier is not None
        data = _label_data(session, kind, lot, vessel, tz)
        encoded = symbols(kind, data, stock)
        if output == "zpl":
            pdf = b""
            zpl = render_zpl(kind, data, stock, copies=copies, reprint=is_reprint, printer_dpi=dpi)
        else:
            zpl = b""
            pdf = render_label(
                kind, data, stock, copies=copies, reprint=is_reprint, printer_dpi=dpi
            )
        record = LabelPrint(
            lot_id=lot.id,
            template_id=template.id,
            kind=kind.value,
            vessel_id=vessel.id if vessel is not None else None,
            printed_at=get_clock().now(),
            printed_by_id=actor.user_id,
            copies=copies,
            printer=printer,
            is_reprint=is_reprint,
            reprint_reason=reason if is_reprint else None,
            encoded_data="\n".join(str(s) for s in encoded),
            **stamp(actor),
        )
        session.add(record)
        session.flush()
        return PrintedLabels(
            pdf,
            record.id,
            encoded,
            is_reprint,
            kind.value,
            lot.din,
            vessel.code if vessel is not None else None,
            copies,
            stock,
            f"{template.code} v{template.version_number}",
            zpl,
        )


def _prepare(
    session: Session, actor: Actor, kind: LabelKind, target: str, stock: str
) -> tuple[Lot, Vessel | None, LabelTemplate, int, LabelPrint | None, ZoneInfo]:
    """What printing (or previewing) a label needs, with every refusal but the reprint's."""
    authorise(session, actor, PRINT_ACTIONS[kind])
    lot, vessel = _target(session, kind, target)
    _refuse_closed(lot)
    template, dpi = _printable_template(session, kind, stock)
    earlier = session.scalar(
        select(LabelPrint)
        .where(
            LabelPrint.lot_id == lot.id,
            LabelPrint.kind == kind.value,
            LabelPrint.vessel_id.is_(None) if vessel is None else LabelPrint.vessel_id == vessel.id,
            LabelPrint.voided_at.is_(None),
        )
        .order_by(LabelPrint.printed_at, LabelPrint.id)
        .limit(1)
    )
    return lot, vessel, template, dpi, earlier, ZoneInfo(the_site(session).timezone)


def _already_printed(
    kind: LabelKind, lot: Lot, vessel: Vessel | None, earlier: LabelPrint, tz: ZoneInfo
) -> str:
    what = f"vessel {vessel.code}" if vessel is not None else f"lot {lot.din}"
    return (
        f"The {kind.value} label of {what} was already printed (print #{earlier.id}, "
        f"{earlier.printed_at.astimezone(tz):%Y-%m-%d %H:%M}). Printing it again is a reprint: "
        "give the reason (e.g. label damaged)."
    )


def label_stocks(kind: str | LabelKind) -> list[tuple[str, str]]:
    """(code, description) of each label stock this kind is printed on, for a chooser."""
    return [(code, STOCKS[code].description) for code in SUPPORTED[_kind(kind)]]


@dataclass(frozen=True)
class LabelPreview:
    """One label as it would print now; nothing is recorded. ``reprint_needs_reason`` says
    the label was printed before, so printing it again needs a reason (``earlier`` says
    when)."""

    pdf: bytes
    kind: str
    din: str
    vessel_code: str | None
    stock: str
    template: str
    reprint_needs_reason: bool
    earlier: str | None


def preview_label(
    db: Database, actor: Actor, din_or_vessel_code: str, kind: str | LabelKind, *, stock: str
) -> LabelPreview:
    """Show a label before printing it: the same permission, template and refusals as
    `print_labels` (a release label for an unreleased lot is refused here too), one copy,
    marked REPRINT when it would be one; nothing is recorded."""
    kind = _kind(kind)
    check_stock(kind, stock)
    with db.reading() as session:
        lot, vessel, template, dpi, earlier, tz = _prepare(
            session, actor, kind, din_or_vessel_code, stock
        )
        data = _label_data(session, kind, lot, vessel, tz)
        pdf = render_label(
            kind, data, stock, copies=1, reprint=earlier is not None, printer_dpi=dpi
        )
        return LabelPreview(
            pdf,
            kind.value,
            lot.din,
            vessel.code if vessel is not None else None,
            stock,
            f"{template.code} v{template.version_number}",
            earlier is not None,
            _already_printed(kind, lot, vessel, earlier, tz) if earlier is not None else None,
        )


# --- reconciliation -----------------------------------------------------------------------------


def _count(field: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidValueError(field, value, "a whole number, 0 or more")
    return value


def reconcile(
    db: Database,
    actor: Actor,
    label_print_id: int,
    *,
    applied: int,
    destroyed: int,
    notes: str = "",
) -> ReconciliationRow:
    """Record what became of a print's labels: applied + destroyed must equal the copies
    printed. Destroyed labels need a note saying why."""
    applied = _count("Applied", applied)
    destroyed = _count("Destroyed", destroyed)
    notes = optional_text("Notes", notes, max_length=2000)
    if destroyed and not notes:
        raise InvalidValueError(
            "Notes",
            notes,
            "filled in",
            "Say why labels were destroyed (e.g. misprint, vessel discarded).",
        )
    with db.writing(actor, "labels reconciled") as session:
        record = session.get(LabelPrint, label_print_id)
        if record is None:
            raise InvalidValueError("Label print", label_print_id, "an existing label print")
        authorise(session, actor, PRINT_ACTIONS[LabelKind(record.kind)])
        what = f"Label print #{record.id} ({record.kind}, {copies_text(record.copies)})"
        if record.voided_at is not None:
            raise LabelPrintRefusedError(f"{what} was voided; there is nothing to reconcile.")
        done = session.scalar(
            select(LabelDisposition)
            .where(
                LabelDisposition.label_print_id == record.id,
                LabelDisposition.voided_at.is_(None),
            )
            .limit(1)
        )
        if done is not None:
            raise LabelPrintRefusedError(
                f"{what} was already reconciled ({done.applied} applied, {done.destroyed} "
                "destroyed); a wrong count is corrected with a reason, not entered twice."
            )
        if applied + destroyed != record.copies:
            raise LabelPrintRefusedError(
                f"{what}: applied {applied} + destroyed {destroyed} = {applied + destroyed}, "
                f"not {record.copies}. Every printed label is either on a container or "
                "destroyed; count them again."
            )
        session.add(
            LabelDisposition(
                label_print_id=record.id,
                applied=applied,
                destroyed=destroyed,
                reconciled_at=get_clock().now(),
                notes=notes,
                **stamp(actor),
            )
        )
        session.flush()
        return reconciliation_rows(session, [record])[0]
