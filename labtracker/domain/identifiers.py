"""ISBT 128 style identifiers: the Donation Identification Number (DIN) and the expiry data
structure (domain.md section 4).

A DIN is 13 characters: facility ID (one letter + 4 digits), 2-digit year, 6-digit sequence.
In a barcode it is carried as ``=`` + DIN + 2 flag characters. The human-readable form prints
a check character (ISO 7064 mod 37-2) in a box beside it; the check character is never in the
barcode: it exists to validate a DIN a person typed by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from labtracker.domain.errors import InvalidValueError
from labtracker.domain.values import visible

__all__ = [
    "ALPHABET",
    "Din",
    "din_barcode_data",
    "din_check_character",
    "expiry_data_structure",
    "format_din",
    "next_din",
    "parse_din",
    "parse_expiry_data_structure",
    "validate_facility_code",
]

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*"
"""ISO 7064 mod 37-2 alphabet: a character's value is its index (0-9, A-Z = 10-35, * = 36)."""

DIN_LENGTH = 13
MAX_SEQUENCE = 999_999
EXPIRY_PREFIX = "&>"

_FACILITY_RE = re.compile(r"[A-Z][0-9]{4}")
_DIN_RE = re.compile(r"([A-Z][0-9]{4})([0-9]{2})([0-9]{6})")
_EXPIRY_RE = re.compile(r"&>([0-9])([0-9]{2})([0-9]{3})([0-9]{2})([0-9]{2})")
_DIN_FORM = (
    "a DIN of 13 characters (facility letter + 4 digits, 2-digit year, 6-digit sequence), "
    "optionally followed by its check character, or scanned DIN barcode data (=, 13, 2 flags)"
)


def din_check_character(code13: str) -> str:
    """Return the ISO 7064 mod 37-2 check character of a 13-character DIN.

    ``p = 0``; for each character ``p = ((p + value) * 2) % 37``; the check character is
    ``ALPHABET[(38 - p) % 37]``. Raises InvalidValueError if ``code13`` is not 13 characters
    of the alphabet (upper case).
    """
    if not isinstance(code13, str) or len(code13) != DIN_LENGTH:
        raise InvalidValueError("DIN", code13, "13 characters")
    p = 0
    for char in code13:
        value = ALPHABET.find(char)
        if value < 0:
            raise InvalidValueError("DIN", code13, "made of 0-9, A-Z and * only")
        p = ((p + value) * 2) % 37
    return ALPHABET[(38 - p) % 37]


def validate_facility_code(s: str) -> str:
    """Return the facility ID normalised (trimmed, upper case): one letter followed by 4 digits."""
    allowed = "one letter followed by 4 digits, e.g. A9999"
    if not isinstance(s, str):
        raise InvalidValueError("Facility code", s, allowed)
    code = s.strip().upper()
    if not _FACILITY_RE.fullmatch(code):
        raise InvalidValueError("Facility code", s, allowed)
    return code


def _two_digit_year(year: object) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not 0 <= year <= 99:
        raise InvalidValueError("DIN year", year, "a 2-digit year from 0 to 99 (e.g. 26 for 2026)")
    return year


@dataclass(frozen=True)
class Din:
    """A Donation Identification Number. ``facility`` is normalised to upper case."""

    facility: str
    year: int
    sequence: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "facility", validate_facility_code(self.facility))
        _two_digit_year(self.year)
        seq = self.sequence
        if isinstance(seq, bool) or not isinstance(seq, int) or not 1 <= seq <= MAX_SEQUENCE:
            raise InvalidValueError("DIN sequence", seq, "a whole number from 1 to 999999")

    @property
    def code(self) -> str:
        """The 13 characters, e.g. ``A999926000123``."""
        return f"{self.facility}{self.year:02d}{self.sequence:06d}"

    @property
    def check_character(self) -> str:
        """The mod 37-2 check character printed in a box beside the human-readable DIN."""
        return din_check_character(self.code)

    def __str__(self) -> str:
        return self.code


