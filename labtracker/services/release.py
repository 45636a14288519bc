"""QA release or rejection of a lot, and its expiry.

`release_check` gathers the facts from the record and lists every reason the lot cannot be
released yet (labtracker.domain.release_rules). `release_lot` asks for the QA person's user ID
and password, then in one transaction checks again, makes sure the releaser did no work on the
lot (maker ≠ checker), records the decision with its e-signature ("approved for release"),
sets the expiry (now + the site's release_expiry_hours) and moves the lot to released.

Every result is judged again here, from its stored value against the criterion it was judged
against when recorded: a corrected value cannot keep a stale verdict, and a result recorded
as a failure stays one (it is voided with a reason if it was invalid).

The quarantine label check stays on even before labels are printed from labtracker: a lot
without a recorded quarantine label print is not released.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from labtracker.clock import get_clock
from labtracker.db.audit import content_hash
from labtracker.db.models import (
    CellCount,
    Deviation,
    ESignature,
    Immunophenotype,
    LabelPrint,
    Lot,
    MaterialLot,
    MaterialUse,
    QcResult,
    QcSample,
    ReleaseDecision,
    ScaffoldLot,
    ScaffoldSeeding,
    Specification,
)
from labtracker.domain.errors import InvalidValueError, LabtrackerError
from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import Action
from labtracker.domain.release_rules import (
    Blocker,
    DeviationFact,
    MaterialFact,
    PhenotypeFact,
    ReleaseFacts,
    ResultFact,
    ScaffoldFact,
    SignatureState,
    StepFact,
    release_blockers,
)
from labtracker.domain.specifications import (
    MissingContextError,
    Outcome,
    describe_limit,
    describe_result,
    evaluate,
    quantity,
)
from labtracker.services.auth import confirm_identity
from labtracker.services.context import Actor, Database, authorise
from labtracker.services.label_reconciliation import lots_reconciliation_blockers
from labtracker.services.quality import evaluation_context
from labtracker.services.records import advance, lot_by_din, require_status, require_text, stamp
from labtracker.services.signatures import (
    SIGNED_FIELDS,
    Meaning,
    SignatureView,
    add_signature,
    makers,
    signature_hash,
)
from labtracker.services.site import process_rules, the_site
from labtracker.services.specifications import (
    PHENOTYPE,
    RELEASE,
    criteria_intact,
    spec_in_force,
    spec_item,
    spec_label,
)


class ReleaseRefusedError(LabtrackerError):
    """The lot cannot be released (or rejected) now; ``blockers`` lists every reason."""

    def __init__(self, message: str, blockers: tuple[Blocker, ...] = ()) -> None:
        self.blockers = blockers
        super().__init__(message)


@dataclass(frozen=True)
class ResultRow:
    """One line of the release results table."""

    test: str
    sample: str  # "" when no sample was taken
    result: str  # "—" when there is none yet
    limit: str
    verdict: str  # pass, FAIL, pending, no result
    # Where a recorded result comes from, for printed records (certificate of analysis,
    # batch record); left empty on a row without a result.
    value: str = ""  # the result without its unit: "92", "No growth"
    unit: str = ""  # "%", "EU/mL"; "" for a text result
    specification: str = ""  # the version it was judged against: "RELEASE v1"
    method: str = ""
    laboratory: str = ""
    tested_at: datetime | None = None


@dataclass(frozen=True)
class ReleaseCheck:
    din: str
    status: LotStatus
    can_release: bool
    blockers: tuple[Blocker, ...]
    spec_version: str | None  # "RELEASE v2", the version in force now
    results: tuple[ResultRow, ...]
    phenotypes: tuple[PhenotypeFact, ...] = ()  # each immunophenotype panel and its verdict


@dataclass(frozen=True)
class ReleaseResult:
    din: str
    decision: str  # released / rejected
    decided_at: datetime
    decided_by: str
    expires_at: datetime | None
    specification: str
    signature: str  # the manifestation printed with the decision
    reason: str


@dataclass(frozen=True)
class ExpiryView:
    din: str
    expires_at: datetime | None  # None until released
    hours_left: float | None  # negative once expired
    expired: bool


# ---------------------------------------------------------------------------------------------
# Gathering the facts


@dataclass(frozen=True)
class _RecordedResult(ResultFact):
    """A judged result, with what a printed record shows besides the verdict."""

    value: str = ""
    unit: str = ""
    specification: str = ""
    method: str = ""
    laboratory: str = ""
    tested_at: datetime | None = None


def _local_date(tz: ZoneInfo, when: datetime) -> date:
    return when.astimezone(tz).date()


def _signatures(session: Session, records: list[object]) -> dict[tuple[str, int], list[ESignature]]:
    """Every signature on the records, by (table, record id): one query for all of them."""
    ids: dict[str, list[int]] = {}
    for record in records:
        ids.setdefault(record.__table__.name, []).append(record.id)  # type: ignore[attr-defined]
    found: dict[tuple[str, int], list[ESignature]] = {}
    if not ids:
        return found
    rows = session.scalars(
        select(ESignature)
        .where(
            or_(
                *(
                    and_(ESignature.record_table == table, ESignature.record_id.in_(record_ids))
                    for table, record_ids in ids.items()
                )
            )
        )
        .order_by(ESignature.id)
    )
    for sig in rows:
        found.setdefault((sig.record_table, sig.record_id), []).append(sig)
    return found


def _signature_states(
    record: object, signatures: list[ESignature], meanings: tuple[Meaning, ...]
) -> tuple[SignatureState, ...]:
    """The state of the record's signature of each meaning: VALID if one still holds, else
    INVALID if one no longer matches the record, else SUPERSEDED, else MISSING."""
    current = content_hash(record) if signatures else None
    states: list[SignatureState] = []
    for meaning in meanings:
        seen = set()
        for sig in signatures:
            if sig.meaning != meaning.value:
                continue
            if sig.superseded_at is not None:
                seen.add(SignatureState.SUPERSEDED)
                continue
            values = {k: getattr(sig, k) for k in SIGNED_FIELDS}
            holds = sig.content_hash == current and sig.signature_hash == signature_hash(values)
            seen.add(SignatureState.VALID if holds else SignatureState.INVALID)
        states.append(
            next(
                (
                    state
                    for state in (
                        SignatureState.VALID,
                        SignatureState.INVALID,
                        SignatureState.SUPERSEDED,
                    )
                    if state in seen
                ),
                SignatureState.MISSING,
            )
        )
    return tuple(states)


def _step_records(lot: Lot, tz: ZoneInfo) -> tuple[list[tuple[str, object]], list[str]]:
    """The critical steps, named as a reviewer reads them, and those not recorded at all."""
    steps: list[tuple[str, object]] = []
    missing: list[str] = []
    groups = (
        (
            "Isolation",
            sorted((r for r in lot.isolations if r.voided_at is None), key=lambda r: r.started_at),
            lambda r: f"Isolation of {_local_date(tz, r.started_at):%Y-%m-%d}",
        ),
        (
            "Harvest",
            sorted((r for r in lot.harvests if r.voided_at is None), key=lambda r: r.harvested_at),
            lambda r: f"Harvest P{r.passage_number} of {_local_date(tz, r.harvested_at):%Y-%m-%d}",
        ),
        (
            "Osteogenic induction",
            sorted((r for r in lot.inductions if r.voided_at is None), key=lambda r: r.started_at),
            lambda r: f"Osteogenic induction started {_local_date(tz, r.started_at):%Y-%m-%d}",
        ),
        (
            "Scaffold seeding",
            sorted(
                (r for r in lot.scaffold_seedings if r.voided_at is None),
                key=lambda r: r.seeded_at,
            ),
            lambda r: f"Scaffold seeding of {_local_date(tz, r.seeded_at):%Y-%m-%d}",
        ),
    )
    for kind, records, name in groups:
        if not records:
            missing.append(kind)
        steps.extend((name(r), r) for r in records)
    return steps, missing


def _result_facts(
    reads: _Reads, lot: Lot, spec: Specification | None
) -> tuple[list[ResultFact], set[int]]:
    """One fact per sample/result, in the order of the specification's items; a required
    test without any sample gets a 'no result' fact. Also the specifications the results were
    judged against."""
    session, tz = reads.session, reads.tz
    samples = reads.rows(QcSample, lot)
    results = reads.rows(QcResult, lot)
    by_sample: dict[int | None, list[QcResult]] = {}
    for r in results:
        by_sample.setdefault(r.qc_sample_id, []).append(r)
    required = (
        [spec_item(row) for row in spec.items if row.voided_at is None] if spec is not None else []
    )
    order = [i.test_code for i in required]
    for code in [s.test_code for s in samples] + [r.test_code for r in results]:
        if code not in order:
            order.append(code)
    required_codes = {i.test_code for i in required}
    labels = {i.test_code: i for i in required}
    facts: list[ResultFact] = []
    spec_ids: set[int] = set()
    for code in order:
        code_facts: list[ResultFact] = []
        for sample in (s for s in samples if s.test_code == code):
            sample_results = by_sample.get(sample.id, [])
            if not sample_results:
                item = labels.get(code)
                code_facts.append(
                    ResultFact(
                        code,
                        item.label if item else code,
                        code in required_codes,
                        sample.code,
                        _local_date(tz, sample.taken_at),
                        None,
                        describe_limit(item) if item else "",
                        Outcome.PENDING,
                        text_result=bool(item and item.is_text),
                    )
                )
            for result in sample_results:
                spec_ids.add(result.specification_item.specification_id)
                code_facts.append(_judge(session, lot, result, sample, code in required_codes, tz))
        for result in by_sample.get(None, []):
            if result.test_code == code:
                spec_ids.add(result.specification_item.specification_id)
                code_facts.append(_judge(session, lot, result, None, code in required_codes, tz))
        if not code_facts and code in required_codes:
            item = labels[code]
            code_facts.append(
                ResultFact(
                    code,
                    item.label,
                    True,
                    None,
                    None,
                    None,
                    describe_limit(item),
                    Outcome.PENDING,
                    text_result=item.is_text,
                )
            )
        facts.extend(code_facts)
    return facts, spec_ids


def _judge(
    session: Session,
    lot: Lot,
    result: QcResult,
    sample: QcSample | None,
    required: bool,
    tz: ZoneInfo,
) -> ResultFact:
    item = spec_item(result.specification_item)
    context = evaluation_context(session, lot, item)
    shown = describe_result(item, result.result_value, result.result_text)
    problem = None
    try:
        outcome = evaluate(item, result.result_value, result.result_text, context=context).outcome
    except MissingContextError as exc:
        outcome, problem = Outcome.PENDING, f"cannot be judged now: {exc}"
    except InvalidValueError as exc:
        outcome, problem = Outcome.FAIL, f"the recorded result is not valid: {exc}"
    if result.outcome == Outcome.FAIL.value:
        outcome = Outcome.FAIL  # a recorded failure stays one
    value = (
        result.result_text or ""
        if item.is_text
        else (quantity(result.result_value) if result.result_value is not None else "")
    )
    return _RecordedResult(
        item.test_code,
        item.label,
        required,
        sample.code if sample else None,
        _local_date(tz, sample.taken_at) if sample else None,
        shown,
        describe_limit(item, context),
        outcome,
        text_result=item.is_text,
        problem=problem,
        value=value,
        unit=item.unit,
        specification=spec_label(result.specification_item.specification),
        method=result.method,
        laboratory=result.laboratory,
        tested_at=result.tested_at,
    )


def _phenotype_facts(reads: _Reads, lot: Lot) -> tuple[list[PhenotypeFact], set[int]]:
    tz = reads.tz
    facts = []
    spec_ids: set[int] = set()
    panels = sorted(
        (p for p in lot.immunophenotypes if p.voided_at is None), key=lambda p: p.analysed_at
    )
    for panel in panels:
        spec = reads.specification(panel.specification_id)
        assert spec is not None
        spec_ids.add(spec.id)
        items = {row.test_code.upper(): spec_item(row) for row in spec.items}
        outcomes, failures = [], []
        for marker in panel.markers:
            if marker.voided_at is not None:
                continue
            item = items.get(marker.marker.upper())
            if item is None:
                outcomes.append(Outcome.FAIL)
                failures.append(f"{marker.marker} is not in {spec_label(spec)}")
                continue
            verdict = evaluate(item, marker.percent_positive, None)
            outcome = Outcome.FAIL if marker.outcome == Outcome.FAIL.value else verdict.outcome
            outcomes.append(outcome)
            if outcome is Outcome.FAIL:
                failures.append(verdict.explanation)
        measured = {m.marker.upper() for m in panel.markers if m.voided_at is None}
        for key, item in items.items():
            if key not in measured:
                outcomes.append(Outcome.FAIL)
                failures.append(f"{item.label} not measured")
        outcome = Outcome.FAIL if panel.outcome == Outcome.FAIL.value else Outcome.PASS
        if Outcome.FAIL in outcomes:
            outcome = Outcome.FAIL
        elif Outcome.PENDING in outcomes or not outcomes:
            outcome = Outcome.PENDING
        facts.append(
            PhenotypeFact(
                spec_label(spec), _local_date(tz, panel.analysed_at), outcome, tuple(failures)
            )
        )
    return facts, spec_ids


class _Reads:
    """What release checks read, for one lot or for many at once (the home screens check
    every seeded lot): each kind of row is read for all the lots in one query when the first
    lot asks for it; the site's time zone and rules, the specifications in force and whether
    their criteria are intact are read once. Read-only: for use within one transaction."""

    def __init__(self, session: Session, now: datetime, lots: Sequence[Lot]) -> None:
        self.session = session
        self.now = now
        self.lot_ids = [lot.id for lot in lots]
        self.tz = ZoneInfo(the_site(session).timezone)
        self.expiry_hours = process_rules(session).release_expiry_hours
        self._rows: dict[type, dict[int, list[Any]]] = {}
        self._specs_in_force: dict[str, Specification | None] = {}
        self._specifications: dict[int, Specification | None] = {}
        self._intact: dict[int, bool] = {}
        self._signatures: dict[tuple[str, int], list[ESignature]] | None = None
        self._quarantine_printed: set[int] | None = None
        self._reconciliation: dict[int, tuple[Blocker, ...]] | None = None
        self._lots = list(lots)
        if len(lots) > 1:
            # The step records each check names, and the panels with their markers, for
            # every lot in four queries instead of four per lot.
            session.execute(
                select(Lot)
                .where(Lot.id.in_(self.lot_ids))
                .options(
                    selectinload(Lot.isolations),
                    selectinload(Lot.harvests),
                    selectinload(Lot.inductions),
                    selectinload(Lot.scaffold_seedings)
                    .joinedload(ScaffoldSeeding.scaffold_lot)
                    .joinedload(ScaffoldLot.product),
                    selectinload(Lot.immunophenotypes).selectinload(Immunophenotype.markers),
                )
            ).all()

    _QUERIES: ClassVar[dict[type, Callable[[Sequence[int]], Select[Any]]]] = {
        QcSample: lambda ids: (
            select(QcSample)
            .where(QcSample.lot_id.in_(ids), QcSample.voided_at.is_(None))
            .order_by(QcSample.taken_at, QcSample.id)
        ),
        QcResult: lambda ids: (
            select(QcResult)
            .where(QcResult.lot_id.in_(ids), QcResult.voided_at.is_(None))
            .order_by(QcResult.id)
        ),
        Deviation: lambda ids: (
            select(Deviation)
            .where(
                Deviation.lot_id.in_(ids),
                Deviation.state == "open",
                Deviation.voided_at.is_(None),
            )
            .order_by(Deviation.number)
        ),
        MaterialUse: lambda ids: (
            select(MaterialUse)
            .options(joinedload(MaterialUse.material_lot).joinedload(MaterialLot.material))
            .where(MaterialUse.lot_id.in_(ids), MaterialUse.voided_at.is_(None))
            .order_by(MaterialUse.used_at, MaterialUse.id)
        ),
    }

    def rows(self, kind: type, lot: Lot) -> list[Any]:
        """The lot's QC samples, QC results, open deviations or material uses (not voided),
        in the order a record lists them."""
        if kind not in self._rows:
            grouped: dict[int, list[Any]] = {lot_id: [] for lot_id in self.lot_ids}
            for row in self.session.scalars(self._QUERIES[kind](self.lot_ids)):
                grouped[row.lot_id].append(row)
            self._rows[kind] = grouped
        return self._rows[kind][lot.id]

    def spec_in_force(self, code: str) -> Specification | None:
        if code not in self._specs_in_force:
            spec = spec_in_force(self.session, code, self.now)
            self._specs_in_force[code] = spec
            if spec is not None:
                self._specifications[spec.id] = spec
        return self._specs_in_force[code]

    def specification(self, spec_id: int) -> Specification | None:
        if spec_id not in self._specifications:
            self._specifications[spec_id] = self.session.get(Specification, spec_id)
        return self._specifications[spec_id]

    def criteria_intact(self, spec: Specification) -> bool:
        if spec.id not in self._intact:
            self._intact[spec.id] = criteria_intact(self.session, spec)
        return self._intact[spec.id]

    def signatures(self, record: object) -> list[ESignature]:
        """Every signature on a step record of the lots (one query for all of them)."""
        if self._signatures is None:
            records = [r for lot in self._lots for _, r in _step_records(lot, self.tz)[0]]
            self._signatures = _signatures(self.session, records)
        key = (record.__table__.name, record.id)  # type: ignore[attr-defined]
        return self._signatures.get(key, [])

    def quarantine_label_printed(self, lot: Lot) -> bool:
        if self._quarantine_printed is None:
            self._quarantine_printed = set(
                self.session.scalars(
                    select(LabelPrint.lot_id)
                    .where(
                        LabelPrint.lot_id.in_(self.lot_ids),
                        LabelPrint.kind == "quarantine",
                        LabelPrint.voided_at.is_(None),
                    )
                    .distinct()
                )
            )
        return lot.id in self._quarantine_printed

    def reconciliation_blockers(self, lot: Lot) -> tuple[Blocker, ...]:
        if self._reconciliation is None:
            self._reconciliation = lots_reconciliation_blockers(self.session, self.lot_ids)
        return self._reconciliation[lot.id]


def _gather(
    reads: _Reads, lot: Lot, expires_at: datetime
) -> tuple[ReleaseFacts, Specification | None]:
    tz, now = reads.tz, reads.now
    spec = reads.spec_in_force(RELEASE)
    results, result_specs = _result_facts(reads, lot, spec)
    phenotypes, phenotype_specs = _phenotype_facts(reads, lot)
    checked = set(result_specs | phenotype_specs)
    if spec is not None:
        checked.add(spec.id)
    phenotype_now = reads.spec_in_force(PHENOTYPE)
    if phenotype_now is not None:
        checked.add(phenotype_now.id)
    altered = []
    for spec_id in sorted(checked):
        row = reads.specification(spec_id)
        if row is not None and not reads.criteria_intact(row):
            altered.append(spec_label(row))
    steps, missing_steps = _step_records(lot, tz)
    step_facts = tuple(
        StepFact(
            name,
            *_signature_states(
                record, reads.signatures(record), (Meaning.PERFORMED, Meaning.VERIFIED)
            ),
        )
        for name, record in steps
    )
    deviations = reads.rows(Deviation, lot)
    uses = reads.rows(MaterialUse, lot)
    materials = tuple(
        MaterialFact(
            u.material_lot.code,
            f"{u.material_lot.material.name} lot {u.material_lot.lot_number}",
            u.material_lot.expiry_date,
            _local_date(tz, u.used_at),
            u.step,
        )
        for u in uses
    )
    scaffolds = tuple(
        ScaffoldFact(
            s.scaffold_lot.code,
            f"{s.scaffold_lot.product.name} lot {s.scaffold_lot.manufacturer_lot}",
            s.scaffold_lot.expiry_date,
            _local_date(tz, s.seeded_at),
        )
        for s in lot.scaffold_seedings
        if s.voided_at is None
    )
    facts = ReleaseFacts(
        din=lot.din,
        status=lot.status,
        now=now,
        release_specification=spec_label(spec) if spec else None,
        results=tuple(results),
        phenotypes=tuple(phenotypes),
        steps=step_facts,
        missing_steps=tuple(missing_steps),
        open_deviations=tuple(DeviationFact(d.number, d.title) for d in deviations),
        materials=materials,
        scaffolds=scaffolds,
        construct_expires_on=_local_date(tz, expires_at),
        quarantine_label_printed=reads.quarantine_label_printed(lot),
        altered_specifications=tuple(altered),
    )
    return facts, spec


def _rows(facts: ReleaseFacts) -> tuple[ResultRow, ...]:
    rows = []
    for r in facts.results:
        if r.problem:
            verdict = "cannot judge"
        elif r.sample_code is None and r.result is None:
            verdict = "no result"
        elif r.outcome is Outcome.FAIL:
            verdict = "FAIL"
        else:
            verdict = r.outcome.value
        row = ResultRow(r.label, r.sample_code or "", r.result or "—", r.limit, verdict)
        if isinstance(r, _RecordedResult):
            row = replace(
                row,
                value=r.value,
                unit=r.unit,
                specification=r.specification,
                method=r.method,
                laboratory=r.laboratory,
                tested_at=r.tested_at,
            )
        rows.append(row)
    return tuple(rows)


def _check(
    session: Session, lot: Lot, now: datetime, reads: _Reads | None = None
) -> tuple[ReleaseCheck, Specification | None]:
    reads = reads or _Reads(session, now, [lot])
    expires_at = now + timedelta(hours=reads.expiry_hours)
    facts, spec = _gather(reads, lot, expires_at)
    # Labels printed for the lot and not all accounted for (printed ≠ applied + destroyed).
    blockers = release_blockers(facts) + reads.reconciliation_blockers(lot)
    check = ReleaseCheck(
        lot.din,
        lot.status,
        not blockers,
        blockers,
        facts.release_specification,
        _rows(facts),
        facts.phenotypes,
    )
    return check, spec


def release_check(db: Database, actor: Actor, din: str) -> ReleaseCheck:
    """Whether the lot can be released now, with every reason it cannot and the results."""
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        return lot_release_check(session, lot_by_din(session, din), get_clock().now())


def lot_release_check(session: Session, lot: Lot, now: datetime) -> ReleaseCheck:
    """`release_check` inside the caller's transaction (the batch record reads it so)."""
    return _check(session, lot, now)[0]


