"""DIN, check character and expiry data structure (domain.md section 4)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labtracker.domain.errors import InvalidValueError
from labtracker.domain.identifiers import (
    ALPHABET,
    Din,
    din_barcode_data,
    din_check_character,
    expiry_data_structure,
    format_din,
    next_din,
    parse_din,
    parse_expiry_data_structure,
    validate_facility_code,
)

dins = st.builds(
    Din,
    facility=st.from_regex(r"[A-Z][0-9]{4}", fullmatch=True),
    year=st.integers(0, 99),
    sequence=st.integers(1, 999_999),
)
flag_pairs = st.from_regex(r"[0-9A-Z]{2}", fullmatch=True)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:  # pragma: no cover - only without a tz database
        pytest.skip(f"time zone {name} not available")


def _shown(value: Any) -> str:
    """How InvalidValueError renders a value in its message (stripped of quotes)."""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).strip()


# --- check character ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "check"),
    [("G123417654321", "A"), ("A999818123456", "N"), ("W000009123456", "G")],
)
def test_check_character_vectors(code: str, check: str) -> None:
    assert din_check_character(code) == check


def test_alphabet() -> None:
    assert len(ALPHABET) == 37
    assert ALPHABET.index("A") == 10 and ALPHABET.index("Z") == 35 and ALPHABET.index("*") == 36


@given(st.text(alphabet=ALPHABET, min_size=13, max_size=13))
def test_check_character_detects_every_single_substitution(code: str) -> None:
    """Mod 37-2 property, on any 13 characters of the alphabet (not only valid DINs)."""
    full = code + din_check_character(code)
    for i in range(14):
        for char in ALPHABET:
            if char == full[i]:
                continue
            mutated = full[:i] + char + full[i + 1 :]
            assert din_check_character(mutated[:13]) != mutated[13], (full, mutated)


@given(st.text(alphabet=ALPHABET, min_size=13, max_size=13))
def test_check_character_detects_every_adjacent_transposition(code: str) -> None:
    full = code + din_check_character(code)
    for i in range(13):
        if full[i] == full[i + 1]:
            continue
        swapped = full[:i] + full[i + 1] + full[i] + full[i + 2 :]
        assert din_check_character(swapped[:13]) != swapped[13], (full, swapped)


@settings(max_examples=50)
@given(dins)
def test_parse_din_refuses_every_single_substitution(din: Din) -> None:
    full = din.code + din.check_character
    for i in range(14):
        for char in ALPHABET:
            if char == full[i]:
                continue
            with pytest.raises(InvalidValueError) as excinfo:
                parse_din(full[:i] + char + full[i + 1 :])
            assert excinfo.value.field == "DIN"


@given(dins)
def test_parse_din_refuses_every_adjacent_transposition(din: Din) -> None:
    full = din.code + din.check_character
    for i in range(13):
        if full[i] != full[i + 1]:
            with pytest.raises(InvalidValueError):
                parse_din(full[:i] + full[i + 1] + full[i] + full[i + 2 :])


# --- Din, formatting, barcode data ----------------------------------------------------------


def test_din_formats() -> None:
    din = Din("a9999 ", 26, 123)
    assert din.facility == "A9999"
    assert din.code == "A999926000123"
    assert str(din) == din.code
    assert format_din(din) == "A9999 26 000123"
    assert din.check_character == din_check_character("A999926000123")
    assert din_barcode_data(din) == "=A99992600012300"
    assert din_barcode_data(din, "1a") == "=A9999260001231A"
    assert din.check_character not in din_barcode_data(din)[14:]


def test_din_is_frozen() -> None:
    din = Din("A9999", 26, 1)
    with pytest.raises(AttributeError):
        din.sequence = 2  # type: ignore[misc]


def test_validate_facility_code_normalises() -> None:
    assert validate_facility_code("  w0000 ") == "W0000"


@given(dins)
def test_round_trip_code(din: Din) -> None:
    assert parse_din(din.code) == din


@given(dins)
def test_round_trip_code_and_check(din: Din) -> None:
    assert parse_din(din.code + din.check_character) == din


@given(dins, flag_pairs)
def test_round_trip_barcode_data(din: Din, flags: str) -> None:
    assert parse_din(din_barcode_data(din, flags)) == din


@given(dins)
def test_round_trip_human_readable_typed_sloppily(din: Din) -> None:
    typed = f"  {format_din(din).lower()}  {din.check_character.lower()} "
    assert parse_din(typed) == din


def test_parse_vectors_with_check() -> None:
    assert parse_din("g123417654321a") == Din("G1234", 17, 654321)
    assert parse_din("A9998 18 123456 N") == Din("A9998", 18, 123456)


def test_wrong_check_character_does_not_reveal_the_right_one() -> None:
    entered = "W000009123456H"  # the right one is G
    with pytest.raises(InvalidValueError) as excinfo:
        parse_din(entered)
    err = excinfo.value
    message = str(err)
    assert err.field == "DIN"
    assert "check character does not match" in message
    assert "Re-type" in message and "label" in message
    assert entered in message
    assert "G" not in message
    assert "G" not in err.allowed
    assert err.value == entered


@given(dins, st.sampled_from(ALPHABET))
def test_wrong_check_message_is_the_same_whatever_the_right_character(
    din: Din, typed_check: str
) -> None:
    """Apart from what the user typed, the refusal is a fixed text: it cannot leak anything."""
    if typed_check == din.check_character:
        return
    entered = din.code + typed_check
    with pytest.raises(InvalidValueError) as excinfo:
        parse_din(entered)
    template = str(excinfo.value).replace(entered, "<entered>")
    assert template == (
        "DIN check character does not match the DIN; you entered <entered>. "
        "Re-type the DIN and its check character from the label."
    )
    assert excinfo.value.allowed == "a DIN whose check character matches"


# --- next_din --------------------------------------------------------------------------------


def test_next_din() -> None:
    assert next_din("a9999", 26, 0) == Din("A9999", 26, 1)
    assert next_din("A9999", 26, 41) == Din("A9999", 26, 42)
    assert next_din("A9999", 26, 999_998) == Din("A9999", 26, 999_999)


def test_next_din_refuses_overflow() -> None:
    with pytest.raises(InvalidValueError) as excinfo:
        next_din("A9999", 26, 999_999)
    assert excinfo.value.field == "Last DIN sequence"
    assert "no more DINs" in str(excinfo.value)


# --- expiry data structure --------------------------------------------------------------------


def test_expiry_example() -> None:
    dt = datetime(2026, 4, 8, 9, 30, tzinfo=UTC)
    assert expiry_data_structure(dt) == "&>0260980930"
    assert parse_expiry_data_structure("&>0260980930", UTC) == dt


def test_expiry_uses_wall_clock_not_utc() -> None:
    paris = _zone("Europe/Paris")
    dt = datetime(2026, 1, 1, 0, 30, tzinfo=paris)  # 2025-12-31 23:30 UTC
    assert expiry_data_structure(dt) == "&>0260010030"
    fixed = timezone(timedelta(hours=-8))
    assert expiry_data_structure(datetime(2026, 12, 31, 23, 59, tzinfo=fixed)) == "&>0263652359"


def test_expiry_drops_seconds() -> None:
    dt = datetime(2026, 4, 8, 9, 30, 59, 999_999, tzinfo=UTC)
    assert expiry_data_structure(dt) == "&>0260980930"


def test_expiry_century_and_leap_years() -> None:
    assert expiry_data_structure(datetime(2024, 12, 31, 0, 0, tzinfo=UTC)) == "&>0243660000"
    assert expiry_data_structure(datetime(2100, 12, 31, 0, 0, tzinfo=UTC)) == "&>1003650000"
    assert expiry_data_structure(datetime(2999, 12, 31, 23, 59, tzinfo=UTC)) == "&>9993652359"
    assert parse_expiry_data_structure(" &>0003660000\n", UTC) == datetime(2000, 12, 31, tzinfo=UTC)


def test_expiry_ambiguous_or_skipped_wall_time_reads_as_the_earlier_instant() -> None:
    new_york = _zone("America/New_York")
    # 2026-03-08 02:30 does not exist (clocks jump 02:00 -> 03:00): earliest reading 06:30 UTC.
    skipped = parse_expiry_data_structure("&>0260670230", new_york)
    assert skipped.astimezone(UTC) == datetime(2026, 3, 8, 6, 30, tzinfo=UTC)
    assert expiry_data_structure(skipped) == "&>0260670230"
    # 2026-11-01 01:30 happens twice (EDT then EST): the first, 05:30 UTC.
    twice = parse_expiry_data_structure("&>0263050130", new_york)
    assert twice.astimezone(UTC) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    assert expiry_data_structure(twice) == "&>0263050130"


zones = st.sampled_from(
    ["UTC", "+05:30", "-08:00", "Europe/Paris", "America/New_York", "Australia/Lord_Howe"]
)


def _tz(name: str) -> Any:
    if name == "UTC":
        return UTC
    if name[0] in "+-":
        sign = 1 if name[0] == "+" else -1
        hours, minutes = name[1:].split(":")
        return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))
    return _zone(name)


@settings(max_examples=40, deadline=None)
@given(st.dates(date(2000, 1, 1), date(2999, 12, 31)), zones)
def test_expiry_round_trip_every_minute_of_a_day(day: date, zone: str) -> None:
    tz = _tz(zone)
    pattern = re.compile(r"&>[0-9]{10}")
    for minute_of_day in range(24 * 60):
        hour, minute = divmod(minute_of_day, 60)
        dt = datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
        data = expiry_data_structure(dt)
        assert pattern.fullmatch(data)
        assert data[2] == str(day.year // 100 - 20)
        parsed = parse_expiry_data_structure(data, tz)
        assert parsed.tzinfo is tz
        assert parsed.replace(tzinfo=None, fold=0) == dt.replace(tzinfo=None)
        assert expiry_data_structure(parsed) == data


# --- bad input -------------------------------------------------------------------------------

NAIVE = datetime(2026, 4, 8, 9, 30)
VALID = Din("A9999", 26, 123)

BAD_INPUTS: list[tuple[str, Callable[[], object], str, object]] = [
    ("din too short", lambda: parse_din("A99992600012"), "DIN", "A99992600012"),
    ("din too long", lambda: parse_din("A999926000123XY"), "DIN", "A999926000123XY"),
    ("din empty", lambda: parse_din("   "), "DIN", ""),
    ("din not text", lambda: parse_din(None), "DIN", None),
    ("facility digit", lambda: parse_din("1999926000123"), "DIN", "1999926000123"),
    ("facility letters", lambda: parse_din("AB99926000123"), "DIN", "AB99926000123"),
    ("year letter", lambda: parse_din("A99992X000123"), "DIN", "A99992X000123"),
    ("sequence zero", lambda: parse_din("A999926000000"), "DIN", "A999926000000"),
    ("star in din", lambda: parse_din("A99992600012*"), "DIN", "A99992600012*"),
    ("check not alphabet", lambda: parse_din("A999926000123#"), "DIN", "A999926000123#"),
    ("wrong check", lambda: parse_din("W000009123456H"), "DIN", "W000009123456H"),
    ("barcode no flags", lambda: parse_din("=A999926000123"), "DIN", "=A999926000123"),
    ("barcode extra", lambda: parse_din("=A99992600012300X"), "DIN", "=A99992600012300X"),
    ("barcode bad flags", lambda: parse_din("=A999926000123#!"), "DIN", "=A999926000123#!"),
    ("barcode with check", lambda: parse_din("=A999926000123P00"), "DIN", "=A999926000123P00"),
    ("flags without =", lambda: parse_din("A99992600012300"), "DIN", "A99992600012300"),
    ("facility short", lambda: validate_facility_code("A999"), "Facility code", "A999"),
    ("facility 2 letters", lambda: validate_facility_code("AB123"), "Facility code", "AB123"),
    ("facility all digits", lambda: validate_facility_code("99999"), "Facility code", "99999"),
    ("facility not text", lambda: validate_facility_code(9999), "Facility code", 9999),
    ("din facility", lambda: Din("A99", 26, 1), "Facility code", "A99"),
    ("din year 100", lambda: Din("A9999", 100, 1), "DIN year", 100),
    ("din year negative", lambda: Din("A9999", -1, 1), "DIN year", -1),
    ("din year text", lambda: Din("A9999", "26", 1), "DIN year", "26"),
    ("din year bool", lambda: Din("A9999", True, 1), "DIN year", True),
    ("din sequence 0", lambda: Din("A9999", 26, 0), "DIN sequence", 0),
    ("din sequence big", lambda: Din("A9999", 26, 1_000_000), "DIN sequence", 1000000),
    ("din sequence float", lambda: Din("A9999", 26, 5.0), "DIN sequence", 5.0),
    ("flags one", lambda: din_barcode_data(VALID, "0"), "DIN flags", "0"),
    ("flags three", lambda: din_barcode_data(VALID, "000"), "DIN flags", "000"),
    ("flags accent", lambda: din_barcode_data(VALID, "é0"), "DIN flags", "é0"),
    ("flags dash", lambda: din_barcode_data(VALID, "0-"), "DIN flags", "0-"),
    ("check of 12", lambda: din_check_character("A99992600012"), "DIN", "A99992600012"),
    ("check lower", lambda: din_check_character("a999926000123"), "DIN", "a999926000123"),
    ("next overflow", lambda: next_din("A9999", 26, 999_999), "Last DIN sequence", 999999),
    ("next negative", lambda: next_din("A9999", 26, -1), "Last DIN sequence", -1),
    ("next 4-digit year", lambda: next_din("A9999", 2026, 0), "DIN year", 2026),
    ("next facility", lambda: next_din("9999", 26, 0), "Facility code", "9999"),
    ("expiry naive", lambda: expiry_data_structure(NAIVE), "Expiry date/time", NAIVE),
    (
        "expiry 1999",
        lambda: expiry_data_structure(datetime(1999, 12, 31, tzinfo=UTC)),
        "Expiry date/time",
        datetime(1999, 12, 31, tzinfo=UTC),
    ),
    (
        "expiry 3000",
        lambda: expiry_data_structure(datetime(3000, 1, 1, tzinfo=UTC)),
        "Expiry date/time",
        datetime(3000, 1, 1, tzinfo=UTC),
    ),
    (
        "expiry not datetime",
        lambda: expiry_data_structure("2026-04-08"),
        "Expiry date/time",
        "2026-04-08",
    ),
    (
        "parse short",
        lambda: parse_expiry_data_structure("&>026098093", UTC),
        "Expiry data structure",
        "&>026098093",
    ),
    (
        "parse no prefix",
        lambda: parse_expiry_data_structure("0260980930", UTC),
        "Expiry data structure",
        "0260980930",
    ),
    (
        "parse letter",
        lambda: parse_expiry_data_structure("&>02609809a0", UTC),
        "Expiry data structure",
        "&>02609809a0",
    ),
    (
        "parse day 0",
        lambda: parse_expiry_data_structure("&>0260000930", UTC),
        "Expiry data structure",
        "&>0260000930",
    ),
    (
        "parse day 366 non-leap",
        lambda: parse_expiry_data_structure("&>0253660930", UTC),
        "Expiry data structure",
        "&>0253660930",
    ),
    (
        "parse day 366 in 2100",
        lambda: parse_expiry_data_structure("&>1003660000", UTC),
        "Expiry data structure",
        "&>1003660000",
    ),
    (
        "parse day 367 leap",
        lambda: parse_expiry_data_structure("&>0243670930", UTC),
        "Expiry data structure",
        "&>0243670930",
    ),
    (
        "parse hour 24",
        lambda: parse_expiry_data_structure("&>0260982400", UTC),
        "Expiry data structure",
        "&>0260982400",
    ),
    (
        "parse minute 60",
        lambda: parse_expiry_data_structure("&>0260980960", UTC),
        "Expiry data structure",
        "&>0260980960",
    ),
    ("parse no tz", lambda: parse_expiry_data_structure("&>0260980930", None), "Time zone", None),
]


@pytest.mark.parametrize(
    ("call", "field", "entered"),
    [pytest.param(call, field, entered, id=name) for name, call, field, entered in BAD_INPUTS],
)
def test_bad_input_is_refused_naming_field_and_value(
    call: Callable[[], object], field: str, entered: object
) -> None:
    with pytest.raises(InvalidValueError) as excinfo:
        call()
    err = excinfo.value
    message = str(err)
    assert err.field == field
    assert field in message
    assert _shown(entered) in message
    assert err.allowed  # what is allowed is always stated
