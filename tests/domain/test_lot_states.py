"""The lot state machine: every pair of statuses, checked against the process in domain.md."""

from __future__ import annotations

import pytest

from labtracker.domain.errors import InvalidTransitionError, InvalidValueError
from labtracker.domain.lot_states import (
    LotStatus,
    allowed_transitions,
    can_transition,
    is_active,
    is_terminal,
    parse_status,
    transition,
)

S = LotStatus

# The one table a reviewer checks against the process: every allowed move, nothing else.
EXPECTED = {
    S.CREATED: {S.ASPIRATE_COLLECTED, S.DISCARDED},
    S.ASPIRATE_COLLECTED: {S.RECEIVED, S.DISCARDED},
    S.RECEIVED: {S.IN_CULTURE, S.DISCARDED},
    S.IN_CULTURE: {S.IN_INDUCTION, S.DISCARDED},
    S.IN_INDUCTION: {S.SEEDED, S.DISCARDED},
    S.SEEDED: {S.RELEASED, S.REJECTED, S.DISCARDED},
    S.RELEASED: {S.DISPATCHED, S.DISCARDED},
    S.DISPATCHED: {S.IMPLANTED, S.DISCARDED},
    S.REJECTED: {S.DISCARDED},
    S.IMPLANTED: set(),
    S.DISCARDED: set(),
}


def test_expected_table_covers_every_status():
    assert set(EXPECTED) == set(LotStatus)


@pytest.mark.parametrize("current", list(LotStatus))
@pytest.mark.parametrize("target", list(LotStatus))
def test_every_pair_of_statuses(current, target):
    allowed = target in EXPECTED[current]
    assert can_transition(current, target) is allowed
    if allowed:
        assert transition(current, target) is target
    else:
        with pytest.raises(InvalidTransitionError) as err:
            transition(current, target)
        # The message is for a technician: labels, not codes.
        assert "_" not in str(err.value)


def test_allowed_transitions_matches_table():
    for status in LotStatus:
        assert allowed_transitions(status) == EXPECTED[status]


def test_rejected_lot_cannot_be_released():
    with pytest.raises(InvalidTransitionError, match="rejected by qa cannot become released"):
        transition(S.REJECTED, S.RELEASED)


def test_skipping_a_step_names_the_next_one():
    with pytest.raises(InvalidTransitionError) as err:
        transition(S.IN_CULTURE, S.RELEASED)
    assert "in osteogenic induction" in str(err.value)
    assert "discarded" in str(err.value)


def test_terminal_lot_refuses_everything():
    with pytest.raises(InvalidTransitionError, match="nothing more can be recorded"):
        transition(S.IMPLANTED, S.DISCARDED)


def test_terminal_and_active():
    assert {s for s in LotStatus if is_terminal(s)} == {S.IMPLANTED, S.DISCARDED}
    assert {s for s in LotStatus if not is_active(s)} == {S.IMPLANTED, S.DISCARDED, S.REJECTED}


def test_no_path_goes_backwards():
    order = list(LotStatus)
    for current, targets in EXPECTED.items():
        for target in targets:
            assert order.index(target) > order.index(current)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in_culture", S.IN_CULTURE),
        ("  IN culture ", S.IN_CULTURE),
        ("Released by QA", S.RELEASED),
        ("seeded", S.SEEDED),
    ],
)
def test_parse_status(text, expected):
    assert parse_status(text) is expected


@pytest.mark.parametrize("text", ["", "shipped", "release"])
def test_parse_status_refuses_unknown(text):
    with pytest.raises(InvalidValueError) as err:
        parse_status(text)
    assert err.value.field == "Lot status"
    assert "Lot status" in str(err.value)
    assert "in_culture" in str(err.value)
