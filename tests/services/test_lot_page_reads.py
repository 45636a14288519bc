"""The reads behind the lot page: every deviation of one lot (open and closed), and every
signature on the lot's records."""

from __future__ import annotations

import pytest

from labtracker.domain.permissions import PermissionDeniedError
from labtracker.services import corrections, deviations
from labtracker.services.signatures import Meaning, lot_signatures
from tests.services.conftest import PASSWORD
from tests.services.test_deviations import assess, new_lot, raise_one


def test_lot_deviations_lists_open_and_closed_of_that_lot_only(lab, clock):
    din = new_lot(lab)
    other = new_lot(lab, enrol_patient=False)
    first = raise_one(lab, din=din, title="Incubator door left open")
    raise_one(lab, din=other)
    raise_one(lab)  # site-level
    clock.advance(minutes=5)
    second = raise_one(lab, din=din, title="Label smudged", classification="major")
    assess(lab, first)
    deviations.close_deviation(lab.db, lab.qa, first, username="mchen", password=PASSWORD)

    shown = deviations.lot_deviations(lab.db, lab.surgeon, din)
    assert [(d.number, d.state, d.title) for d in shown] == [
        (first, "closed", "Incubator door left open"),
        (second, "open", "Label smudged"),
    ]
    assert shown[0].closed_by == "Mei Chen"
    assert [d.number for d in deviations.open_deviations(lab.db, lab.qa, din)] == [second]


def test_lot_deviations_needs_a_role_that_views_lots(lab, clock):
    din = new_lot(lab)
    with pytest.raises(PermissionDeniedError):
        deviations.lot_deviations(lab.db, lab.admin, din)


def test_lot_signatures_are_the_lots_own_with_their_state(lab, clock):
    din = new_lot(lab)
    other = new_lot(lab, enrol_patient=False)
    number = raise_one(lab, din=din)
    elsewhere = raise_one(lab, din=other)
    for n in (number, elsewhere):
        assess(lab, n)
        deviations.close_deviation(lab.db, lab.qa, n, username="mchen", password=PASSWORD)
    assert lot_signatures(lab.db, lab.tech, din) != lot_signatures(lab.db, lab.tech, other)

    [signature] = lot_signatures(lab.db, lab.tech, din)
    assert (signature.record_table, signature.meaning, signature.printed_name) == (
        "deviation",
        Meaning.APPROVED,
        "Mei Chen",
    )
    assert signature.is_valid

    # A correction of the signed record supersedes the signature; it stays listed, marked.
    clock.advance(minutes=10)
    corrections.correct_record(
        lab.db,
        lab.qa,
        "deviation",
        signature.record_id,
        {"root_cause": "Latch worn and spring broken."},
        reason="root cause completed",
    )
    [after] = lot_signatures(lab.db, lab.tech, din)
    assert after.signature_id == signature.signature_id
    assert not after.is_valid and after.superseded_at is not None


def test_lot_signatures_needs_a_role_that_views_lots(lab, clock):
    din = new_lot(lab)
    with pytest.raises(PermissionDeniedError):
        lot_signatures(lab.db, lab.admin, din)
