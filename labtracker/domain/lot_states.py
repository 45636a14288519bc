"""The life of a lot, from patient enrolment to implantation, as a state machine.

A lot moves forward one step at a time. It can be discarded from any status that is not
terminal, and it can be rejected by QA only once it is seeded (awaiting release). Nothing
ever moves backwards: a correction is a new record, not a rewind of the lot.
"""

from __future__ import annotations

from enum import StrEnum

from labtracker.domain.errors import InvalidTransitionError, InvalidValueError


class LotStatus(StrEnum):
    CREATED = "created"
    ASPIRATE_COLLECTED = "aspirate_collected"
    RECEIVED = "received"
    IN_CULTURE = "in_culture"
    IN_INDUCTION = "in_induction"
    SEEDED = "seeded"
    RELEASED = "released"
    REJECTED = "rejected"
    DISPATCHED = "dispatched"
    IMPLANTED = "implanted"
    DISCARDED = "discarded"

    @property
    def label(self) -> str:
        """What a user reads for this status."""
        return STATUS_LABELS[self]


STATUS_LABELS: dict[LotStatus, str] = {
    LotStatus.CREATED: "Created (awaiting aspirate)",
    LotStatus.ASPIRATE_COLLECTED: "Aspirate collected",
    LotStatus.RECEIVED: "Received in lab",
    LotStatus.IN_CULTURE: "In culture",
    LotStatus.IN_INDUCTION: "In osteogenic induction",
    LotStatus.SEEDED: "Seeded on scaffold (quarantine)",
    LotStatus.RELEASED: "Released by QA",
    LotStatus.REJECTED: "Rejected by QA",
    LotStatus.DISPATCHED: "Dispatched to theatre",
    LotStatus.IMPLANTED: "Implanted",
    LotStatus.DISCARDED: "Discarded",
}

_FORWARD: dict[LotStatus, frozenset[LotStatus]] = {
    LotStatus.CREATED: frozenset({LotStatus.ASPIRATE_COLLECTED}),
    LotStatus.ASPIRATE_COLLECTED: frozenset({LotStatus.RECEIVED}),
    LotStatus.RECEIVED: frozenset({LotStatus.IN_CULTURE}),
    LotStatus.IN_CULTURE: frozenset({LotStatus.IN_INDUCTION}),
    LotStatus.IN_INDUCTION: frozenset({LotStatus.SEEDED}),
    LotStatus.SEEDED: frozenset({LotStatus.RELEASED, LotStatus.REJECTED}),
    LotStatus.RELEASED: frozenset({LotStatus.DISPATCHED}),
    LotStatus.DISPATCHED: frozenset({LotStatus.IMPLANTED}),
    LotStatus.REJECTED: frozenset(),
    LotStatus.IMPLANTED: frozenset(),
    LotStatus.DISCARDED: frozenset(),
}

TERMINAL: frozenset[LotStatus] = frozenset({LotStatus.IMPLANTED, LotStatus.DISCARDED})

TRANSITIONS: dict[LotStatus, frozenset[LotStatus]] = {
    status: targets if status in TERMINAL else targets | {LotStatus.DISCARDED}
    for status, targets in _FORWARD.items()
}


def allowed_transitions(status: LotStatus) -> frozenset[LotStatus]:
    """Every status a lot in ``status`` may move to next."""
    return TRANSITIONS[LotStatus(status)]


def can_transition(current: LotStatus, target: LotStatus) -> bool:
    return LotStatus(target) in allowed_transitions(current)


def transition(current: LotStatus, target: LotStatus) -> LotStatus:
    """Return ``target`` if a lot in ``current`` may move there, else explain why not."""
    current, target = LotStatus(current), LotStatus(target)
    if can_transition(current, target):
        return target
    if current in TERMINAL:
        raise InvalidTransitionError(
            f"This lot is {current.label.lower()}; nothing more can be recorded against it."
        )
    if current == target:
        raise InvalidTransitionError(f"This lot is already {current.label.lower()}.")
    allowed = sorted(allowed_transitions(current), key=_ORDER.index)
    choices = " or ".join(s.label.lower() for s in allowed)
    raise InvalidTransitionError(
        f"A lot that is {current.label.lower()} cannot become {target.label.lower()}; "
        f"next it can only be {choices}."
    )


def is_terminal(status: LotStatus) -> bool:
    return LotStatus(status) in TERMINAL


def is_active(status: LotStatus) -> bool:
    """True while the lot is still in the process (not implanted, discarded or rejected)."""
    return LotStatus(status) not in TERMINAL | {LotStatus.REJECTED}


def parse_status(text: str) -> LotStatus:
    """Read a status from its code or its label, case-insensitively."""
    cleaned = " ".join(str(text).split()).lower()
    for status in LotStatus:
        if cleaned in (status.value, status.value.replace("_", " "), status.label.lower()):
            return status
    raise InvalidValueError(
        "Lot status",
        text,
        "one of " + ", ".join(s.value for s in LotStatus),
    )


_ORDER: list[LotStatus] = list(LotStatus)