def lot_release_checks(session: Session, lots: Sequence[Lot], now: datetime) -> list[ReleaseCheck]:
    """`lot_release_check` of each lot, read together (a few queries for any number of lots:
    the home screens check every seeded lot). Only in a transaction that has not changed
    them."""
    if not lots:
        return []
    reads = _Reads(session, now, lots)
    return [_check(session, lot, now, reads)[0] for lot in lots]


# ---------------------------------------------------------------------------------------------
# Deciding


def _work_by(session: Session, lot: Lot, user_id: int, tz: ZoneInfo) -> list[str]:
    """What the user did on this lot: entered, performed, counted, seeded, sampled or tested."""
    found: list[str] = []
    steps, _ = _step_records(lot, tz)
    for name, record in steps:
        if user_id in makers(session, record):
            found.append(name)
    others: list[tuple[str, list]] = [
        ("vessel", list(lot.vessels)),
        (
            "cell count",
            list(session.scalars(select(CellCount).where(CellCount.lot_id == lot.id))),
        ),
        ("immunophenotype", list(lot.immunophenotypes)),
        ("QC sample", list(session.scalars(select(QcSample).where(QcSample.lot_id == lot.id)))),
        ("QC result", list(session.scalars(select(QcResult).where(QcResult.lot_id == lot.id)))),
    ]
    for kind, records in others:
        for record in records:
            if record.voided_at is not None:
                continue
            people = makers(session, record) | {
                getattr(record, column, None)
                for column in ("seeded_by_id", "counted_by_id", "taken_by_id", "tested_by_id")
            }
            if user_id in people:
                label = getattr(record, "code", None) or getattr(record, "test_code", None)
                found.append(f"{kind} {label}" if label else kind)
                break
    return found


