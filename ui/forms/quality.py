"""QC samples and their results: a sample for one test of the release specification in force
(its code shown to copy onto the tube), and a result judged live against the criterion in
force when the sample was taken, PASS or FAIL in colour and in words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import Action
from ui.forms.base import FieldError, Saved, datetime_edit, number_edit
from ui.forms.kit import ChoiceButtons, LiveStepForm, escape, set_state, translate
from ui.hard_stop import show_hard_stop

if TYPE_CHECKING:
    from labtracker.domain.specifications import EvaluationContext, SpecItem
    from labtracker.services.quality import QcSampleDetail
    from labtracker.services.scan import ScanResolution
    from ui.context import WorkContext

STAGES = (
    "final construct",
    "before scaffold seeding",
    "end of induction",
    "P1 harvest",
    "P0 harvest",
    "aspirate",
    "spent medium",
)
LABORATORIES = ("QC laboratory", "Hospital microbiology", "External contract laboratory")
# Results a text criterion is usually read as; the required one is offered first.
TEXT_RESULTS = (
    "no growth",
    "growth",
    "no organisms seen",
    "organisms seen",
    "negative",
    "positive",
)
# Statuses in which a lot has QC samples that may still await their results.
RESULT_STATUSES = (
    LotStatus.RECEIVED,
    LotStatus.IN_CULTURE,
    LotStatus.IN_INDUCTION,
    LotStatus.SEEDED,
    LotStatus.RELEASED,
    LotStatus.REJECTED,
    LotStatus.DISPATCHED,
)


def km_arithmetic(item: SpecItem, context: EvaluationContext) -> str:
    """The K/M endotoxin limit worked out, as a reviewer checks it."""
    from labtracker.domain.specifications import km_limit, quantity

    if context.patient_weight_kg is None or context.dose_volume_ml is None:
        missing = []
        if context.patient_weight_kg is None:
            missing.append(translate("QcResultForm", "the patient's weight"))
        if context.dose_volume_ml is None:
            missing.append(translate("QcResultForm", "the dose volume (scaffold seeding)"))
        return translate("QcResultForm", "K/M needs {missing}: not recorded").format(
            missing=translate("QcResultForm", " and ").join(missing)
        )
    limit = km_limit(item.k_eu_per_kg, context.patient_weight_kg, context.dose_volume_ml)
    return translate(
        "QcResultForm",
        "K × weight ÷ dose volume = {k} × {weight} ÷ {dose} = {limit}; pass {symbol} {limit}",
    ).format(
        k=quantity(item.k_eu_per_kg, "EU/kg"),
        weight=quantity(context.patient_weight_kg, "kg"),
        dose=quantity(context.dose_volume_ml, "mL"),
        limit=quantity(limit, item.unit),
        symbol=item.comparator.symbol,
    )


class TakeQcSampleForm(LiveStepForm):
    """A sample for one test of the RELEASE specification in force; its code (DIN-QCnn) is
    shown after saving, to write or print on the tube."""

    title = QT_TRANSLATE_NOOP("TakeQcSampleForm", "Take a QC sample")
    required_action = Action.RECORD_QC_RESULT
    applies_to = (
        LotStatus.RECEIVED,
        LotStatus.IN_CULTURE,
        LotStatus.IN_INDUCTION,
        LotStatus.SEEDED,
    )

    def __init__(self, ctx: WorkContext, din: str, parent: QWidget | None = None) -> None:
        from labtracker.domain.specifications import describe_limit
        from labtracker.services.quality import qc_samples
        from labtracker.services.specifications import RELEASE, specification_in_force

        super().__init__(ctx, din, parent)
        self.spec = specification_in_force(ctx.db, ctx.actor, RELEASE)
        self.items = {item.test_code: item for item in (self.spec.items if self.spec else ())}
        self.samples = qc_samples(ctx.db, ctx.actor, self.lot.din)
        self.test = self.add_field(
            "test",
            self.tr("Test"),
            ChoiceButtons(
                [
                    (code, f"{item.label}  ({describe_limit(item)})")
                    for code, item in self.items.items()
                ],
                columns=2,
            ),
            hint=(
                self.tr("The tests of {spec}, in force now.").format(spec=self.spec.label)
                if self.spec
                else ""
            ),
            aliases=("Test",),
        )
        stage = QComboBox()
        stage.setEditable(True)
        stage.addItems(STAGES)
        if self.lot.status is not LotStatus.SEEDED:
            stage.setCurrentText("")
        self.stage = self.add_field(
            "stage",
            self.tr("Stage"),
            stage,
            hint=self.tr("Where in the process it was taken (at most 40 characters)."),
            aliases=("Stage",),
        )
        sent_to = QComboBox()
        sent_to.setEditable(True)
        sent_to.addItems(LABORATORIES)
        self.sent_to = self.add_field(
            "sent_to",
            self.tr("Sent to"),
            sent_to,
            hint=self.tr("The laboratory that tests it (at most 120 characters)."),
            aliases=("Sent to",),
        )
        self.taken_at = self.add_field(
            "taken_at",
            self.tr("Taken at"),
            datetime_edit(self.zone),
            hint=self.tr("Site time; not in the future."),
            aliases=("Taken at",),
        )
        self.criterion = self.add_computed("criterion", self.tr("Criterion"))
        self.earlier = self.add_computed("earlier", self.tr("Earlier samples of this test"))
        if self.spec is None:
            self.banner.setText(
                self.tr("No RELEASE specification is in force: QA must approve one first.")
            )
            self.save_button.setEnabled(False)
        self.ready()
        if self.spec is None:
            self.banner.show()

    def live(self) -> None:
        from labtracker.domain.specifications import describe_limit

        if self.spec is None:
            self.banner.setText(
                self.tr("No RELEASE specification is in force: QA must approve one first.")
            )
            self.banner.show()
            return
        if len(self.plain_text("stage")) > 40:
            raise FieldError("stage", self.tr("Stage must be at most 40 characters."))
        code = self.test.value()
        if code is None:
            self.criterion.setText("–")
            self.earlier.setText("–")
            return
        item = self.items[code]
        self.criterion.setText(f"{item.label} {describe_limit(item)} ({self.spec.label})")
        earlier = [s for s in self.samples if s.test_code == code]
        self.earlier.setText(
            ", ".join(f"{s.code[-4:]} ({s.result or self.tr('awaiting result')})" for s in earlier)
            or self.tr("none")
        )

    def save(self) -> Saved:
        from labtracker.services.quality import take_qc_sample

        code = self.test.value()
        if code is None:
            raise FieldError("test", self.tr("Choose the test this sample is for."))
        sample = take_qc_sample(
            self.ctx.db,
            self.ctx.actor,
            self.lot.din,
            test_code=code,
            stage=self.plain_text("stage"),
            taken_at=self.moment("taken_at"),
            sent_to=self.plain_text("sent_to"),
        )
        return Saved(
            self.tr("Sample {code} for {test}").format(code=sample.code, test=sample.label),
            record_table="qc_sample",
            din=self.lot.din,
            result=sample,
        )

    def after_save(self, result: Saved) -> str:
        sample = result.result
        self.done_code = (sample.code, None)
        return self.tr(
            "Sample taken for <b>{test}</b> ({stage}); its result is judged against {spec}. "
            "Write its code on the tube:"
        ).format(
            test=escape(sample.label),
            stage=escape(sample.stage),
            spec=escape(sample.specification),
        )


class ResultInput(QWidget):
    """A result as the criterion wants it: a number with the criterion's unit, or a text
    ("no growth") chosen or typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.value = number_edit(self.tr("result"))
        self.value.setObjectName("resultValue")
        self.text = QComboBox()
        self.text.setObjectName("resultText")
        self.text.setEditable(True)
        self.text.setMinimumWidth(260)
        self.unit = QLabel()
        self.unit.setObjectName("fieldUnit")
        row.addWidget(self.value)
        row.addWidget(self.text)
        row.addWidget(self.unit)
        row.addStretch(1)
        self.setFocusProxy(self.value)
        self.configure(None)

    def configure(self, item: SpecItem | None) -> None:
        """Show the input the criterion needs; keeps what was typed for the same kind."""
        is_text = item is not None and item.is_text
        self.value.setVisible(not is_text)
        self.text.setVisible(is_text)
        self.setFocusProxy(self.text if is_text else self.value)
        self.unit.setText(item.unit if item is not None and not is_text else "")
        if is_text:
            wanted = item.required_text or ""
            choices = [wanted, *(t for t in TEXT_RESULTS if t != wanted)]
            self.text.blockSignals(True)
            self.text.clear()
            self.text.addItems(choices)
            self.text.setCurrentIndex(-1)
            self.text.setEditText("")
            self.text.blockSignals(False)


