"""What a typed value must be before it can go into a GMP record: plain text without control
characters, a length the record can hold, and numbers that are real, finite numbers in range.

Every refusal is an InvalidValueError naming the field, showing what was entered (control
characters made visible, long text shortened) and saying what is allowed.

The rules for text, decided once for every free-text field:

* a **line** (names, places, titles, reasons, codes typed by hand) is one line: tabs and line
  breaks (``\\t``, ``\\n``, ``\\r``) and runs of spaces fold into one space, and the ends are
  trimmed, exactly as the field shows it;
* a **paragraph** (notes, descriptions, evidence) keeps its line breaks and tabs; ``\\r\\n``
  and a lone ``\\r`` are stored as ``\\n`` (one line break, whichever keyboard or paste sent
  it), and the ends are trimmed;
* any other control character (``\\x00``, ``\\x1b`` escape sequences, ``\\x7f``, the C1
  range, …) and unpaired surrogates are **refused**: a record must print and read back exactly
  as the person saw it, and such characters either vanish on screen, rewrite the terminal or
  printer output, or cannot be stored at all (PostgreSQL refuses ``\\x00`` in text);
* everything else (any script: Chinese, Arabic, Hebrew…, quotes, semicolons, SQL-like text)
  is kept verbatim: values go to the database as bound parameters, never as SQL.
"""

from __future__ import annotations

import math
import re
import unicodedata

from labtracker.domain.errors import InvalidValueError

__all__ = [
    "PARAGRAPH_MAX",
    "control_character",
    "number_in_range",
    "text_line",
    "text_paragraph",
    "visible",
]

PARAGRAPH_MAX = 10_000
"""The longest note or description a record takes (about four printed pages)."""

_SHOWN_MAX = 40
_NEWLINES = re.compile(r"\r\n?")
_FOLDED = "\t\n\r"  # whitespace controls a person can type; folded or kept, never refused


def visible(value: str, limit: int = _SHOWN_MAX) -> str:
    """``value`` as it can be shown in a message: control characters as ``\\x..``/``\\u....``
    escapes, shortened with the full length given."""
    shown = "".join(
        ch
        if not _is_control(ch) and ch not in _FOLDED
        else (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
        for ch in value[: limit + 1]
    )
    if len(value) > limit:
        return f"{shown[:limit]}… ({len(value):,} characters)"
    return shown


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cs") and ch not in _FOLDED


def control_character(value: str) -> tuple[int, str] | None:
    """The first refused control character in ``value``: (1-based position, its name)."""
    for position, ch in enumerate(value, start=1):
        if _is_control(ch):
            name = unicodedata.name(ch, "") or _C0_NAMES.get(ord(ch), "control character")
            return position, f"U+{ord(ch):04X} ({name})"
    return None


_C0_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "BACKSPACE",
    0x0B: "VERTICAL TAB",
    0x0C: "FORM FEED",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
}


def _text(field: str, value: object) -> str:
    if not isinstance(value, str):
        raise InvalidValueError(field, value, "text")
    found = control_character(value)
    if found is not None:
        position, name = found
        raise InvalidValueError(
            field,
            visible(value),
            "text without control characters",
            f"{field} must be text without control characters; you entered '{visible(value)}', "
            f"which has the control character {name} at position {position}. Type or paste the "
            "text again without it.",
        )
    return value


def _too_long(field: str, text: str, max_length: int) -> InvalidValueError:
    return InvalidValueError(
        field,
        f"{len(text):,} characters",
        f"at most {max_length:,} characters",
        f"{field} must be at most {max_length:,} characters; you entered {len(text):,} "
        f"characters ('{visible(text, 20)}').",
    )


def text_line(field: str, value: object, *, max_length: int = 200, required: bool = True) -> str:
    """One line of text: whitespace folded to single spaces, trimmed; control characters
    refused; at most ``max_length`` characters; "" allowed only when not ``required``."""
    if value is None and not required:
        return ""
    cleaned = " ".join(_text(field, value).split())
    if required and not cleaned:
        raise InvalidValueError(field, value, "filled in")
    if len(cleaned) > max_length:
        raise _too_long(field, cleaned, max_length)
    return cleaned


def text_paragraph(
    field: str, value: object, *, max_length: int = PARAGRAPH_MAX, required: bool = False
) -> str:
    """Text over several lines: line breaks and tabs kept (``\\r\\n``/``\\r`` stored as
    ``\\n``), ends trimmed; control characters refused; at most ``max_length`` characters."""
    if value is None and not required:
        return ""
    cleaned = _NEWLINES.sub("\n", _text(field, value)).strip()
    if required and not cleaned:
        raise InvalidValueError(field, value, "filled in")
    if len(cleaned) > max_length:
        raise _too_long(field, cleaned, max_length)
    return cleaned


def number_in_range(
    field: str,
    value: object,
    low: float,
    high: float,
    unit: str = "",
    *,
    low_inclusive: bool = True,
    shown_range: str | None = None,
) -> float:
    """A real, finite number from ``low`` to ``high`` (``low`` itself excluded unless
    ``low_inclusive``). Text, booleans, NaN and infinity are refused like any value out of
    range, naming the field, what was entered and the range."""
    unit_text = f" {unit}" if unit else ""
    if shown_range is None:
        shown_range = (
            f"{low:g} to {high:g}{unit_text}"
            if low_inclusive
            else f"more than {low:g}, at most {high:g}{unit_text}"
        )
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidValueError(field, value, f"a number, {shown_range}")
    try:
        number = float(value)
    except OverflowError:
        raise InvalidValueError(field, value, shown_range) from None
    inside = low <= number <= high if low_inclusive else low < number <= high
    if not math.isfinite(number) or not inside:
        raise InvalidValueError(field, f"{number:g}{unit_text}", shown_range)
    return number
