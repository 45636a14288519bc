"""What a scanned or typed string is: the one place that tells a DIN from a vessel label, a
QC sample, a reagent or scaffold lot label, a patient's wristband or an ISBT expiry.

Pure: no database, no clock. `classify` never raises for what a person can scan; it says
what it read (kind ``invalid`` with the reason, or ``unknown`` with what it looked like).

Forms labtracker knows (after clean-up, upper case):

=================  ==============================  ==========================================
kind               example                         notes
=================  ==============================  ==========================================
``din``            ``=A99992600000100``            barcode data: ``=`` + DIN + 2 flags
``din``            ``A999926000001`` / ``…001X``   typed, without or with its check character
``vessel``         ``A999926000001-P1-2``          ``{din}-P{passage}-{n}``
``qc_sample``      ``A999926000001-QC03``          ``{din}-QC{nn}``
``material_lot``   ``RL000042``                    the lab's label on a received reagent lot
``scaffold_lot``   ``SC000007``                    the lab's label on a received scaffold lot
``wristband``      ``MRN:MRN0012345``              prefix (site setting) + hospital MRN
``expiry``         ``&>0260980930``                ISBT 128 expiry: local wall time
=================  ==============================  ==========================================

The patient wristband: the hospital prints the MRN in the band's barcode behind a prefix the
site sets (default ``MRN:``), so a band can never be mistaken for any of labtracker's own
codes. That is why the prefix must contain a character other than a letter, a digit or
``-`` (none of labtracker's codes has one), and must not start with ``=``, ``&`` or ``]``.

Scanner clean-up: surrounding spaces and control characters (a scanner's trailing CR, LF or
tab) are dropped, an AIM symbology identifier (``]C0`` Code 128, ``]d2`` DataMatrix, …) at
the start is stripped, spaces inside are ignored and lower case is read as upper case. A
control character *inside* the text (a CR between two reads, an escape sequence, NUL) makes
it ``invalid``: it is never pieced together into a code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum

from labtracker.domain.errors import InvalidValueError
from labtracker.domain.identifiers import Din, parse_din, parse_expiry_data_structure

__all__ = [
    "DEFAULT_WRISTBAND_PREFIX",
    "MRN_RE",
    "ExpiryWallTime",
    "ScanKind",
    "Scanned",
    "classify",
    "validate_wristband_prefix",
    "vessel_code",
]

DEFAULT_WRISTBAND_PREFIX = "MRN:"
MRN_RE = re.compile(r"[A-Z0-9][A-Z0-9-]{3,39}")
"""The hospital MRN as labtracker stores it (the same rule as services.patients.clean_mrn)."""

_AIM_RE = re.compile(r"\][A-Za-z][0-9A-Za-z]")
_CONTROL = "".join(chr(c) for c in range(32)) + "\x7f"
_DIN13 = r"[A-Z][0-9]{12}"
_VESSEL_RE = re.compile(rf"({_DIN13})-P([0-9]{{1,2}})-([0-9]{{1,3}})")
_QC_RE = re.compile(rf"({_DIN13})-QC([0-9]{{2,4}})")
_TYPED_DIN_RE = re.compile(rf"{_DIN13}[0-9A-Z*]?")
_MATERIAL_RE = re.compile(r"RL[0-9]{6,}")
_SCAFFOLD_RE = re.compile(r"SC[0-9]{6,}")
_EXPIRY_RE = re.compile(r"&>([0-9])([0-9]{2})([0-9]{3})([0-9]{2})([0-9]{2})")
_SHOWN_MAX = 40


class ScanKind(StrEnum):
    DIN = "din"
    VESSEL = "vessel"
    QC_SAMPLE = "qc_sample"
    MATERIAL_LOT = "material_lot"
    SCAFFOLD_LOT = "scaffold_lot"
    WRISTBAND = "wristband"
    EXPIRY = "expiry"
    INVALID = "invalid"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    ScanKind.DIN: "DIN",
    ScanKind.VESSEL: "vessel label",
    ScanKind.QC_SAMPLE: "QC sample label",
    ScanKind.MATERIAL_LOT: "reagent lot label",
    ScanKind.SCAFFOLD_LOT: "scaffold lot label",
    ScanKind.WRISTBAND: "patient wristband",
    ScanKind.EXPIRY: "expiry date/time code",
    ScanKind.INVALID: "unreadable code",
    ScanKind.UNKNOWN: "unknown code",
}


@dataclass(frozen=True)
class ExpiryWallTime:
    """An ISBT 128 expiry as printed: the facility's local wall-clock time, no zone."""

    data: str  # "&>0260980930"
    year: int
    julian_day: int
    month: int
    day: int
    hour: int
    minute: int

    def at(self, tz: tzinfo) -> datetime:
        """The instant, read in the facility's time zone (earlier instant across DST)."""
        return parse_expiry_data_structure(self.data, tz)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d} {self.hour:02d}:{self.minute:02d}"


