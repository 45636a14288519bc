"""The lot page's table and tree models, on plain service views: what each cell says, its
colour and its word, times in the site's zone, and batch loading of the audit trail."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QModelIndex, Qt

from labtracker.domain.lot_states import LotStatus
from labtracker.domain.release_rules import Blocker, PhenotypeFact
from labtracker.domain.specifications import Outcome
from labtracker.services.audit import AuditRow
from labtracker.services.culture import HarvestInfo, VesselNode
from labtracker.services.custody import CustodyView
from labtracker.services.deviations import DeviationView
from labtracker.services.labels import ReconciliationRow
from labtracker.services.queries import TimelineEvent
from labtracker.services.release import ReleaseCheck, ResultRow
from labtracker.services.signatures import Meaning, SignatureView
from ui.models.lot_page_models import (
    FAIL_COLOUR,
    PASS_COLOUR,
    PENDING_COLOUR,
    AuditModel,
    CustodyModel,
    DeviationsModel,
    LabelsModel,
    QcResultsModel,
    TimelineModel,
    VesselTreeModel,
    local_time,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # 16:00 in Shanghai
D = Qt.ItemDataRole.DisplayRole
FG = Qt.ItemDataRole.ForegroundRole
BG = Qt.ItemDataRole.BackgroundRole
FONT = Qt.ItemDataRole.FontRole


TOP = QModelIndex()


def cell(model, row, column, role=D, parent=TOP):
    return model.data(model.index(row, column, parent), role)


def colour(model, row, column, role=FG):
    return cell(model, row, column, role).color()


# --- timeline --------------------------------------------------------------------------------


def event(minutes, kind, record_id, title, detail="", by="Li Wang", voided=False):
    return TimelineEvent(
        T0 + timedelta(minutes=minutes), kind, record_id, title, detail, by, voided
    )


def signature(sid, table, record_id, meaning, name, minutes, *, superseded=False, matches=True):
    return SignatureView(
        sid,
        name,
        name.split()[0].lower(),
        T0 + timedelta(minutes=minutes),
        meaning,
        table,
        record_id,
        T0 + timedelta(hours=5) if superseded else None,
        "corrected" if superseded else None,
        matches,
    )


def test_timeline_puts_each_signature_beside_its_step(qapp, qtmodeltester):
    events = [
        event(0, "lot", 1, "Lot started", "DIN A9999 26 000001"),
        event(60, "isolation", 4, "Isolation", "density gradient"),
        event(60, "e_signature", 10, "Signed: performed", "isolation 4"),
        event(60, "cell_count", 7, "Cell count (isolation)", voided=True),
        event(70, "e_signature", 11, "Signed: verified", "isolation 4", by="Zhang Liu"),
        event(30, "osteogenic_induction", 2, "Osteogenic induction started"),
        event(2 * 24 * 60, "osteogenic_induction", 2, "Osteogenic induction ended"),
        event(2 * 24 * 60 + 5, "e_signature", 12, "Signed: performed", "eligibility 9"),
    ]
    signatures = [
        signature(10, "isolation", 4, Meaning.PERFORMED, "Li Wang", 60),
        signature(11, "isolation", 4, Meaning.VERIFIED, "Zhang Liu", 70, superseded=True),
        signature(13, "osteogenic_induction", 2, Meaning.PERFORMED, "Li Wang", 2 * 24 * 60),
    ]
    model = TimelineModel(SHANGHAI)
    model.set_timeline(events, signatures)
    qtmodeltester.check(model)

    whats = [cell(model, r, TimelineModel.WHAT) for r in range(model.rowCount())]
    # Signatures on a shown step go beside it; one whose record has no step keeps its line.
    assert whats == [
        "Lot started",
        "Osteogenic induction started",
        "Isolation",
        "Cell count (isolation) (voided)",
        "Osteogenic induction ended",
        "Signed: performed",
    ]
    assert cell(model, 0, TimelineModel.WHEN) == "2026-03-02 16:00"
    isolation = whats.index("Isolation")
    assert cell(model, isolation, TimelineModel.SIGNATURES) == (
        "Performed: Li Wang, 17:00\nVerified: Zhang Liu, 17:10 — SUPERSEDED"
    )
    assert colour(model, isolation, TimelineModel.SIGNATURES) == FAIL_COLOUR
    # An induction is signed after it ends: the signature sits on the "ended" line.
    assert cell(model, 1, TimelineModel.SIGNATURES) == ""
    assert cell(model, 4, TimelineModel.SIGNATURES) == "Performed: Li Wang, 16:00"
    # A signature on another day than its step carries its date.
    late = signature(14, "lot", 1, Meaning.REVIEWED, "Mei Chen", 3 * 24 * 60)
    assert model.signature_line(late, T0) == "Reviewed: Mei Chen, 2026-03-05 16:00"
    # Voided: struck through, greyed and said in words.
    assert cell(model, 3, TimelineModel.WHAT, FONT).strikeOut()
    assert cell(model, 0, TimelineModel.WHAT, FONT) is None
    assert cell(model, 3, TimelineModel.BY) == "Li Wang"


# --- vessels ---------------------------------------------------------------------------------


def harvest(hid, cells, pd, cumulative, pooled=(), under=None):
    return HarvestInfo(
        hid, T0 + timedelta(days=7), pooled, 80.0, cells, 95.5, pd, 31.6, cumulative, under
    )


def vessel(code, passage, state="harvested", harvest_info=None, children=()):
    return VesselNode(
        code, "T75", passage, T0, 150_000, 75.0, 2000.0, state, harvest_info, tuple(children)
    )


def test_vessel_tree_runs_by_passage_with_pools_named_once(qapp, qtmodeltester):
    p1 = [vessel(f"A999926000001-P1-{n}", 1, "in_culture") for n in (1, 2)]
    roots = [
        vessel(
            "A999926000001-P0-1",
            0,
            harvest_info=harvest(1, 12e6, 5.32, 5.32, pooled=("A999926000001-P0-2",)),
            children=p1,
        ),
        vessel(
            "A999926000001-P0-2",
            0,
            harvest_info=harvest(
                1, 12e6, 5.32, 5.32, pooled=("A999926000001-P0-1",), under="A999926000001-P0-1"
            ),
        ),
    ]
    model = VesselTreeModel(SHANGHAI)
    model.set_roots(roots)
    qtmodeltester.check(model)

    assert model.rowCount() == 2
    first = model.index(0, 0)
    assert model.rowCount(first) == 2
    assert model.rowCount(model.index(1, 0)) == 0
    child = model.index(1, VesselTreeModel.CODE, first)
    assert child.data() == "A999926000001-P1-2"
    assert model.parent(child) == first
    assert cell(model, 0, VesselTreeModel.HARVESTED) == "12,000,000 (pool of 2)"
    assert cell(model, 0, VesselTreeModel.PD) == "5.32 (5.32)"
    assert cell(model, 1, VesselTreeModel.HARVESTED) == "pooled, see P0-1"
    assert cell(model, 1, VesselTreeModel.PD) == ""
    assert cell(model, 0, VesselTreeModel.CELLS) == "150,000"
    assert cell(model, 0, VesselTreeModel.DENSITY) == "2,000"
    assert cell(model, 0, VesselTreeModel.SEEDED) == "2026-03-02 16:00"
    state = model.index(0, VesselTreeModel.STATE, first)
    assert state.data() == "In culture"
    assert state.data(FONT).bold()
    assert "Pooled with A999926000001-P0-2" in cell(
        model, 0, VesselTreeModel.HARVESTED, Qt.ItemDataRole.ToolTipRole
    )


# --- QC results ------------------------------------------------------------------------------


def result(test, result, limit, verdict, sample="S", spec="RELEASE v1", tested=T0):
    return ResultRow(test, sample, result, limit, verdict, specification=spec, tested_at=tested)


def test_qc_results_say_pass_fail_pending_in_word_and_colour(qapp, qtmodeltester):
    check = ReleaseCheck(
        "A999926000001",
        LotStatus.SEEDED,
        False,
        (Blocker("failed_result", "Endotoxin 0.8 EU/mL fails < 0.5 EU/mL"),),
        "RELEASE v2",
        (
            result("Viability", "91.5 %", "≥ 70 %", "pass"),
            result("Endotoxin", "0.8 EU/mL", "< 0.5 EU/mL", "FAIL"),
            result("Mycoplasma", "—", '"negative"', "pending", tested=None),
            result("Gram stain", "—", '"no organisms seen"', "no result", "", "", None),
        ),
        (
            PhenotypeFact(
                "PHENOTYPE v1", date(2026, 2, 20), Outcome.FAIL, ("CD105 91 % is not ≥ 95 %: FAIL",)
            ),
        ),
    )
    model = QcResultsModel(SHANGHAI)
    model.set_check(check)
    qtmodeltester.check(model)

    assert model.rowCount() == 5
    verdicts = [cell(model, r, QcResultsModel.VERDICT) for r in range(5)]
    assert verdicts == ["PASS", "FAIL", "PENDING", "NO RESULT", "FAIL"]
    fills = [colour(model, r, QcResultsModel.VERDICT, BG) for r in range(5)]
    assert fills == [PASS_COLOUR, FAIL_COLOUR, PENDING_COLOUR, PENDING_COLOUR, FAIL_COLOUR]
    assert colour(model, 1, QcResultsModel.RESULT) == FAIL_COLOUR
    assert cell(model, 0, QcResultsModel.RESULT, FG) is None
    assert cell(model, 1, QcResultsModel.LIMIT) == "< 0.5 EU/mL"
    assert cell(model, 0, QcResultsModel.TESTED) == "2026-03-02 16:00"
    # No result yet: judged against the version in force now.
    assert cell(model, 3, QcResultsModel.SPEC) == "RELEASE v2"
    assert cell(model, 4, QcResultsModel.TEST) == "Immunophenotype"
    assert cell(model, 4, QcResultsModel.RESULT) == "CD105 91 % is not ≥ 95 %: FAIL"
    assert cell(model, 4, QcResultsModel.SPEC) == "PHENOTYPE v1"
    assert cell(model, 4, QcResultsModel.TESTED) == "analysed 2026-02-20"


# --- deviations ------------------------------------------------------------------------------


def deviation(number, state, classification="major", closed_by=None):
    return DeviationView(
        number,
        "A999926000001",
        "Aspirate received above 25 °C",
        "29 °C on receipt",
        classification,
        T0,
        T0,
        "Li Wang",
        "",
        "",
        "",
        "",
        state,
        T0 + timedelta(days=1) if closed_by else None,
        closed_by,
        True,
    )


def test_deviations_show_open_in_amber_and_closed_in_green(qapp, qtmodeltester):
    model = DeviationsModel(SHANGHAI)
    model.set_rows(
        [
            deviation("DEV-2026-0001", "open"),
            deviation("DEV-2026-0002", "closed", "critical", "Mei Chen"),
        ]
    )
    qtmodeltester.check(model)
    assert cell(model, 0, DeviationsModel.STATE) == "OPEN"
    assert colour(model, 0, DeviationsModel.STATE, BG) == PENDING_COLOUR
    assert cell(model, 1, DeviationsModel.STATE) == "Closed"
    assert colour(model, 1, DeviationsModel.STATE, BG) == PASS_COLOUR
    assert cell(model, 1, DeviationsModel.CLASS) == "CRITICAL"
    assert colour(model, 1, DeviationsModel.CLASS) == FAIL_COLOUR
    assert cell(model, 1, DeviationsModel.CLOSED) == "2026-03-03 16:00 by Mei Chen"
    assert cell(model, 0, DeviationsModel.CLOSED) == ""
    assert cell(model, 0, DeviationsModel.TITLE, Qt.ItemDataRole.ToolTipRole) == "29 °C on receipt"
    assert model.row_at(1).number == "DEV-2026-0002"


# --- labels ----------------------------------------------------------------------------------


def label_print(pid, kind, *, reprint=None, applied=0, destroyed=0, reconciled=True, voided=False):
    return ReconciliationRow(
        pid,
        kind,
        "A999926000001-P0-1" if kind == "vessel" else None,
        T0,
        "Li Wang",
        2,
        reprint is not None,
        reprint,
        applied,
        destroyed,
        2 - applied - destroyed,
        T0 if reconciled else None,
        "",
        voided,
    )


def test_labels_mark_reprints_and_reconciliation_state(qapp, qtmodeltester):
    model = LabelsModel(SHANGHAI)
    model.set_rows(
        [
            label_print(1, "quarantine", applied=2),
            label_print(2, "vessel", reprint="label smudged", reconciled=False),
            label_print(3, "vessel", applied=1),
            label_print(4, "release", voided=True, reconciled=False),
        ]
    )
    qtmodeltester.check(model)
    states = [cell(model, r, LabelsModel.STATE) for r in range(4)]
    assert states == ["Reconciled", "NOT RECONCILED", "MISMATCH", "Voided"]
    assert [colour(model, r, LabelsModel.STATE, BG) for r in range(3)] == [
        PASS_COLOUR,
        PENDING_COLOUR,
        FAIL_COLOUR,
    ]
    assert cell(model, 1, LabelsModel.REPRINT) == "REPRINT: label smudged"
    assert cell(model, 1, LabelsModel.REPRINT, FONT).bold()
    assert cell(model, 0, LabelsModel.REPRINT) == ""
    assert cell(model, 1, LabelsModel.VESSEL) == "A999926000001-P0-1"
    # Not reconciled yet: every copy is outstanding, nothing is counted as applied.
    assert (cell(model, 1, LabelsModel.APPLIED), cell(model, 1, LabelsModel.OUTSTANDING)) == (
        "",
        "2",
    )
    assert cell(model, 2, LabelsModel.OUTSTANDING) == "1"
    assert cell(model, 3, LabelsModel.KIND, FONT).strikeOut()


# --- custody ---------------------------------------------------------------------------------


def test_custody_shows_each_hand_over_with_both_parties(qapp, qtmodeltester):
    handover = CustodyView(
        "A999926000001",
        "handed_over",
        T0,
        "Courier Wu",
        "Dr Zhao Ming",
        "Transport box T-3",
        "OR 4",
        6.0,
        "City couriers",
        "LOG-7",
        "S-991",
        "=A99992600000100",
        "Li Wang",
        T0,
    )
    model = CustodyModel(SHANGHAI)
    model.set_rows([handover])
    qtmodeltester.check(model)
    assert cell(model, 0, CustodyModel.WHEN) == "2026-03-02 16:00"
    assert cell(model, 0, CustodyModel.EVENT) == "Handed over"
    assert cell(model, 0, CustodyModel.FROM) == "Courier Wu (Transport box T-3)"
    assert cell(model, 0, CustodyModel.TO) == "Dr Zhao Ming (OR 4)"
    assert cell(model, 0, CustodyModel.TEMPERATURE) == "6 °C"
    assert cell(model, 0, CustodyModel.SEAL) == "S-991 · LOG-7 · City couriers"
    assert "=A99992600000100" in cell(model, 0, CustodyModel.EVENT, Qt.ItemDataRole.ToolTipRole)


# --- audit trail -----------------------------------------------------------------------------


def audit_row(n, action="update", new="x"):
    return AuditRow(
        n,
        T0 + timedelta(seconds=n),
        "tech",
        "bench-1",
        action,
        "harvest",
        3,
        "volume_ml",
        "10.0",
        new,
        "correction of a typo" if action == "correct" else None,
        "A999926000001",
    )


def test_audit_rows_reach_the_view_in_batches(qapp, qtmodeltester):
    model = AuditModel(SHANGHAI)
    rows = [audit_row(n) for n in range(1, 451)]
    rows[3] = audit_row(4, "correct", new="{" + "x" * 300 + "}")
    model.set_rows(rows)
    assert model.total() == 450
    assert model.rowCount() == AuditModel.BATCH
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 450
    assert not model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 450

    assert cell(model, 0, AuditModel.ACTION) == "changed"
    assert cell(model, 3, AuditModel.ACTION) == "CORRECTED"
    assert colour(model, 3, AuditModel.ACTION) == FAIL_COLOUR
    assert cell(model, 3, AuditModel.RECORD) == "harvest 3"
    assert cell(model, 3, AuditModel.REASON) == "correction of a typo"
    shown = cell(model, 3, AuditModel.NEW)
    assert len(shown) == AuditModel.ELIDE and shown.endswith("…")
    assert cell(model, 3, AuditModel.NEW, Qt.ItemDataRole.ToolTipRole) == rows[3].new_value
    assert cell(model, 0, AuditModel.NEW, Qt.ItemDataRole.ToolTipRole) is None
    assert cell(model, 0, AuditModel.WHEN) == local_time(rows[0].occurred_at, SHANGHAI)
    # A new read starts again from the first batch.
    model.set_rows(rows)
    assert model.rowCount() == AuditModel.BATCH
    qtmodeltester.check(model)


@pytest.mark.parametrize(
    ("model_class", "headings"),
    [
        (TimelineModel, ["When", "What", "Detail", "By", "Signatures"]),
        (QcResultsModel, ["Test", "Verdict", "Result", "Specification"]),
        (DeviationsModel, ["Number", "Occurred", "Title", "Class", "State"]),
        (LabelsModel, ["Printed", "Kind", "Vessel", "Copies"]),
        (CustodyModel, ["When", "Event", "From", "To", "Temperature"]),
        (AuditModel, ["When", "User", "Station", "Action", "Record", "Field", "Old value"]),
    ],
)
def test_empty_tables_are_valid_models_with_their_headings(
    qapp, qtmodeltester, model_class, headings
):
    model = model_class(SHANGHAI)
    qtmodeltester.check(model)
    assert model.rowCount() == 0
    shown = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(headings))]
    assert shown == headings
