"""Quality testing of a lot: the immunophenotype panel, QC samples and their results, each
judged against the specification version in force when the sample was taken.

A result, once recorded, is never overwritten. A wrong one is voided with a reason
(labtracker.services.corrections.void_record), which keeps it visible, and recorded again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from labtracker.db.models import (
    Immunophenotype,
    ImmunophenotypeMarker,
    Lot,
    QcResult,
    QcSample,
    ScaffoldSeeding,
    Specification,
    UserAccount,
)
from labtracker.domain.errors import InvalidValueError, LabtrackerError
from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import Action
from labtracker.domain.specifications import (
    EvaluationContext,
    MissingContextError,
    Outcome,
    SpecItem,
    describe_limit,
    describe_result,
    evaluate,
    marker_expectation,
    needs_patient_context,
    overall_outcome,
    quantity,
)
from labtracker.services.context import Actor, Database, authorise
from labtracker.services.materials import note_equipment_use, use_equipment
from labtracker.services.records import (
    check_time,
    lookup_code,
    lot_by_din,
    optional_text,
    require_status,
    require_text,
    stamp,
)
from labtracker.services.specifications import (
    PHENOTYPE,
    RELEASE,
    SpecificationRefusedError,
    require_spec_in_force,
    spec_item,
    spec_label,
)

SAMPLING_STATUSES = (
    LotStatus.RECEIVED,
    LotStatus.IN_CULTURE,
    LotStatus.IN_INDUCTION,
    LotStatus.SEEDED,
)
PHENOTYPE_STATUSES = (LotStatus.IN_CULTURE, LotStatus.IN_INDUCTION, LotStatus.SEEDED)


class QcRefusedError(LabtrackerError):
    """A QC sample or result cannot be recorded as asked."""


class ResultAlreadyRecordedError(QcRefusedError):
    """The sample already has a result; results are corrected, never overwritten."""


@dataclass(frozen=True)
class MarkerVerdict:
    marker: str
    percent_positive: float
    expected: str  # positive / negative
    limit: str  # "≥ 95 %"
    outcome: Outcome
    explanation: str


@dataclass(frozen=True)
class ImmunophenotypeView:
    immunophenotype_id: int
    din: str
    specification: str  # "PHENOTYPE v1"
    sampled_at: datetime
    analysed_at: datetime
    passage_number: int | None
    events_acquired: int | None
    outcome: Outcome
    markers: tuple[MarkerVerdict, ...]


@dataclass(frozen=True)
class QcSampleView:
    code: str  # "A999926000001-QC03"
    din: str
    test_code: str
    label: str
    stage: str
    taken_at: datetime
    sent_to: str
    specification: str  # the RELEASE version in force when it was taken


@dataclass(frozen=True)
class QcResultView:
    result_id: int
    sample_code: str
    din: str
    test_code: str
    label: str
    result: str  # "0.8 EU/mL", "No growth"
    limit: str  # "< 0.5 EU/mL"
    outcome: Outcome
    explanation: str
    specification: str
    tested_at: datetime
    laboratory: str


def _normalise_marker(name: str) -> str:
    return "".join(str(name).split()).upper()


def record_immunophenotype(
    db: Database,
    actor: Actor,
    din: str,
    *,
    sampled_at: datetime,
    analysed_at: datetime,
    passage_number: int | None,
    markers: Mapping[str, float],
    instrument: str | None = None,
    events_acquired: int | None = None,
) -> ImmunophenotypeView:
    """The flow-cytometry panel, each marker judged against the PHENOTYPE version in force when
    the cells were sampled; the panel passes only if every marker does."""
    if passage_number is not None and (
        isinstance(passage_number, bool) or not isinstance(passage_number, int)
    ):
        raise InvalidValueError("Passage", passage_number, "a whole number, 0 or more")
    if passage_number is not None and not 0 <= passage_number <= 20:
        raise InvalidValueError("Passage", passage_number, "between 0 and 20")
    if events_acquired is not None and (
        isinstance(events_acquired, bool)
        or not isinstance(events_acquired, int)
        or events_acquired <= 0
    ):
        raise InvalidValueError("Events acquired", events_acquired, "a whole number above 0")
    entered = {_normalise_marker(k): v for k, v in markers.items()}
    if len(entered) != len(markers):
        raise InvalidValueError("Markers", ", ".join(markers), "each marker once")
    with db.writing(actor, "immunophenotype recorded") as session:
        authorise(session, actor, Action.RECORD_QC_RESULT)
        lot = lot_by_din(session, din)
        require_status(lot, *PHENOTYPE_STATUSES, doing="recording an immunophenotype")
        check_time("Sampled at", sampled_at, after=lot.created_at, after_label="the lot's creation")
        check_time("Analysed at", analysed_at, after=sampled_at, after_label="sampling")
        spec = require_spec_in_force(session, PHENOTYPE, sampled_at)
        items = [(row, spec_item(row)) for row in spec.items if row.voided_at is None]
        panel = {_normalise_marker(item.test_code): (row, item) for row, item in items}
        missing = [
            item.test_code
            for row, item in items
            if _normalise_marker(item.test_code) not in entered
        ]
        unknown = [name for name in markers if _normalise_marker(name) not in panel]
        if missing or unknown:
            problems = []
            if missing:
                problems.append("missing " + ", ".join(missing))
            if unknown:
                problems.append("not in the panel: " + ", ".join(unknown))
            raise InvalidValueError(
                "Markers",
                ", ".join(markers) or "none",
                "the panel of " + spec_label(spec),
                f"The panel of {spec_label(spec)} is "
                + ", ".join(item.test_code for _, item in items)
                + f" ({'; '.join(problems)}).",
            )
        verdicts = []
        for _row, item in items:
            value = entered[_normalise_marker(item.test_code)]
            verdict = evaluate(item, value, None)
            verdicts.append(
                MarkerVerdict(
                    item.test_code,
                    float(value),
                    marker_expectation(item),
                    describe_limit(item),
                    verdict.outcome,
                    verdict.explanation,
                )
            )
        equipment = None
        if instrument:
            equipment = use_equipment(
                session, actor, lot, instrument, used_at=analysed_at, kinds=("flow_cytometer",)
            )
        outcome = overall_outcome([v.outcome for v in verdicts])
        panel_row = Immunophenotype(
            lot_id=lot.id,
            specification_id=spec.id,
            passage_number=passage_number,
            sampled_at=sampled_at,
            analysed_at=analysed_at,
            performed_by_id=actor.user_id,
            instrument_id=equipment.id if equipment else None,
            events_acquired=events_acquired,
            outcome=outcome.value,
            **stamp(actor),
        )
        session.add(panel_row)
        session.flush()
        for v in verdicts:
            session.add(
                ImmunophenotypeMarker(
                    immunophenotype_id=panel_row.id,
                    marker=v.marker,
                    expected=v.expected,
                    percent_positive=v.percent_positive,
                    outcome=v.outcome.value,
                    **stamp(actor),
                )
            )
        if equipment is not None:
            note_equipment_use(
                session,
                actor,
                lot,
                equipment,
                used_at=analysed_at,
                step="immunophenotype",
                record_id=panel_row.id,
            )
        session.flush()
        return ImmunophenotypeView(
            panel_row.id,
            lot.din,
            spec_label(spec),
            sampled_at,
            analysed_at,
            passage_number,
            events_acquired,
            outcome,
            tuple(verdicts),
        )


def _find_item(spec: Specification, test_code: str) -> tuple[int, SpecItem] | None:
    wanted = str(test_code).strip().casefold()
    for row in spec.items:
        if row.voided_at is None and row.test_code.casefold() == wanted:
            return row.id, spec_item(row)
    return None


def take_qc_sample(
    db: Database,
    actor: Actor,
    din: str,
    *,
    test_code: str,
    stage: str,
    taken_at: datetime,
    sent_to: str = "",
) -> QcSampleView:
    """A sample for one test of the RELEASE specification in force; its code is the DIN plus
    a sequence number, "A999926000001-QC03", printed on the tube."""
    stage = require_text("Stage", stage, max_length=40)
    sent_to = optional_text("Sent to", sent_to, max_length=120)
    for attempt in range(5):
        try:
            return _take_qc_sample(db, actor, din, test_code, stage, taken_at, sent_to)
        except IntegrityError:
            # another station took a sample of this lot at the same moment: next number
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def _take_qc_sample(
    db: Database,
    actor: Actor,
    din: str,
    test_code: str,
    stage: str,
    taken_at: datetime,
    sent_to: str,
) -> QcSampleView:
    with db.writing(actor, "QC sample taken") as session:
        authorise(session, actor, Action.RECORD_QC_RESULT)
        lot = lot_by_din(session, din)
        require_status(lot, *SAMPLING_STATUSES, doing="taking a QC sample")
        check_time("Taken at", taken_at, after=lot.created_at, after_label="the lot's creation")
        spec = require_spec_in_force(session, RELEASE, taken_at)
        found = _find_item(spec, test_code)
        if found is None:
            tests = ", ".join(row.test_code for row in spec.items if row.voided_at is None)
            raise InvalidValueError("Test", test_code, f"a test of {spec_label(spec)}: {tests}")
        _, item = found
        taken = session.scalar(select(func.count(QcSample.id)).where(QcSample.lot_id == lot.id))
        sample = QcSample(
            code=f"{lot.din}-QC{(taken or 0) + 1:02d}",
            lot_id=lot.id,
            test_code=item.test_code,
            stage=stage,
            taken_at=taken_at,
            taken_by_id=actor.user_id,
            sent_to=sent_to,
            **stamp(actor),
        )
        session.add(sample)
        session.flush()
        return QcSampleView(
            sample.code,
            lot.din,
            item.test_code,
            item.label,
            stage,
            taken_at,
            sent_to,
            spec_label(spec),
        )


def evaluation_context(session: Session, lot: Lot, item: SpecItem) -> EvaluationContext:
    """What a K/M endotoxin limit needs: the patient's weight, and the dose volume, taken as
    the volume of cell suspension loaded onto the scaffold (what the patient receives)."""
    if not needs_patient_context(item):
        return EvaluationContext()
    seeding = session.scalar(
        select(ScaffoldSeeding)
        .where(ScaffoldSeeding.lot_id == lot.id, ScaffoldSeeding.voided_at.is_(None))
        .order_by(ScaffoldSeeding.seeded_at.desc(), ScaffoldSeeding.id.desc())
        .limit(1)
    )
    return EvaluationContext(
        patient_weight_kg=lot.patient.weight_kg,
        dose_volume_ml=seeding.suspension_volume_ml if seeding else None,
    )


def _missing_context_hint(lot: Lot, context: EvaluationContext) -> str:
    hints = []
    if context.patient_weight_kg is None:
        hints.append(f"record the weight of patient {lot.patient.mrn}")
    if context.dose_volume_ml is None:
        hints.append("record the scaffold seeding (its suspension volume is the dose)")
    return "; ".join(hints)


def record_qc_result(
    db: Database,
    actor: Actor,
    sample_code: str,
    *,
    value: float | None = None,
    text: str | None = None,
    unit: str = "",
    tested_at: datetime,
    laboratory: str = "",
    method: str = "",
) -> QcResultView:
    """The result of a sample's test, judged against the RELEASE version in force when the
    sample was taken. One result per sample: a second one is refused, never overwritten."""
    # Refused when too long, never cut short: a record keeps what was entered or nothing.
    laboratory = optional_text("Laboratory", laboratory, max_length=120)
    method = optional_text("Method", method, max_length=200)
    if text is not None:
        text = optional_text("Result", text, max_length=120)
    with db.writing(actor, "QC result recorded") as session:
        authorise(session, actor, Action.RECORD_QC_RESULT)
        cleaned = lookup_code("Sample", sample_code, "the code on a QC sample's label (DIN-QCnn)")
        sample = session.scalar(select(QcSample).where(QcSample.code == cleaned))
        if sample is None:
            raise InvalidValueError(
                "Sample", sample_code, "the code on a QC sample's label (DIN-QCnn)"
            )
        if sample.voided_at is not None:
            raise QcRefusedError(f"Sample {sample.code} was voided; no result can be recorded.")
        existing = session.scalar(
            select(QcResult).where(QcResult.qc_sample_id == sample.id, QcResult.voided_at.is_(None))
        )
        if existing is not None:
            shown = (
                existing.result_text
                if existing.result_text is not None
                else f"{existing.result_value:g} {existing.unit}".rstrip()
            )
            who = session.get(UserAccount, existing.recorded_by_id)
            raise ResultAlreadyRecordedError(
                f"Sample {sample.code} already has a result ({shown}, recorded "
                f"{existing.recorded_at:%Y-%m-%d %H:%M} UTC by "
                f"{who.full_name if who else 'another user'}). Results are never overwritten: "
                "if it is wrong, void it with a reason in Corrections "
                "(labtracker.services.corrections.void_record) and record the result again."
            )
        lot = sample.lot
        check_time(
            "Tested at", tested_at, after=sample.taken_at, after_label="the sample was taken"
        )
        spec = require_spec_in_force(session, RELEASE, sample.taken_at)
        found = _find_item(spec, sample.test_code)
        if found is None:
            raise QcRefusedError(
                f"{spec_label(spec)}, in force when sample {sample.code} was taken, has no "
                f"criterion for {sample.test_code}; the result cannot be judged."
            )
        item_id, item = found
        entered_unit = " ".join((unit or "").split())
        if entered_unit and item.unit and entered_unit.casefold() != item.unit.casefold():
            raise InvalidValueError(
                f"{item.label} unit", entered_unit, f"{item.unit}, as in {spec_label(spec)}"
            )
        context = evaluation_context(session, lot, item)
        try:
            verdict = evaluate(item, value, text, context=context)
        except MissingContextError as exc:
            raise QcRefusedError(
                f"{exc} Nothing was saved: {_missing_context_hint(lot, context)}, then record the "
                "result again."
            ) from None
        if verdict.outcome is Outcome.PENDING:
            raise InvalidValueError(
                f"{item.label} result",
                "",
                "the result as reported" + (f" ({item.unit})" if item.unit else ""),
            )
        row = QcResult(
            lot_id=lot.id,
            qc_sample_id=sample.id,
            specification_item_id=item_id,
            test_code=item.test_code,
            result_value=None if item.is_text else float(value),  # type: ignore[arg-type]
            result_text=" ".join(str(text).split()) if item.is_text else None,
            unit=item.unit,
            outcome=verdict.outcome.value,
            tested_at=tested_at,
            tested_by_id=actor.user_id,
            laboratory=laboratory,
            method=method or item.method,
            **stamp(actor),
        )
        session.add(row)
        session.flush()
        return QcResultView(
            row.id,
            sample.code,
            lot.din,
            item.test_code,
            item.label,
            describe_result(item, row.result_value, row.result_text) or "",
            describe_limit(item, context),
            verdict.outcome,
            verdict.explanation,
            spec_label(spec),
            tested_at,
            laboratory,
        )


@dataclass(frozen=True)
class QcSampleDetail:
    """A QC sample as the result form shows it: the criterion its result will be judged
    against (the RELEASE version in force when it was taken) and what that needs."""

    code: str
    din: str
    test_code: str
    label: str
    stage: str
    taken_at: datetime
    sent_to: str
    specification: str | None  # "RELEASE v1"; None when no usable version was in force
    item: SpecItem | None  # None: the result cannot be judged (see `problem`)
    context: EvaluationContext  # the patient's weight and the dose volume, for K/M
    result: str | None  # the recorded result ("0.8 EU/mL"); None while it is awaited
    outcome: Outcome  # pending while awaited
    problem: str | None = None

    @property
    def awaiting_result(self) -> bool:
        return self.result is None


def qc_samples(db: Database, actor: Actor, din: str) -> list[QcSampleDetail]:
    """A lot's QC samples (not voided), oldest first, each with its criterion and result."""
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        lot = lot_by_din(session, din)
        samples = session.scalars(
            select(QcSample)
            .where(QcSample.lot_id == lot.id, QcSample.voided_at.is_(None))
            .order_by(QcSample.taken_at, QcSample.id)
        ).all()
        details = []
        for sample in samples:
            spec_name = item = problem = None
            context = EvaluationContext()
            try:
                spec = require_spec_in_force(session, RELEASE, sample.taken_at)
            except SpecificationRefusedError as exc:
                problem = str(exc)
            else:
                spec_name = spec_label(spec)
                found = _find_item(spec, sample.test_code)
                if found is None:
                    problem = (
                        f"{spec_name}, in force when sample {sample.code} was taken, has no "
                        f"criterion for {sample.test_code}; the result cannot be judged."
                    )
                else:
                    item = found[1]
                    context = evaluation_context(session, lot, item)
            row = session.scalar(
                select(QcResult).where(
                    QcResult.qc_sample_id == sample.id, QcResult.voided_at.is_(None)
                )
            )
            result = None
            outcome = Outcome.PENDING
            if row is not None:
                result = (
                    " ".join(row.result_text.split())
                    if row.result_text is not None
                    else quantity(row.result_value or 0, row.unit)
                )
                outcome = Outcome(row.outcome)
            details.append(
                QcSampleDetail(
                    sample.code,
                    lot.din,
                    sample.test_code,
                    item.label if item else sample.test_code,
                    sample.stage,
                    sample.taken_at,
                    sample.sent_to,
                    spec_name,
                    item,
                    context,
                    result,
                    outcome,
                    problem,
                )
            )
        return details
