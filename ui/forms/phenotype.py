"""The immunophenotype (flow cytometry) panel: one field per marker of the PHENOTYPE
specification in force, each judged live by the specification's own rule
(labtracker.domain.specifications.evaluate), and the panel's verdict. The service judges
again on Save, against the version in force when the cells were sampled."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QLabel, QWidget

from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import Action
from labtracker.domain.specifications import (
    Outcome,
    SpecItem,
    describe_limit,
    evaluate,
    marker_expectation,
    overall_outcome,
)
from labtracker.services import quality
from labtracker.services.specifications import PHENOTYPE, specification_in_force
from ui.forms.base import (
    FieldError,
    Saved,
    datetime_edit,
    edited_datetime,
    number_edit,
)
from ui.forms.counts import FirstError, refusal
from ui.forms.culture import BuiltForm, add_noted_field, local_time

if TYPE_CHECKING:
    from ui.context import WorkContext

OUTCOME_STYLES = {
    Outcome.PASS: "color: #1b5e20; font-weight: 700;",
    Outcome.FAIL: "color: #b71c1c; font-weight: 700;",
    Outcome.PENDING: "color: #8a4b00; font-weight: 700;",
}


def show_outcome(label: QLabel, text: str, outcome: Outcome, *, large: bool = False) -> None:
    """A verdict in words and colour: pass green, FAIL red, pending amber."""
    label.setText(text)
    label.setStyleSheet(OUTCOME_STYLES[outcome] + (" font-size: 14pt;" if large else ""))
    label.setProperty("outcome", outcome.value)


class ImmunophenotypeForm(BuiltForm):
    """Flow cytometry: percent of cells positive for each marker of the panel."""

    title = QT_TRANSLATE_NOOP("ImmunophenotypeForm", "Immunophenotype (flow cytometry)")
    # What marker_expectation returns, capitalised, as the hints show it.
    EXPECTATIONS = (
        QT_TRANSLATE_NOOP("ImmunophenotypeForm", "Positive"),
        QT_TRANSLATE_NOOP("ImmunophenotypeForm", "Negative"),
    )
    applies_to: tuple[LotStatus, ...] = quality.PHENOTYPE_STATUSES
    required_action = Action.RECORD_QC_RESULT
    # A QC result, not a step of the batch record's signed chain (release_check judges its
    # outcome); it is attributed by the audit trail.
    sign_meaning = None

    def __init__(self, ctx: WorkContext, din: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, din, parent)
        spec = specification_in_force(ctx.db, ctx.actor, PHENOTYPE)
        self.spec_label = spec.label if spec is not None else ""
        self.items: tuple[SpecItem, ...] = spec.items if spec is not None else ()
        self.sampled_at = datetime_edit(self.zone)
        self.add_field(
            "sampled_at",
            self.tr("Cells sampled at"),
            self.sampled_at,
            hint=self.tr("Site time; the specification in force then judges the panel"),
            aliases=("Sampled at",),
        )
        self.analysed_at = datetime_edit(self.zone)
        self.add_field(
            "analysed_at",
            self.tr("Analysed at"),
            self.analysed_at,
            hint=self.tr("Site time; not before sampling"),
            aliases=("Analysed at",),
        )
        self.add_field(
            "passage",
            self.tr("Passage sampled"),
            number_edit(),
            hint=self.tr("0 to 20; optional"),
            aliases=("Passage",),
        )
        self.add_field(
            "events",
            self.tr("Events acquired"),
            number_edit(),
            unit=self.tr("events"),
            hint=self.tr("A whole number above 0; optional"),
            aliases=("Events acquired",),
        )
        self.instrument = self.add_asset_field(
            "instrument",
            self.tr("Flow cytometer"),
            self.tr("Asset tag, optional"),
            aliases=("Equipment",),
        )
        heading = QLabel(
            self.tr("Markers ({spec})").format(spec=self.spec_label or self.tr("no specification"))
        )
        heading.setStyleSheet("font-size: 15pt; font-weight: 700; padding-top: 12px;")
        self.grid.addWidget(heading, self.grid.rowCount(), 0, 1, 2)
        self.notes: dict[str, tuple[QLabel, str]] = {}
        for item in self.items:
            hint = self.tr("{expected} marker: {limit}").format(
                expected=self.tr(marker_expectation(item).capitalize()),
                limit=describe_limit(item),
            )
            note = add_noted_field(
                self,
                self.marker_key(item),
                item.label,
                number_edit(),
                unit=item.unit or "%",
                hint=hint,
                aliases=(item.test_code, f"{item.label} result"),
            )
            self.notes[item.test_code] = (note, hint)
        self.shown_outcome = self.add_computed("outcome", self.tr("Panel"))
        self.shown_spec = self.add_computed("specification", self.tr("Specification"))
        if spec is None:
            self.banner.setText(
                self.tr("No PHENOTYPE specification is in force; QA must approve one first.")
            )
            self.banner.show()
        self.finish_building()

    @staticmethod
    def marker_key(item: SpecItem) -> str:
        return "marker_" + "".join(c if c.isalnum() else "_" for c in item.test_code)

    def _whole(self, key: str, low: int, high: int | None, service_name: str) -> int | None:
        value = self.number(key, whole=True, required=False)
        if value is None:
            return None
        if value < low or (high is not None and value > high):
            allowed = (
                f"between {low} and {high}"
                if high is not None
                else f"a whole number above {low - 1}"
            )
            raise refusal(key, service_name, self.text(key), allowed)
        return int(value)

    def _marker(self, item: SpecItem) -> float | None:
        key = self.marker_key(item)
        note, hint = self.notes[item.test_code]
        note.setText(hint)
        note.setStyleSheet("")
        value = self.number(key, required=False)
        if value is None:
            return None
        verdict = evaluate(item, value, None)  # refuses a value outside 0–100 %
        shown = verdict.explanation
        if verdict.outcome is Outcome.FAIL:
            shown = self.tr("{why}: the panel fails").format(why=shown.removesuffix(": FAIL"))
            shown = self.tr("FAIL — {why}").format(why=shown)
        show_outcome(note, shown, verdict.outcome)
        return value

    def recompute(self) -> None:
        self.shown_spec.setText(self.spec_label or "–")
        check = FirstError()
        check.run(self._whole, "passage", 0, 20, "Passage")
        check.run(self._whole, "events", 1, None, "Events acquired")
        outcomes = []
        for item in self.items:
            value = check.run(self._marker, item)
            outcomes.append(
                Outcome.PENDING if value is None else evaluate(item, value, None).outcome
            )
        outcome = overall_outcome(outcomes)
        failing = [
            i.test_code for i, o in zip(self.items, outcomes, strict=True) if o is Outcome.FAIL
        ]
        missing = outcomes.count(Outcome.PENDING)
        if outcome is Outcome.FAIL:
            text = self.tr("FAIL ({markers})").format(markers=", ".join(failing))
        elif outcome is Outcome.PASS:
            text = self.tr("pass: every marker within the specification")
        else:
            text = self.tr("pending: {n} of {total} markers to enter").format(
                n=missing, total=len(self.items)
            )
        show_outcome(self.shown_outcome, text, outcome, large=True)
        check.raise_first()

    def save(self) -> Saved:
        markers = {}
        for item in self.items:
            value = self._marker(item)
            if value is None:
                raise FieldError(
                    self.marker_key(item),
                    self.tr("{marker} is required: the panel is recorded whole.").format(
                        marker=item.label
                    ),
                )
            markers[item.test_code] = value
        result = quality.record_immunophenotype(
            self.ctx.db,
            self.ctx.actor,
            self.din,
            sampled_at=edited_datetime(self.sampled_at),
            analysed_at=edited_datetime(self.analysed_at),
            passage_number=self._whole("passage", 0, 20, "Passage"),
            markers=markers,
            instrument=self.instrument.text().strip() or None,
            events_acquired=self._whole("events", 1, None, "Events acquired"),
        )
        summary = self.tr("lot {din}, sampled {when}: {outcome} against {spec}").format(
            din=self.lot.din_display,
            when=local_time(result.sampled_at, self.zone),
            outcome="pass" if result.outcome is Outcome.PASS else result.outcome.value.upper(),
            spec=result.specification,
        )
        failed = [m.explanation for m in result.markers if m.outcome is Outcome.FAIL]
        if failed:
            summary += "\n" + "; ".join(failed)
        return Saved(summary, "immunophenotype", result.immunophenotype_id, result.din, result)