def format_din(din: Din) -> str:
    """Human-readable DIN, e.g. ``A9999 26 000123``.

    The check character is not included: print ``din.check_character`` in its own box.
    """
    return f"{din.facility} {din.year:02d} {din.sequence:06d}"


def _validate_flags(flags: str) -> str:
    if not isinstance(flags, str) or len(flags) != 2 or not flags.isascii() or not flags.isalnum():
        raise InvalidValueError("DIN flags", flags, "2 ASCII letters or digits (00 when unused)")
    return flags.upper()


def din_barcode_data(din: Din, flags: str = "00") -> str:
    """Barcode data for a DIN: ``=`` + 13 characters + 2 flag characters (upper-cased).

    The check character is never part of the barcode.
    """
    return f"={din.code}{_validate_flags(flags)}"


def _din_from_code(code: str, entered: str) -> Din:
    match = _DIN_RE.fullmatch(code)
    if match is None:
        raise InvalidValueError("DIN", entered, _DIN_FORM)
    facility, year, sequence = match.groups()
    if int(sequence) == 0:
        raise InvalidValueError("DIN", entered, "a DIN whose 6-digit sequence is not 000000")
    return Din(facility, int(year), int(sequence))


def parse_din(text: str) -> Din:
    """Read a DIN scanned or typed by a person.

    Accepted (spaces anywhere and lower case are tolerated):

    * scanned barcode data: ``=`` + 13 characters + 2 flag characters (flags are discarded);
    * a typed DIN of 13 characters;
    * a typed DIN of 13 characters followed by its check character; a check character that
      does not match is refused without revealing the right one (the user must re-type the DIN
      from the label rather than copy a character off the screen).

    A control character inside the text (not at its ends) is refused.
    """
    if not isinstance(text, str):
        raise InvalidValueError("DIN", text, _DIN_FORM)
    if len(text) > 64 or any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in text.strip()):
        # Spaces are how a person types a DIN; a control character inside (a scanner's CR
        # between two reads, NUL, an escape sequence) is never pieced together into one, and
        # no DIN, however spaced, is 64 characters long. Shown made visible and shortened.
        raise InvalidValueError("DIN", visible(text), _DIN_FORM)
    compact = "".join(text.split()).upper()
    if compact.startswith("="):
        if len(compact) != 1 + DIN_LENGTH + 2:
            raise InvalidValueError("DIN", text, _DIN_FORM)
        din = _din_from_code(compact[1 : 1 + DIN_LENGTH], text)
        flags = compact[1 + DIN_LENGTH :]
        if not (flags.isascii() and flags.isalnum()):
            raise InvalidValueError(
                "DIN", text, "scanned DIN barcode data ending in 2 flag letters or digits"
            )
        return din
    if len(compact) == DIN_LENGTH:
        return _din_from_code(compact, text)
    if len(compact) == DIN_LENGTH + 1:
        din = _din_from_code(compact[:DIN_LENGTH], text)
        typed_check = compact[DIN_LENGTH]
        if typed_check not in ALPHABET:
            raise InvalidValueError(
                "DIN", text, "a DIN followed by a check character 0-9, A-Z or *"
            )
        if typed_check != din.check_character:
            raise InvalidValueError(
                "DIN",
                text,
                "a DIN whose check character matches",
                message=(
                    f"DIN check character does not match the DIN; you entered {text.strip()}. "
                    "Re-type the DIN and its check character from the label."
                ),
            )
        return din
    raise InvalidValueError("DIN", text, _DIN_FORM)