def _refuse_makers(session: Session, actor: Actor, lot: Lot, doing: str) -> None:
    tz = ZoneInfo(the_site(session).timezone)
    work = _work_by(session, lot, actor.user_id, tz)
    if work:
        raise ReleaseRefusedError(
            f"{actor.full_name} cannot {doing} lot {lot.din}: they performed or recorded work "
            f"on it ({'; '.join(work)}). A QA person who did not work on the lot must do it."
        )


def _sign_decision(
    session: Session, actor: Actor, decision: ReleaseDecision, meaning: Meaning
) -> ESignature:
    """Sign a decision and link it. A decision is always entered by the person who decides,
    so the record-level maker check is off here; maker ≠ checker was applied above against
    all the work on the lot. The caller has confirmed the signer's identity."""
    signature = add_signature(session, actor, decision, meaning, maker_check=False)
    decision.signature_id = signature.id
    session.flush()
    return signature


def _result(
    lot: Lot, decision: ReleaseDecision, spec: Specification, sig: ESignature, actor: Actor
) -> ReleaseResult:
    view = SignatureView(
        sig.id,
        sig.printed_name,
        actor.username,
        sig.signed_at,
        Meaning(sig.meaning),
        sig.record_table,
        sig.record_id,
        None,
        None,
        True,
    )
    return ReleaseResult(
        lot.din,
        decision.decision,
        decision.decided_at,
        actor.full_name,
        decision.expires_at,
        spec_label(spec),
        view.manifestation,
        decision.reason,
    )


