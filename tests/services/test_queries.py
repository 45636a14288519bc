"""The reads behind the home screens and the lot list: searching lots (typed or scanned), the
bench's work list and QA's review queue."""

from __future__ import annotations

from datetime import timedelta

import pytest

from labtracker.domain.identifiers import din_check_character
from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import PermissionDeniedError
from labtracker.services import deviations, lots, queries
from labtracker.services.records import lot_by_din
from tests.services.test_deviations import add_vessel
from tests.services.test_quality import (
    build_seeded_lot,
    record_passing_qc,
    record_phenotype,
    seed_specifications,
)
from tests.support.lab import enrol


def start(lab, mrn: str, **names) -> str:
    enrol(lab, mrn, **names)
    return lots.start_lot(lab.db, lab.tech, mrn).din


def collect(lab, clock, din: str) -> None:
    lots.record_aspirate(
        lab.db,
        lab.tech,
        din,
        collection_site="left posterior iliac crest",
        volume_ml=15,
        anticoagulant="heparin",
        anticoagulant_lot=None,
        collected_at=clock.now(),
        collected_by_name="Dr Zhao Ming",
    )


def receive(lab, clock, din: str, temperature: float = 8) -> None:
    lots.receive_aspirate(
        lab.db,
        lab.tech,
        din,
        received_at=clock.now(),
        condition="acceptable",
        temperature_c=temperature,
    )


def put_in_culture(lab, din: str) -> None:
    """TEST SET-UP ONLY: a lot in culture with one flask, without the receipt and isolation."""
    with lab.db.writing(lab.tech, "test set-up: lot put in culture directly") as session:
        lot_by_din(session, din).status = LotStatus.IN_CULTURE
    add_vessel(lab, din)


def found(lab, text: str) -> list[str]:
    return [row.din for row in queries.list_lots(lab.db, lab.tech, search=text)]


def test_search_finds_lots_by_din_mrn_and_name_typed_or_scanned(lab, clock):
    zhang = start(lab, "MRN0012345")  # 张伟 (Zhang Wei)
    clock.advance(minutes=1)
    wang = start(lab, "MRN0067890", family_name="王", given_name="建国")
    clock.advance(minutes=1)
    smith = start(lab, "MRN-5550", family_name="Smith", given_name="John")
    vessel = add_vessel(lab, wang)

    assert found(lab, "") == [smith, wang, zhang]  # no search: everything, newest first
    assert found(lab, zhang) == [zhang]
    assert found(lab, zhang + din_check_character(zhang)) == [zhang]  # typed with its check
    assert found(lab, f"={wang}00") == [wang]  # scanned barcode
    assert found(lab, f" {wang[:5]} {wang[5:7]} {wang[7:]} ") == [wang]  # as printed
    assert found(lab, vessel) == [wang]  # a vessel label finds its lot
    assert found(lab, wang[-3:]) == [wang]  # part of a DIN
    assert found(lab, "mrn00678") == [wang]  # part of an MRN, any case
    assert found(lab, "MRN:MRN0012345") == [zhang]  # wristband: exactly that patient
    assert found(lab, "MRN:MRN00123") == []  # a wristband never finds a near match
    assert found(lab, "建国") == [wang]
    assert found(lab, "王建国") == [wang]
    # The romanised name, any case (the test enrolment romanises every patient so).
    assert found(lab, "zhang WEI") == [smith, wang, zhang]
    assert found(lab, "smith john") == [smith]  # family and given name run together
    assert found(lab, "N-555") == [smith]
    assert found(lab, "_") == []  # LIKE wildcards are literal characters
    assert found(lab, "%") == []
    assert found(lab, "nobody") == []
    # A DIN typed with a wrong check character finds nothing (and never hints at the right one).
    wrong = next(c for c in "0123456789" if c != din_check_character(zhang))
    assert found(lab, zhang + wrong) == []


def test_search_combines_with_status_filters_paging_and_counts(lab, clock):
    dins = []
    for n in range(5):
        dins.append(start(lab, f"MRN00{n:05d}"))
        clock.advance(minutes=1)
    collect(lab, clock, dins[1])
    collect(lab, clock, dins[3])
    newest_first = dins[::-1]

    assert found(lab, "MRN000") == newest_first
    page = queries.list_lots(lab.db, lab.tech, search="MRN000", limit=2, offset=2)
    assert [r.din for r in page] == newest_first[2:4]
    collected = queries.list_lots(
        lab.db, lab.tech, search="MRN000", statuses=(LotStatus.ASPIRATE_COLLECTED,)
    )
    assert [r.din for r in collected] == [dins[3], dins[1]]
    assert queries.count_lots(lab.db, lab.tech, search="MRN000") == {
        LotStatus.CREATED: 3,
        LotStatus.ASPIRATE_COLLECTED: 2,
    }
    assert queries.count_lots(lab.db, lab.tech, search=dins[3]) == {LotStatus.ASPIRATE_COLLECTED: 1}
    assert queries.count_lots(
        lab.db, lab.tech, statuses=(LotStatus.CREATED,), active_only=True
    ) == {LotStatus.CREATED: 3}
    # Without filters it still counts every lot, as before.
    assert sum(queries.count_lots(lab.db, lab.tech).values()) == 5