@dataclass(frozen=True)
class Scanned:
    """What a scanned or typed string is. Only the fields of its kind are filled in."""

    kind: ScanKind
    raw: str  # exactly what arrived
    text: str  # cleaned: no scanner prefix, no spaces, upper case
    din: Din | None = None  # din, vessel, qc_sample
    flags: str | None = None  # din from barcode data ("00" when unused)
    from_barcode: bool = False  # din read from "=" barcode data
    check_character_typed: bool = False  # din typed with its check character (and it matched)
    code: str | None = None  # vessel / QC sample / RL / SC code as stored
    passage: int | None = None  # vessel
    number: int | None = None  # vessel n, QC sample nn
    mrn: str | None = None  # wristband
    expiry: ExpiryWallTime | None = None  # expiry
    problem: str | None = None  # invalid / unknown: why, in words a user understands

    @property
    def identity_confirmed(self) -> bool:
        """A DIN whose reading cannot hide a typing error: scanned, or typed with its check
        character. Identity checks (custody, bedside) accept only these."""
        return self.kind == ScanKind.DIN and (self.from_barcode or self.check_character_typed)


def validate_wristband_prefix(prefix: str) -> str:
    """The site's wristband prefix, checked so a band can never read as another code."""
    allowed = (
        "1–10 printable characters including at least one that is not a letter, digit or '-' "
        "(e.g. MRN:), not starting with =, & or ]"
    )
    if not isinstance(prefix, str):
        raise InvalidValueError("Wristband prefix", prefix, allowed)
    cleaned = prefix.strip().upper()
    if (
        not 1 <= len(cleaned) <= 10
        or not cleaned.isascii()
        or not cleaned.isprintable()
        or " " in cleaned
        or cleaned[0] in "=&]"
        or all(ch.isalnum() or ch == "-" for ch in cleaned)
    ):
        raise InvalidValueError("Wristband prefix", prefix, allowed)
    return cleaned


def vessel_code(din: Din, passage: int, n: int) -> str:
    """The code printed on a vessel label (and in its 2-D code): ``A999926000001-P1-2``."""
    return f"{din.code}-P{passage}-{n}"


def _clean(raw: str) -> str:
    text = raw.strip(_CONTROL + " ")
    if _AIM_RE.match(text):
        text = text[3:]
    return "".join(text.split()).upper()


def _shown(raw: str) -> str:
    """The input as it can be shown on screen: control characters made visible, shortened."""
    visible = "".join(
        ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in raw.strip(_CONTROL + " ")
    )
    return visible if len(visible) <= _SHOWN_MAX else visible[:_SHOWN_MAX] + "…"


def _looks_like(text: str) -> str:
    kinds = []
    if any(ch.isalpha() for ch in text):
        kinds.append("letters")
    if any(ch.isdigit() for ch in text):
        kinds.append("digits")
    if any(not ch.isalnum() for ch in text):
        kinds.append("other characters")
    made_of = " and ".join(kinds) if kinds else "nothing"
    return f"{len(text)} character{'s' if len(text) != 1 else ''} of {made_of}"