def release_lot(
    db: Database, actor: Actor, din: str, *, username: str, password: str
) -> ReleaseResult:
    """QA releases the lot with an e-signature; it expires release_expiry_hours from now.

    Refused, with every reason at once, unless the release check passes; refused when the
    releaser did any of the lot's work. A wrong password releases nothing.
    """
    with db.reading() as session:  # no password prompt, no lockout count, without the right
        authorise(session, actor, Action.RELEASE_LOT)
    confirm_identity(db, actor, username, password, purpose="signature")
    with db.writing(actor, "lot released by QA") as session:
        authorise(session, actor, Action.RELEASE_LOT)
        lot = lot_by_din(session, din)
        now = get_clock().now()
        check, spec = _check(session, lot, now)
        if check.blockers:
            raise ReleaseRefusedError(
                f"Lot {lot.din} cannot be released:\n"
                + "\n".join(f"• {b.message}" for b in check.blockers),
                check.blockers,
            )
        assert spec is not None
        _refuse_makers(session, actor, lot, "release")
        expires_at = now + timedelta(hours=process_rules(session).release_expiry_hours)
        decision = ReleaseDecision(
            lot_id=lot.id,
            decision="released",
            decided_at=now,
            decided_by_id=actor.user_id,
            specification_id=spec.id,
            expires_at=expires_at,
            reason="",
            **stamp(actor),
        )
        session.add(decision)
        lot.expires_at = expires_at
        advance(lot, LotStatus.RELEASED)
        signature = _sign_decision(session, actor, decision, Meaning.APPROVED_FOR_RELEASE)
        return _result(lot, decision, spec, signature, actor)