def tasks(lab) -> list[tuple[str, str, str]]:
    return [(item.lot.din, item.task, item.urgency) for item in queries.work_list(lab.db, lab.tech)]


def test_work_list_names_the_next_task_most_pressing_first(lab, clock):
    created = start(lab, "MRN0000001")
    clock.advance(minutes=1)
    collected = start(lab, "MRN0000002")
    collect(lab, clock, collected)
    clock.advance(minutes=1)
    warm = start(lab, "MRN0000003")
    collect(lab, clock, warm)
    receive(lab, clock, warm, temperature=29)
    clock.advance(minutes=1)
    cultured = start(lab, "MRN0000004")
    put_in_culture(lab, cultured)

    assert tasks(lab) == [
        (warm, "Raise a deviation for the receipt", "blocked"),
        (collected, "Receive the aspirate", "due"),
        (created, "Aspirate collection", "later"),
        (cultured, "Harvest or passage (cell count)", "later"),
    ]
    by_din = {item.lot.din: item for item in queries.work_list(lab.db, lab.tech)}
    assert "29 °C" in by_din[warm].detail
    assert by_din[cultured].detail == "1 vessel(s) at P0, day 0 since seeding"

    number = deviations.raise_deviation(
        lab.db,
        lab.tech,
        din=warm,
        title="Aspirate received above 25 °C",
        description="29 °C on receipt",
        occurred_at=clock.now(),
        classification="major",
        link_receipt=True,
    )
    clock.advance(days=queries.HARVEST_CHECK_DAYS, hours=1)  # past the 24 h receipt limit too
    items = {item.lot.din: item for item in queries.work_list(lab.db, lab.tech)}
    assert (items[warm].task, items[warm].urgency) == ("Isolation and cell count", "due")
    assert items[warm].detail.endswith(f" ago (outside limits: {number})")
    assert items[warm].lot.open_deviations == 1
    assert (items[collected].task, items[collected].urgency) == ("Receive the aspirate", "overdue")
    assert items[collected].detail.startswith("collected 7 days ago")
    assert (items[cultured].urgency, items[cultured].detail) == (
        "due",
        "1 vessel(s) at P0, day 7 since seeding",
    )
    assert [item.urgency for item in queries.work_list(lab.db, lab.tech)] == [
        "overdue",
        "due",
        "due",
        "later",
    ]


def test_work_list_and_review_queue_read_the_release_check(lab, clock):
    seed_specifications(lab)
    din = build_seeded_lot(lab, clock).din

    [item] = queries.work_list(lab.db, lab.tech)
    assert (item.task, item.detail, item.urgency) == (
        "Take QC samples",
        "7 test(s) with no sample yet",
        "due",
    )
    [waiting] = queries.review_queue(lab.db, lab.qa)
    assert (waiting.lot.din, waiting.can_release) == (din, False)
    assert (waiting.results_in, waiting.results_expected, waiting.failures) == (0, 7, ())
    assert "Viability: no result yet" in waiting.blockers

    record_passing_qc(lab, clock, din, endotoxin=0.8)
    record_phenotype(lab, clock, din)
    [item] = queries.work_list(lab.db, lab.tech)
    assert (item.task, item.detail, item.urgency) == (
        "QA review and release",
        "a result failed",
        "later",
    )
    [failed] = queries.review_queue(lab.db, lab.qa)
    assert (failed.results_in, failed.results_expected, failed.can_release) == (7, 7, False)
    assert len(failed.failures) == 1 and failed.failures[0].startswith("Endotoxin 0.8 EU/mL")


def test_review_queue_shows_a_lot_ready_for_release(lab, clock):
    seed_specifications(lab)
    din = build_seeded_lot(lab, clock).din
    record_passing_qc(lab, clock, din)
    record_phenotype(lab, clock, din)
    [ready] = queries.review_queue(lab.db, lab.qa)
    assert (ready.can_release, ready.failures, ready.blockers) == (True, (), ())
    [item] = queries.work_list(lab.db, lab.tech)
    assert item.detail == "ready for release"


def test_home_reads_need_view_lots(lab, clock):
    start(lab, "MRN0000001")
    for read in (queries.work_list, queries.review_queue):
        with pytest.raises(PermissionDeniedError):
            read(lab.db, lab.admin)
    with pytest.raises(PermissionDeniedError):
        queries.list_lots(lab.db, lab.admin, search="MRN")


def test_expired_construct_heads_the_work_list(lab, clock):
    """A released construct past its expiry is the first thing on the list, in words."""
    from labtracker.services import release
    from tests.services.conftest import PASSWORD

    seed_specifications(lab)
    din = build_seeded_lot(lab, clock).din
    record_passing_qc(lab, clock, din)
    record_phenotype(lab, clock, din)
    clock.advance(hours=1)
    release.release_lot(lab.db, lab.qa, din, username="mchen", password=PASSWORD)
    [item] = queries.work_list(lab.db, lab.tech)
    assert (item.task, item.detail, item.urgency) == (
        "Dispatch to theatre",
        "expires in 48 h",
        "due",
    )
    clock.advance(hours=49)
    [item] = queries.work_list(lab.db, lab.tech)
    assert item.urgency == "expired"
    assert item.task == "EXPIRED: must not be implanted; discard"
    assert item.detail == "expired 1 h ago"
    assert clock.now() - item.lot.expires_at == timedelta(hours=1)