def classify(text: str, *, wristband_prefix: str = DEFAULT_WRISTBAND_PREFIX) -> Scanned:
    """Tell what a scanned or typed string is (see the module docstring for the forms)."""
    raw = text if isinstance(text, str) else str(text)
    cleaned = _clean(raw)
    prefix = validate_wristband_prefix(wristband_prefix)

    def invalid(problem: str) -> Scanned:
        return Scanned(ScanKind.INVALID, raw, cleaned, problem=problem)

    if not cleaned:
        return invalid("Nothing was scanned; scan the label again.")
    if any(ch in _CONTROL or "\x80" <= ch <= "\x9f" for ch in raw.strip(_CONTROL + " ")):
        # A control character inside (a CR ends a scan; ESC, NUL…) means two reads run
        # together or a garbled read: never pieced together into a code.
        return invalid(
            f"{_shown(raw)} has a control character inside it, so it is not one clean read; "
            "scan the label again."
        )
    if cleaned.startswith("&>"):
        return _expiry(raw, cleaned)
    if cleaned.startswith("="):
        return _din(raw, cleaned, from_barcode=True)
    if cleaned.startswith(prefix):
        mrn = cleaned[len(prefix) :]
        if not MRN_RE.fullmatch(mrn):
            return invalid(
                f"The wristband reads {_shown(raw)}: after {prefix} it should carry the "
                "hospital MRN (4–40 letters, digits or '-')."
            )
        return Scanned(ScanKind.WRISTBAND, raw, cleaned, mrn=mrn)
    if match := _VESSEL_RE.fullmatch(cleaned):
        din = _din_or_none(match.group(1))
        if din is None:
            return invalid(f"The vessel label {_shown(raw)} does not start with a valid DIN.")
        return Scanned(
            ScanKind.VESSEL,
            raw,
            cleaned,
            din=din,
            code=cleaned,
            passage=int(match.group(2)),
            number=int(match.group(3)),
        )
    if match := _QC_RE.fullmatch(cleaned):
        din = _din_or_none(match.group(1))
        if din is None:
            return invalid(f"The QC sample label {_shown(raw)} does not start with a valid DIN.")
        return Scanned(
            ScanKind.QC_SAMPLE, raw, cleaned, din=din, code=cleaned, number=int(match.group(2))
        )
    if _TYPED_DIN_RE.fullmatch(cleaned):
        return _din(raw, cleaned, from_barcode=False)
    if _MATERIAL_RE.fullmatch(cleaned):
        return Scanned(ScanKind.MATERIAL_LOT, raw, cleaned, code=cleaned)
    if _SCAFFOLD_RE.fullmatch(cleaned):
        return Scanned(ScanKind.SCAFFOLD_LOT, raw, cleaned, code=cleaned)
    return Scanned(
        ScanKind.UNKNOWN,
        raw,
        cleaned,
        problem=(
            f"{_shown(raw)} is not a code labtracker knows (it looked like {_looks_like(cleaned)})."
        ),
    )


def _din_or_none(code13: str) -> Din | None:
    try:
        return parse_din(code13)
    except InvalidValueError:
        return None


def _din(raw: str, cleaned: str, *, from_barcode: bool) -> Scanned:
    try:
        din = parse_din(cleaned)
    except InvalidValueError as exc:
        problem = str(exc)
        if exc.allowed == "a DIN whose check character matches":
            # parse_din's own wording, but showing what was scanned rather than cleaned text;
            # the right character is never shown: the user re-types it from the label.
            problem = (
                f"The DIN check character does not match the DIN; you entered {_shown(raw)}. "
                "Re-type the DIN and its check character from the label."
            )
        return Scanned(ScanKind.INVALID, raw, cleaned, problem=problem)
    if from_barcode:
        return Scanned(ScanKind.DIN, raw, cleaned, din=din, flags=cleaned[14:16], from_barcode=True)
    return Scanned(ScanKind.DIN, raw, cleaned, din=din, check_character_typed=len(cleaned) == 14)


def _expiry(raw: str, cleaned: str) -> Scanned:
    match = _EXPIRY_RE.fullmatch(cleaned)
    if match is None:
        return Scanned(
            ScanKind.INVALID,
            raw,
            cleaned,
            problem=(
                f"The expiry code {_shown(raw)} should be &> followed by 10 digits "
                "(century, year, Julian day, hour, minute)."
            ),
        )
    century, yy, jjj, hh, mm = (int(group) for group in match.groups())
    year = 2000 + century * 100 + yy
    days = (date(year + 1, 1, 1) - date(year, 1, 1)).days
    problem = None
    if not 1 <= jjj <= days:
        problem = f"Julian day {jjj:03d} does not exist in {year} (001–{days})"
    elif hh > 23:
        problem = f"hour {hh:02d} does not exist (00–23)"
    elif mm > 59:
        problem = f"minute {mm:02d} does not exist (00–59)"
    if problem:
        return Scanned(
            ScanKind.INVALID, raw, cleaned, problem=f"The expiry code {_shown(raw)}: {problem}."
        )
    day = date(year, 1, 1) + timedelta(days=jjj - 1)
    wall = ExpiryWallTime(cleaned, year, jjj, day.month, day.day, hh, mm)
    return Scanned(ScanKind.EXPIRY, raw, cleaned, expiry=wall)