class QcResultForm(LiveStepForm):
    """The result of one QC sample: scan its tube, type the result in the criterion's unit;
    the verdict against the specification in force when it was taken is shown live."""

    title = QT_TRANSLATE_NOOP("QcResultForm", "QC result")
    required_action = Action.RECORD_QC_RESULT
    applies_to = RESULT_STATUSES

    def __init__(
        self,
        ctx: WorkContext,
        din: str,
        sample_code: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        from labtracker.services.quality import qc_samples

        super().__init__(ctx, din, parent)
        self.samples = {s.code: s for s in qc_samples(ctx.db, ctx.actor, self.lot.din)}
        self.sample: QcSampleDetail | None = None
        self._configured_for: str | None = None
        awaiting = [s for s in self.samples.values() if s.awaiting_result]
        listing = ", ".join(f"{s.code[-4:]} {s.label}" for s in awaiting)
        self.sample_edit = self.add_field(
            "sample",
            self.tr("Sample"),
            QLineEdit(sample_code or ""),
            hint=(
                self.tr("Scan the tube's QC label (DIN-QCnn). Awaiting results: {list}.").format(
                    list=listing
                )
                if awaiting
                else self.tr("Scan the tube's QC label (DIN-QCnn). No sample awaits a result.")
            ),
            aliases=("Sample",),
        )
        self.sample_edit.setPlaceholderText(f"{self.lot.din}-QC01")
        self.route_scans(self.sample_edit)
        self.result_input = ResultInput()
        self.add_field(
            "result",
            self.tr("Result"),
            self.result_input,
            hint=self.tr("As the laboratory reports it, in the criterion's unit."),
            aliases=("Result",),
        )
        self.result_input.value.textChanged.connect(self.changed_live)
        self.result_input.text.currentTextChanged.connect(self.changed_live)
        self.tested_at = self.add_field(
            "tested_at",
            self.tr("Tested at"),
            datetime_edit(self.zone),
            hint=self.tr("Site time; not before the sample was taken, not in the future."),
            aliases=("Tested at",),
        )
        self.method = self.add_field(
            "method", self.tr("Method"), QLineEdit(), hint=self.tr("As reported by the laboratory.")
        )
        laboratory = QComboBox()
        laboratory.setEditable(True)
        laboratory.addItems(LABORATORIES)
        self.laboratory = self.add_field(
            "laboratory", self.tr("Laboratory"), laboratory, aliases=("Laboratory",)
        )
        self.limit = self.add_wide_computed("limit", self.tr("Criterion"))
        self.add_verdict()
        self.ready()

    # --- live -------------------------------------------------------------------------------

    def _typed_sample(self) -> QcSampleDetail | None:
        """The sample the field names, if it is one of this lot's; FieldError otherwise."""
        from labtracker.domain.scan import ScanKind, classify

        typed = self.sample_edit.text().strip()
        if not typed:
            return None
        scanned = classify(typed)
        code = scanned.code if scanned.kind is ScanKind.QC_SAMPLE else typed.upper()
        if code in self.samples:
            return self.samples[code]
        if scanned.kind is ScanKind.QC_SAMPLE and scanned.din is not None:
            if scanned.din.code != self.lot.din:
                # Not raised: Save must still be reachable, to stop it in red.
                self.show_field_error(
                    "sample",
                    self.tr(
                        "Sample {code} is of another lot ({other}), not of lot {din}: it must not "
                        "be recorded here."
                    ).format(code=code, other=scanned.din.code, din=self.lot.din_display),
                )
                return None
            raise FieldError(
                "sample",
                self.tr("Lot {din} has no sample {code}.").format(
                    din=self.lot.din_display, code=code
                ),
            )
        if len(typed) >= len(self.lot.din) + 5:
            raise FieldError(
                "sample",
                self.tr("That is not a QC sample code (DIN-QCnn): {typed}").format(typed=typed),
            )
        return None

    def _configure(self, sample: QcSampleDetail | None) -> None:
        code = sample.code if sample else None
        if code == self._configured_for:
            return
        self._configured_for = code
        item = sample.item if sample else None
        self.result_input.configure(item)
        if item is not None and not self.method.text().strip():
            self.method.setText(item.method)

    def live(self) -> None:
        from labtracker.domain.errors import InvalidValueError
        from labtracker.domain.specifications import (
            MissingContextError,
            Outcome,
            describe_limit,
            evaluate,
        )

        self.sample = None
        try:
            sample = self._typed_sample()
        except FieldError:
            self._configure(None)
            self.limit.setText("–")
            set_state(self.verdict, "none", "–")
            raise
        self._configure(sample)
        if sample is None:
            self.limit.setText("–")
            set_state(self.verdict, "none", self.tr("Scan the sample's tube."))
            return
        taken = sample.taken_at.astimezone(self.zone)
        self.set_status(
            "sample",
            self.tr("{label}: {stage}, taken {when}; judged against {spec}.").format(
                label=sample.label,
                stage=sample.stage,
                when=f"{taken:%Y-%m-%d %H:%M}",
                spec=sample.specification or "–",
            ),
        )
        if sample.result is not None:
            raise FieldError(
                "sample",
                self.tr(
                    "Sample {code} already has a result ({result}). Results are never "
                    "overwritten: void it with a reason in Corrections, then record it again."
                ).format(code=sample.code, result=sample.result),
            )
        if sample.item is None:
            raise FieldError("sample", sample.problem or self.tr("This sample cannot be judged."))
        item = sample.item
        self.sample = sample
        self.limit.setText(
            km_arithmetic(item, sample.context)
            if item.is_k_over_m
            else f"{item.label} {describe_limit(item, sample.context)} ({sample.specification})"
        )
        value, text = self._result()
        try:
            verdict = evaluate(item, value, text, context=sample.context)
        except MissingContextError as error:
            set_state(self.verdict, "pending", self.tr("CANNOT BE JUDGED: {e}").format(e=error))
            return
        except InvalidValueError as error:
            set_state(self.verdict, "none", "–")
            raise FieldError("result", str(error)) from None
        # The domain's sentence ends with its verdict ("…: pass"); the word leads here.
        explained = verdict.explanation.rsplit(": ", 1)[0]
        if verdict.outcome is Outcome.PASS:
            set_state(self.verdict, "pass", self.tr("PASS — {e}").format(e=explained))
        elif verdict.outcome is Outcome.FAIL:
            set_state(self.verdict, "fail", self.tr("FAIL — {e}").format(e=explained))
        else:
            set_state(self.verdict, "pending", self.tr("PENDING — enter the result as reported."))

    def _result(self) -> tuple[float | None, str | None]:
        from ui.forms.base import parse_number

        if self.sample is not None and self.sample.item is not None and self.sample.item.is_text:
            text = self.result_input.text.currentText().strip()
            return None, (text or None)
        return parse_number("result", self.tr("Result"), self.result_input.value.text()), None

    # --- scans and saving -------------------------------------------------------------------

    def take_scan(self, resolution: ScanResolution) -> bool:
        from labtracker.domain.scan import ScanKind

        if resolution.kind is ScanKind.QC_SAMPLE:
            self.sample_edit.setText(self.scanned_code())
            self.result_input.setFocus()
            return True
        return False

    def save(self) -> Saved:
        from labtracker.domain.errors import InvalidValueError
        from labtracker.domain.scan import ScanKind, classify
        from labtracker.services.quality import record_qc_result

        typed = self.sample_edit.text().strip()
        scanned = classify(typed) if typed else None
        if (
            scanned is not None
            and scanned.kind is ScanKind.QC_SAMPLE
            and scanned.din is not None
            and scanned.din.code != self.lot.din
        ):
            show_hard_stop(
                self,
                self.tr("wrong lot"),
                self.tr(
                    "Sample {code} belongs to lot {other}.\n\nThis form is for lot {din} {check}, "
                    "patient {name} (MRN {mrn})."
                ).format(
                    code=scanned.code,
                    other=scanned.din.code,
                    din=self.lot.din_display,
                    check=self.lot.check_character,
                    name=self.lot.patient_name,
                    mrn=self.lot.mrn,
                ),
            )
            raise FieldError("sample", self.tr("Wrong lot's sample: nothing was recorded."))
        sample = self.sample
        if sample is None or sample.item is None:
            raise FieldError("sample", self.tr("Scan the tube of one of this lot's samples."))
        item = sample.item
        value, text = self._result()
        if value is None and text is None:
            raise FieldError("result", self.tr("Enter the result as reported."))
        try:
            view = record_qc_result(
                self.ctx.db,
                self.ctx.actor,
                sample.code,
                value=value,
                text=text,
                unit=item.unit,
                tested_at=self.moment("tested_at"),
                laboratory=self.plain_text("laboratory"),
                method=self.method.text(),
            )
        except InvalidValueError as error:
            if str(error.field).startswith(item.label):
                raise FieldError("result", str(error)) from None
            raise
        return Saved(
            self.tr("{test} {result}: {outcome}").format(
                test=view.label, result=view.result, outcome=view.outcome.value.upper()
            ),
            record_table="qc_result",
            record_id=view.result_id,
            din=self.lot.din,
            result=view,
        )
