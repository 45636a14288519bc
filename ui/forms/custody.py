"""A hand-over of the released construct: recorded against the label scanned at that moment
(another lot's label stops everything), with both parties, places, temperature, logger and
seal, and the chain's last holder shown for the one handing over."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import Action
from ui.forms.base import FieldError, Saved, datetime_edit, number_edit
from ui.forms.kit import ChoiceButtons, LiveStepForm, set_state
from ui.hard_stop import show_hard_stop

if TYPE_CHECKING:
    from labtracker.services.scan import ScanResolution
    from ui.context import WorkContext

EVENTS = (
    ("packed", QT_TRANSLATE_NOOP("HandoverForm", "Packed")),
    ("dispatched", QT_TRANSLATE_NOOP("HandoverForm", "Dispatched")),
    ("handed_over", QT_TRANSLATE_NOOP("HandoverForm", "Handed over")),
    ("received", QT_TRANSLATE_NOOP("HandoverForm", "Received")),
    ("returned", QT_TRANSLATE_NOOP("HandoverForm", "Returned")),
)


class HandoverForm(LiveStepForm):
    """One custody event of a released or dispatched construct."""

    title = QT_TRANSLATE_NOOP("HandoverForm", "Custody hand-over")
    required_action = Action.RECORD_CUSTODY
    applies_to = (LotStatus.RELEASED, LotStatus.DISPATCHED)

    def __init__(self, ctx: WorkContext, din: str, parent: QWidget | None = None) -> None:
        from labtracker.services.custody import whereabouts

        super().__init__(ctx, din, parent)
        self.where = whereabouts(ctx.db, ctx.actor, self.lot.din)
        self.label = self.add_field(
            "label",
            self.tr("Construct label"),
            QLineEdit(),
            hint=self.tr(
                "Scan the DIN barcode on the construct's label now, or type the DIN with the "
                "check character printed in the box."
            ),
            aliases=("Label",),
        )
        self.route_scans(self.label)
        self.event = self.add_field(
            "event",
            self.tr("Event"),
            ChoiceButtons([(value, self.tr(text)) for value, text in EVENTS]),
            aliases=("Event",),
        )
        if self.lot.status is not LotStatus.RELEASED:
            allowed = [value for value, _ in EVENTS if value != "dispatched"]
            self.event.set_allowed(allowed)
        from labtracker.services.custody import MANUFACTURING_LAB

        # Before the first hand-over the construct is the lab's: the person here hands it on.
        giver = (
            ctx.actor.full_name if self.where.location == MANUFACTURING_LAB else self.where.holder
        )
        self.from_name = self.add_field(
            "from_name",
            self.tr("From (person)"),
            QLineEdit(giver),
            aliases=("From (person)",),
        )
        self.from_location = self.add_field(
            "from_location",
            self.tr("From (place)"),
            QLineEdit(self.where.location),
            hint=self.tr("Filled in from the last hand-over; correct it if it is not so."),
            aliases=("From (place)",),
        )
        self.to_name = self.add_field(
            "to_name", self.tr("To (person)"), QLineEdit(), aliases=("To (person)",)
        )
        self.to_location = self.add_field(
            "to_location",
            self.tr("To (place)"),
            QLineEdit(),
            hint=self.tr("e.g. Transport box T-3, Operating theatre 4"),
            aliases=("To (place)",),
        )
        self.temperature = self.add_field(
            "temperature_c",
            self.tr("Temperature"),
            number_edit(self.tr("e.g. 6")),
            unit="°C",
            hint=self.tr("Read now; −200 to 60 °C. The construct travels at 2–8 °C."),
            aliases=("Temperature",),
        )
        self.shipper = self.add_field("shipper", self.tr("Shipper"), QLineEdit())
        self.logger = self.add_field(
            "temperature_logger",
            self.tr("Temperature logger"),
            QLineEdit(),
            hint=self.tr("The logger's ID, if one travels with it."),
        )
        self.seal = self.add_field("seal_number", self.tr("Seal number"), QLineEdit())
        self.occurred_at = self.add_field(
            "occurred_at",
            self.tr("Occurred at"),
            datetime_edit(self.zone),
            hint=self.tr("Site time; not before the previous hand-over, not in the future."),
            aliases=("Occurred at",),
        )
        self.notes = self.add_field("notes", self.tr("Notes"), QPlainTextEdit())
        self.notes.setFixedHeight(70)
        since = self.where.since.astimezone(self.zone)
        self.expiry = self.add_computed("expires", self.tr("Expires"))
        self.add_wide_computed("holder", self.tr("Last holder")).setText(
            self.tr("{holder} — {location}, since {when}").format(
                holder=self.where.holder or "–",
                location=self.where.location,
                when=f"{since:%Y-%m-%d %H:%M}",
            )
        )
        self.add_verdict()
        self.ready()

    def live(self) -> None:
        from labtracker.clock import get_clock
        from labtracker.domain.scan import ScanKind, classify

        expires = self.lot.expires_at
        if expires is None:
            self.expiry.setText(self.tr("no expiry set"))
        else:
            hours = (expires - get_clock().now()).total_seconds() / 3600
            local = expires.astimezone(self.zone)
            self.expiry.setText(
                self.tr("{when} (in {h:.0f} h)").format(when=f"{local:%Y-%m-%d %H:%M}", h=hours)
                if hours > 0
                else self.tr("EXPIRED {when}").format(when=f"{local:%Y-%m-%d %H:%M}")
            )
        self.optional_number("temperature_c", -200, 60, self.tr("−200 to 60 °C"))
        typed = self.label.text().strip()
        if not typed:
            set_state(self.verdict, "none", self.tr("Scan the construct's label."))
            return
        scanned = classify(typed)
        if scanned.kind is ScanKind.DIN and scanned.din is not None:
            if scanned.din.code != self.lot.din:
                set_state(self.verdict, "fail", self.tr("WRONG LABEL: not this lot's construct."))
                # Not raised: Save must still be reachable, to stop it in red.
                self.show_field_error(
                    "label",
                    self.tr("This label is lot {other}, not lot {din}.").format(
                        other=scanned.din.code, din=self.lot.din_display
                    ),
                )
                return
            if not scanned.identity_confirmed:
                set_state(self.verdict, "pending", self.tr("CHECK CHARACTER MISSING"))
                raise FieldError(
                    "label",
                    self.tr(
                        "Type the check character printed in the box beside the DIN too, or "
                        "scan the barcode."
                    ),
                )
            set_state(
                self.verdict,
                "pass",
                self.tr("LABEL MATCHES lot {din} {check}.").format(
                    din=self.lot.din_display, check=self.lot.check_character
                ),
            )
            return
        set_state(self.verdict, "none", self.tr("Scan the construct's label."))
        if scanned.kind not in (ScanKind.INVALID, ScanKind.UNKNOWN) or len(typed) >= 13:
            raise FieldError(
                "label",
                self.tr("That is not the construct's DIN label ({what}).").format(
                    what=scanned.problem or scanned.kind.value.replace("_", " ")
                ),
            )

    def take_scan(self, resolution: ScanResolution) -> bool:
        from labtracker.domain.scan import ScanKind

        if resolution.kind is ScanKind.DIN:
            self.label.setText(self._last_scan.strip())
            return True
        return False

    def save(self) -> Saved:
        from labtracker.domain.scan import ScanKind, classify
        from labtracker.services.custody import record_handover

        typed = self.label.text().strip()
        if not typed:
            raise FieldError("label", self.tr("Scan the construct's label."))
        scanned = classify(typed)
        if (
            scanned.kind is ScanKind.DIN
            and scanned.din is not None
            and scanned.din.code != self.lot.din
        ):
            show_hard_stop(
                self,
                self.tr("wrong label"),
                self.tr(
                    "This label is lot {other}.\n\nThis hand-over is for lot {din} {check}, "
                    "patient {name} (MRN {mrn})."
                ).format(
                    other=scanned.din.code,
                    din=self.lot.din_display,
                    check=self.lot.check_character,
                    name=self.lot.patient_name,
                    mrn=self.lot.mrn,
                ),
            )
            raise FieldError("label", self.tr("Wrong label: nothing was recorded."))
        event = self.event.value()
        if event is None:
            raise FieldError("event", self.tr("Choose what happened."))
        view = record_handover(
            self.ctx.db,
            self.ctx.actor,
            typed,
            event=event,
            from_name=self.from_name.text(),
            to_name=self.to_name.text(),
            from_location=self.from_location.text(),
            to_location=self.to_location.text(),
            temperature_c=self.number("temperature_c", required=False),
            shipper=self.shipper.text(),
            temperature_logger=self.logger.text(),
            seal_number=self.seal.text(),
            occurred_at=self.moment("occurred_at"),
            expected_din=self.lot.din,
            notes=self.plain_text("notes"),
        )
        return Saved(
            self.tr("{event}: {giver} → {taker} ({place})").format(
                event=view.event_label,
                giver=view.from_name,
                taker=view.to_name,
                place=view.to_location,
            ),
            record_table="custody_event",
            record_id=view.event_id,
            din=view.din,
            result=view,
        )
