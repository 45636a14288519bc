"""What every lifecycle service does the same way: stamp who/when, find the lot a scan or a
typed DIN names, move the lot's status through the state machine, and check that a time
entered is neither in the future nor before the step it follows."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, event, select
from sqlalchemy.orm import Session

from labtracker.clock import get_clock
from labtracker.db.models import Lot, SiteSetting, UserAccount
from labtracker.domain.errors import InvalidValueError
from labtracker.domain.identifiers import parse_din
from labtracker.domain.lot_states import LotStatus, transition
from labtracker.domain.values import (
    PARAGRAPH_MAX,
    control_character,
    text_line,
    text_paragraph,
    visible,
)
from labtracker.services.context import Actor, changed_error


def stamp(actor: Actor) -> dict[str, Any]:
    """The who/when every regulated row carries."""
    return {"recorded_at": get_clock().now(), "recorded_by_id": actor.user_id}


_USER_NAMES = "labtracker.user_names"


def user_name(session: Session, user_id: int | None) -> str | None:
    """The full name of a user, for the views that say who did what. Every name is read once
    per session (a site has tens of accounts, a lot's records name them hundreds of times); a
    flush forgets them, so a name changed in this transaction is read again."""
    if user_id is None:
        return None
    names = session.info.get(_USER_NAMES)
    if names is None:
        names = dict(session.execute(select(UserAccount.id, UserAccount.full_name)).all())
        session.info[_USER_NAMES] = names
    return names.get(user_id)


@event.listens_for(Session, "after_flush")
def _forget_user_names(session: Session, _context: object) -> None:
    session.info.pop(_USER_NAMES, None)


# Built once: every save reads a setting (the process rules) and finds its lot, and composing
# a statement costs more than running it.
_SETTING_VALUE = select(SiteSetting.value).where(SiteSetting.key == bindparam("key"))
_LOT_BY_DIN = select(Lot).where(Lot.din == bindparam("din"))


def site_setting(session: Session, key: str, default: Any) -> Any:
    """A regulated site setting's value (stored as JSON), or `default` while never set."""
    value = session.scalar(_SETTING_VALUE, {"key": key})
    return json.loads(value) if value is not None else default


def store_site_setting(
    session: Session, actor: Actor, key: str, value: Any, description: str
) -> None:
    """Set a regulated site setting (as JSON). The caller has authorised the actor and opened
    the audited transaction with the reason; the change is audited like any record's."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    row = session.scalar(select(SiteSetting).where(SiteSetting.key == key))
    if row is None:
        session.add(SiteSetting(key=key, value=text, description=description, **stamp(actor)))
    else:
        row.value = text


def lot_by_din(session: Session, din_text: str, *, field: str = "DIN") -> Lot:
    """The lot a typed or scanned DIN names; a wrong check character is refused."""
    din = parse_din(din_text)
    lot = session.scalar(_LOT_BY_DIN, {"din": din.code})
    if lot is None:
        raise InvalidValueError(field, din_text, "the DIN of a lot in this laboratory")
    return lot


def require_version(session: Session, record: Any, expected_version: int | None) -> None:
    """A save based on what a person saw: ``expected_version`` is the record's version when
    their screen loaded it (None: the action does not depend on it). If someone saved the
    record since, nothing is saved and the error names who changed it and when."""
    if expected_version is not None and record.version != expected_version:
        raise changed_error(session, record.__table__, record.id)


def require_status(lot: Lot, *allowed: LotStatus, doing: str) -> None:
    if lot.status not in allowed:
        wanted = " or ".join(s.label.lower() for s in allowed)
        raise InvalidValueError(
            "Lot status",
            lot.status.label,
            wanted,
            f"Lot {lot.din} is {lot.status.label.lower()}; {doing} needs a lot that is {wanted}.",
        )


def advance(lot: Lot, target: LotStatus) -> None:
    """Move the lot through the state machine (raises if the move is not allowed)."""
    lot.status = transition(lot.status, target)
    lot.status_changed_at = get_clock().now()


def check_time(
    field: str,
    when: datetime,
    *,
    after: datetime | None = None,
    after_label: str = "",
    tolerance_minutes: float = 5,
) -> datetime:
    """A time a person entered: timezone-aware, not in the future, not before the step it
    follows. Returns it unchanged."""
    if not isinstance(when, datetime) or when.tzinfo is None or when.utcoffset() is None:
        raise InvalidValueError(field, when, "a date and time with its time zone")
    now = get_clock().now()
    if when > now + timedelta(minutes=tolerance_minutes):
        raise InvalidValueError(
            field,
            f"{when:%Y-%m-%d %H:%M %Z}",
            f"not in the future (now is {now:%Y-%m-%d %H:%M} UTC)",
        )
    if after is not None and when < after:
        raise InvalidValueError(
            field,
            f"{when:%Y-%m-%d %H:%M %Z}",
            f"not before {after_label} ({after:%Y-%m-%d %H:%M} UTC)",
        )
    return when


def require_text(field: str, value: str | None, *, max_length: int = 200) -> str:
    """One line of text that must be filled in (domain.values.text_line: whitespace folded,
    control characters refused, at most ``max_length`` characters)."""
    if value is None:
        raise InvalidValueError(field, "", "filled in")
    return text_line(field, value, max_length=max_length)


def optional_text(field: str, value: str | None, *, max_length: int = 200) -> str:
    """One line of text that may be left empty ("" for None)."""
    return text_line(field, value, max_length=max_length, required=False)


def notes_text(field: str, value: str | None, *, max_length: int = PARAGRAPH_MAX) -> str:
    """Notes over several lines, may be empty (domain.values.text_paragraph)."""
    return text_paragraph(field, value, max_length=max_length)


def lookup_code(field: str, value: object, allowed: str) -> str:
    """A code typed or scanned to find a record (RL…, SC…, DEV-…, a vessel or sample label):
    spaces dropped, upper case. A code with a control character in it can name no record,
    and is refused before it reaches the database."""
    cleaned = "".join(str(value).split()).upper()
    if control_character(cleaned) is not None:
        raise InvalidValueError(field, visible(str(value)), allowed)
    return cleaned


def next_draft_version(
    session: Session, model: Any, code: str, *, describe: Any, error: type[Exception]
) -> int:
    """The version number for a new draft of a versioned document (specification, label
    template): highest + 1, refused while another draft of the same code awaits approval."""
    from sqlalchemy import func

    pending = session.scalar(
        select(model).where(model.code == code, model.state == "draft", model.voided_at.is_(None))
    )
    if pending is not None:
        raise error(
            f"{describe(pending)} is already a draft awaiting approval; approve it, or void it "
            "with a reason, before drafting another."
        )
    highest = session.scalar(select(func.max(model.version_number)).where(model.code == code))
    return (highest or 0) + 1