def reject_lot(
    db: Database, actor: Actor, din: str, *, reason: str, username: str, password: str
) -> ReleaseResult:
    """QA rejects a seeded lot, with a reason and an e-signature ("rejected")."""
    reason = require_text("Reason for rejection", reason, max_length=2000)
    with db.reading() as session:  # no password prompt, no lockout count, without the right
        authorise(session, actor, Action.REJECT_LOT)
    confirm_identity(db, actor, username, password, purpose="signature")
    with db.writing(actor, reason) as session:
        authorise(session, actor, Action.REJECT_LOT)
        lot = lot_by_din(session, din)
        require_status(lot, LotStatus.SEEDED, doing="rejection")
        now = get_clock().now()
        spec = spec_in_force(session, RELEASE, now)
        if spec is None:
            raise ReleaseRefusedError(
                "No approved release specification is in force; QA must approve one before a "
                "lot can be released or rejected."
            )
        _refuse_makers(session, actor, lot, "reject")
        decision = ReleaseDecision(
            lot_id=lot.id,
            decision="rejected",
            decided_at=now,
            decided_by_id=actor.user_id,
            specification_id=spec.id,
            expires_at=None,
            reason=reason,
            **stamp(actor),
        )
        session.add(decision)
        advance(lot, LotStatus.REJECTED)
        signature = _sign_decision(session, actor, decision, Meaning.REJECTED)
        return _result(lot, decision, spec, signature, actor)


def lot_expiry(db: Database, actor: Actor, din: str) -> ExpiryView:
    """The lot's expiry as of now, from the one clock; nothing until it is released."""
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        lot = lot_by_din(session, din)
        if lot.expires_at is None:
            return ExpiryView(lot.din, None, None, False)
        left = (lot.expires_at - get_clock().now()) / timedelta(hours=1)
        return ExpiryView(lot.din, lot.expires_at, left, left <= 0)


__all__ = [
    "ExpiryView",
    "ReleaseCheck",
    "ReleaseRefusedError",
    "ReleaseResult",
    "ResultRow",
    "lot_expiry",
    "lot_release_check",
    "lot_release_checks",
    "reject_lot",
    "release_check",
    "release_lot",
]
