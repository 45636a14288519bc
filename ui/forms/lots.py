"""The start of a lot: a new DIN for an eligible, consented patient; the aspirate as
collected; its receipt at the lab, judged live against the site's limits."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import Action
from ui.forms.base import FieldError, Saved, datetime_edit, number_edit
from ui.forms.kit import ChoiceButtons, LiveStepForm, escape, set_state
from ui.forms.patients import PatientStepForm
from ui.widgets import primary_button

if TYPE_CHECKING:
    from labtracker.services.scan import ScanResolution
    from ui.context import WorkContext

# Where marrow is taken for BMSCs; the list is a convenience, any text is accepted.
COLLECTION_SITES = (
    "left posterior iliac crest",
    "right posterior iliac crest",
    "left anterior iliac crest",
    "right anterior iliac crest",
)
CONDITIONS = (
    ("acceptable", QT_TRANSLATE_NOOP("ReceiptForm", "Acceptable")),
    ("leaking", QT_TRANSLATE_NOOP("ReceiptForm", "Leaking")),
    ("clotted", QT_TRANSLATE_NOOP("ReceiptForm", "Clotted")),
    ("label_damaged", QT_TRANSLATE_NOOP("ReceiptForm", "Label damaged")),
    ("other", QT_TRANSLATE_NOOP("ReceiptForm", "Other")),
)


class StartLotForm(PatientStepForm):
    """A new lot (and its DIN) for a patient whose latest eligibility is eligible and signed
    and whose consent is in force; the DIN is shown with its check character to copy."""

    title = QT_TRANSLATE_NOOP("StartLotForm", "Start a lot")
    required_action = Action.REGISTER_PATIENT
    applies_to = ()

    def __init__(
        self, ctx: WorkContext, mrn: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, mrn, parent)
        self.consent_status = self.add_computed("consent", self.tr("Consent"))
        self.eligibility_status = self.add_wide_computed("eligibility", self.tr("Eligibility"))
        self.add_verdict()
        self.save_button.setText(self.tr("Start the lot"))
        self.ready()

    def live(self) -> None:
        self.find_patient()
        if self.enrolment is None:
            self.eligibility_status.setText("–")
            self.consent_status.setText("–")
            set_state(self.verdict, "none", self.tr("Scan the patient's wristband."))
            return
        line, _state = self.eligibility_line()
        self.eligibility_status.setText(line)
        consent = self.enrolment.consent
        self.consent_status.setText(
            self.tr("{version} of {when}").format(
                version=consent.form_version, when=f"{consent.consent_date:%Y-%m-%d}"
            )
            if consent
            else self.tr("none in force")
        )
        if self.enrolment.lot_may_start:
            set_state(self.verdict, "pass", self.tr("READY: a lot can start for this patient."))
        else:
            set_state(
                self.verdict,
                "fail",
                self.tr("BLOCKED: {why}").format(why=self.enrolment.lot_blocker),
            )

    def save(self) -> Saved:
        from labtracker.services.lots import start_lot

        if self.patient is None:
            raise FieldError("mrn", self.tr("Scan the wristband or type the patient's MRN."))
        started = start_lot(self.ctx.db, self.ctx.actor, self.patient.mrn)
        return Saved(
            self.tr("Lot {din} {check} started for {name}").format(
                din=started.din_display, check=started.check_character, name=self.patient.mrn
            ),
            record_table="lot",
            record_id=started.lot_id,
            din=started.din,
            result=started,
        )

    def after_save(self, result: Saved) -> str:
        started = result.result
        self.done_code = (started.din_display, started.check_character)
        return self.tr(
            "Lot started for {name} (MRN {mrn}). Next: collect the aspirate and record it on "
            "this lot. Its DIN:"
        ).format(name=escape(self.patient.display_name), mrn=escape(started.mrn))


class AspirateForm(LiveStepForm):
    """The marrow aspirate as collected: site, volume, anticoagulant and its lot (scanned),
    who collected it and when, and the transport temperature."""

    title = QT_TRANSLATE_NOOP("AspirateForm", "Aspirate collection")
    required_action = Action.RECORD_CULTURE_STEP
    applies_to = (LotStatus.CREATED,)

    def __init__(self, ctx: WorkContext, din: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, din, parent)
        site = QComboBox()
        site.setEditable(True)
        site.addItems(COLLECTION_SITES)
        self.collection_site = self.add_field(
            "collection_site",
            self.tr("Collection site"),
            site,
            hint=self.tr("Choose or type where the marrow was taken."),
            aliases=("Collection site",),
        )
        self.volume = self.add_field(
            "volume_ml",
            self.tr("Volume"),
            number_edit(self.tr("e.g. 16")),
            unit="mL",
            hint=self.tr("More than 0, at most 100 mL; 12–20 mL is usual."),
            aliases=("Aspirate volume",),
        )
        self.anticoagulant = self.add_field(
            "anticoagulant",
            self.tr("Anticoagulant"),
            QLineEdit("heparin"),
            aliases=("Anticoagulant",),
        )
        self.anticoagulant_lot = self.add_field(
            "anticoagulant_lot",
            self.tr("Anticoagulant lot"),
            QLineEdit(),
            hint=self.tr("Scan the RL label on the anticoagulant (optional)."),
            aliases=("Anticoagulant lot",),
        )
        self.anticoagulant_lot.setPlaceholderText("RL000000")
        self.route_scans(self.anticoagulant_lot)
        self.collected_at = self.add_field(
            "collected_at",
            self.tr("Collected at"),
            datetime_edit(self.zone),
            hint=self.tr("Site time; not before the lot was started, not in the future."),
            aliases=("Collected at",),
        )
        self.collected_by = self.add_field(
            "collected_by",
            self.tr("Collected by"),
            QLineEdit(),
            hint=self.tr("Name of the doctor who took the aspirate."),
            aliases=("Collected by",),
        )
        self.transport = self.add_field(
            "transport_temperature_c",
            self.tr("Transport temperature"),
            number_edit(self.tr("e.g. 8")),
            unit="°C",
            hint=self.tr("−20 to 45 °C, as read on the transport box (optional)."),
            aliases=("Transport temperature",),
        )
        self.notes = self.add_field("notes", self.tr("Notes"), QPlainTextEdit())
        self.notes.setFixedHeight(80)
        self.ready()

    def live(self) -> None:
        from labtracker.domain.scan import ScanKind
        from labtracker.services.scan import resolve_scan

        volume = self.optional_number("volume_ml", 0, 100, self.tr("more than 0, at most 100 mL"))
        if volume is not None and volume <= 0:
            raise FieldError("volume_ml", self.tr("Volume must be more than 0 mL."))
        if volume is not None and not 12 <= volume <= 20:
            self.set_status(
                "volume_ml",
                self.tr("{v} mL is outside the usual 12–20 mL; check it.").format(v=f"{volume:g}"),
                "pending",
            )
        else:
            self.set_status("volume_ml", "")
        self.optional_number("transport_temperature_c", -20, 45, self.tr("−20 to 45 °C"))
        code = self.anticoagulant_lot.text().strip()
        if not code:
            self.set_status("anticoagulant_lot", "")
            return
        resolution = resolve_scan(self.ctx.db, self.ctx.actor, code)
        if resolution.kind is not ScanKind.MATERIAL_LOT:
            if len(code) >= 8:
                raise FieldError(
                    "anticoagulant_lot",
                    self.tr("That is not a reagent lot label (RL…): {what}").format(
                        what=resolution.summary
                    ),
                )
            return
        if resolution.problem:
            raise FieldError("anticoagulant_lot", resolution.problem)
        self.set_status("anticoagulant_lot", "✓ " + resolution.summary, "pass")

    def take_scan(self, resolution: ScanResolution) -> bool:
        from labtracker.domain.scan import ScanKind

        if resolution.kind is ScanKind.MATERIAL_LOT:
            self.anticoagulant_lot.setText(self.scanned_code())
            return True
        return False

    def save(self) -> Saved:
        from labtracker.services.lots import record_aspirate

        volume = self.number("volume_ml")
        record_aspirate(
            self.ctx.db,
            self.ctx.actor,
            self.lot.din,
            collection_site=self.plain_text("collection_site"),
            volume_ml=volume,
            anticoagulant=self.anticoagulant.text(),
            anticoagulant_lot=self.anticoagulant_lot.text().strip() or None,
            collected_at=self.moment("collected_at"),
            collected_by_name=self.collected_by.text(),
            transport_temperature_c=self.number("transport_temperature_c", required=False),
            notes=self.plain_text("notes"),
        )
        return Saved(
            self.tr("{v} mL from the {site}").format(
                v=f"{volume:g}", site=self.plain_text("collection_site")
            ),
            record_table="aspirate_collection",
            din=self.lot.din,
        )


class ReceiptForm(LiveStepForm):
    """The aspirate's arrival at the lab. Judged live against the site's receipt limits
    (hours since collection, temperature, condition): outside them the receipt is still
    recorded, and processing waits for a deviation linked to it."""

    title = QT_TRANSLATE_NOOP("ReceiptForm", "Aspirate receipt in the lab")
    required_action = Action.RECORD_CULTURE_STEP
    applies_to = (LotStatus.ASPIRATE_COLLECTED,)

    def __init__(self, ctx: WorkContext, din: str, parent: QWidget | None = None) -> None:
        from labtracker.services.lots import collection_record
        from labtracker.services.site import current_process_rules

        super().__init__(ctx, din, parent)
        self.rules = current_process_rules(ctx.db)
        self.aspirate = collection_record(ctx.db, ctx.actor, self.lot.din).aspirate
        rules = self.rules
        self.received_at = self.add_field(
            "received_at",
            self.tr("Received at"),
            datetime_edit(self.zone),
            hint=self.tr("Site time; not before collection, not in the future."),
            aliases=("Received at",),
        )
        self.temperature = self.add_field(
            "temperature_c",
            self.tr("Temperature on receipt"),
            number_edit(self.tr("e.g. 8")),
            unit="°C",
            hint=self.tr("Site limits {low:g}–{high:g} °C (the box's logger or probe).").format(
                low=rules.receipt_min_temperature_c, high=rules.receipt_max_temperature_c
            ),
            aliases=("Temperature on receipt",),
        )
        self.condition = self.add_field(
            "condition",
            self.tr("Condition"),
            ChoiceButtons([(value, self.tr(text)) for value, text in CONDITIONS]),
            hint=self.tr("The tube's integrity: anything but Acceptable needs a deviation."),
            aliases=("Condition",),
        )
        collected = (
            self.tr("Collected: {v:g} mL.").format(v=self.aspirate.volume_ml)
            if self.aspirate
            else ""
        )
        self.volume = self.add_field(
            "volume_ml",
            self.tr("Volume received"),
            number_edit(self.tr("e.g. 16")),
            unit="mL",
            hint=self.tr("As read on the tube (optional). {collected}").format(collected=collected),
            aliases=("Volume received",),
        )
        self.notes = self.add_field("notes", self.tr("Notes"), QPlainTextEdit())
        self.notes.setFixedHeight(80)
        if self.aspirate is not None:
            when = self.aspirate.collected_at.astimezone(self.zone)
            self.add_computed("collected", self.tr("Collected")).setText(
                f"{when:%Y-%m-%d %H:%M}, {self.aspirate.volume_ml:g} mL"
            )
        self.since = self.add_computed("since_collection", self.tr("Since collection"))
        self.add_verdict()
        self.problems: tuple[str, ...] = ()
        self.ready()

    def live(self) -> None:
        from labtracker.domain.process_rules import receipt_problems

        temperature = self.optional_number("temperature_c", -20, 45, self.tr("−20 to 45 °C"))
        volume = self.optional_number("volume_ml", 0, 100, self.tr("more than 0, at most 100 mL"))
        if volume is not None and self.aspirate is not None and volume > self.aspirate.volume_ml:
            self.set_status(
                "volume_ml",
                self.tr("More than the {v:g} mL collected: check the reading.").format(
                    v=self.aspirate.volume_ml
                ),
                "pending",
            )
        else:
            self.set_status("volume_ml", "")
        if self.aspirate is None:
            set_state(self.verdict, "fail", self.tr("No aspirate is recorded for this lot."))
            return
        hours = (self.moment("received_at") - self.aspirate.collected_at) / timedelta(hours=1)
        if hours < 0:
            raise FieldError("received_at", self.tr("Received before the aspirate was collected."))
        self.since.setText(
            self.tr("{h:.1f} h (limit {limit:g} h)").format(
                h=hours, limit=self.rules.receipt_max_hours
            )
        )
        condition = self.condition.value()
        if temperature is None or condition is None:
            self.problems = ()
            set_state(
                self.verdict,
                "none",
                self.tr("Limits: enter the temperature and choose the condition."),
            )
            return
        self.problems = receipt_problems(
            self.rules, hours_since_collection=hours, temperature_c=temperature, condition=condition
        )
        if self.problems:
            set_state(
                self.verdict,
                "fail",
                self.tr(
                    "OUTSIDE LIMITS: {problems}. The receipt can be saved, but a deviation is "
                    "required before processing."
                ).format(problems="; ".join(self.problems)),
            )
        else:
            set_state(
                self.verdict, "pass", self.tr("WITHIN LIMITS: the aspirate can be processed.")
            )

    def save(self) -> Saved:
        from labtracker.services.lots import receive_aspirate

        if self.condition.value() is None:
            raise FieldError("condition", self.tr("Choose the condition the tube arrived in."))
        volume = self.number("volume_ml", required=False)
        notes = self.plain_text("notes")
        if volume is not None:
            # The receipt has no volume column: the reading goes into its notes, on record.
            notes = self.tr("Volume on receipt: {v:g} mL").format(v=volume) + (
                f"\n{notes}" if notes else ""
            )
        receipt = receive_aspirate(
            self.ctx.db,
            self.ctx.actor,
            self.lot.din,
            received_at=self.moment("received_at"),
            condition=self.condition.value(),
            temperature_c=self.number("temperature_c"),
            notes=notes,
        )
        if receipt.within_limits:
            summary = self.tr("Received within limits, {t:g} °C").format(t=receipt.temperature_c)
        else:
            summary = self.tr("Received OUTSIDE LIMITS: {problems}").format(
                problems="; ".join(receipt.problems)
            )
        return Saved(summary, record_table="aspirate_receipt", din=self.lot.din, result=receipt)

    def after_save(self, result: Saved) -> str | None:
        receipt = result.result
        if receipt.within_limits:
            return None
        self.done_state = "fail"
        self.raise_deviation_button = primary_button(self.tr("&Raise the deviation now…"))
        self.raise_deviation_button.setObjectName("raiseDeviationButton")
        self.raise_deviation_button.clicked.connect(self.open_deviation)
        self.done_actions = [self.raise_deviation_button]
        return self.tr(
            "Receipt recorded <b>OUTSIDE LIMITS</b>: {problems}.<br>"
            "Isolation is refused until a deviation is linked to this receipt."
        ).format(problems=escape("; ".join(receipt.problems)))

    def open_deviation(self) -> None:
        from ui.forms.deviations import RaiseDeviationForm

        receipt = self.result.result
        self.deviation_form = RaiseDeviationForm(
            self.ctx,
            self.lot.din,
            link_receipt=True,
            title=self.tr("Aspirate received outside limits"),
            description="; ".join(receipt.problems),
            parent=self,
        )
        self.deviation_form.open()