def next_din(facility: str, year: int, last_sequence: int) -> Din:
    """The DIN after ``last_sequence`` for this facility and 2-digit year (0 = none issued yet).

    Refuses to go past sequence 999999: a facility cannot issue more DINs that year.
    """
    facility = validate_facility_code(facility)
    _two_digit_year(year)
    if (
        isinstance(last_sequence, bool)
        or not isinstance(last_sequence, int)
        or not 0 <= last_sequence <= MAX_SEQUENCE
    ):
        raise InvalidValueError(
            "Last DIN sequence", last_sequence, "a whole number from 0 (none yet) to 999999"
        )
    if last_sequence == MAX_SEQUENCE:
        raise InvalidValueError(
            "Last DIN sequence",
            last_sequence,
            "below 999999",
            message=(
                f"Last DIN sequence is {last_sequence}, the highest allowed, for facility "
                f"{facility} in year {year:02d}: no more DINs can be issued for this facility "
                "and year. Ask the administrator."
            ),
        )
    return Din(facility, year, last_sequence + 1)


def _require_aware(field: str, dt: object) -> datetime:
    if not isinstance(dt, datetime):
        raise InvalidValueError(field, dt, "a date and time")
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise InvalidValueError(field, dt, "a date and time with a time zone")
    return dt


def expiry_data_structure(dt: datetime) -> str:
    """ISBT 128 expiry date/time data structure ``&>cyyjjjhhmm``, e.g. ``&>0260980930``.

    ``c`` is ``year // 100 - 20`` (2000-2999 only), ``yy`` the year in the century, ``jjj`` the
    Julian day (001-366), ``hh mm`` the time. The expiry is the local wall-clock time at the
    facility, so ``dt`` is **not** converted to UTC: its own wall-clock fields are written;
    pass it in the facility's time zone. Seconds are dropped (the expiry moves earlier, never
    later). A naive datetime is refused.
    """
    dt = _require_aware("Expiry date/time", dt)
    if not 2000 <= dt.year <= 2999:
        raise InvalidValueError("Expiry date/time", dt, "in the years 2000 to 2999")
    century = dt.year // 100 - 20
    julian = dt.timetuple().tm_yday
    return f"{EXPIRY_PREFIX}{century}{dt.year % 100:02d}{julian:03d}{dt.hour:02d}{dt.minute:02d}"


def parse_expiry_data_structure(s: str, tz: tzinfo) -> datetime:
    """Read ``&>cyyjjjhhmm`` as a wall-clock time in ``tz`` (the facility's time zone).

    Surrounding whitespace is ignored. When the wall time is ambiguous or skipped by a
    daylight-saving change, the earlier instant is chosen (the conservative reading of an
    expiry).
    """
    field = "Expiry data structure"
    allowed = "&> followed by 10 digits: century, year, Julian day, hour, minute (cyyjjjhhmm)"
    if not isinstance(tz, tzinfo):
        raise InvalidValueError("Time zone", tz, "a time zone")
    if not isinstance(s, str):
        raise InvalidValueError(field, s, allowed)
    match = _EXPIRY_RE.fullmatch(s.strip())
    if match is None:
        raise InvalidValueError(field, s, allowed)
    century, yy, jjj, hh, mm = (int(group) for group in match.groups())
    year = 2000 + century * 100 + yy
    days_in_year = 366 if _is_leap(year) else 365
    if not 1 <= jjj <= days_in_year:
        raise InvalidValueError(field, s, f"a Julian day from 001 to {days_in_year} in {year}")
    if hh > 23:
        raise InvalidValueError(field, s, "an hour from 00 to 23")
    if mm > 59:
        raise InvalidValueError(field, s, "a minute from 00 to 59")
    wall = datetime(year, 1, 1, hh, mm, tzinfo=tz) + timedelta(days=jjj - 1)
    return _earliest_instant(wall)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _earliest_instant(wall: datetime) -> datetime:
    """Pick the fold giving the earlier instant (the larger UTC offset) for a wall time."""
    first, second = wall.replace(fold=0), wall.replace(fold=1)
    offset_first, offset_second = first.utcoffset(), second.utcoffset()
    if offset_first is None or offset_second is None:
        raise InvalidValueError("Time zone", wall.tzinfo, "a time zone with a UTC offset")
    return second if offset_second > offset_first else first
