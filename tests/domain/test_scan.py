"""What a scanned or typed string is: the table of everything a scanner or a person can send."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from labtracker.domain.errors import InvalidValueError
from labtracker.domain.identifiers import ALPHABET, din_check_character
from labtracker.domain.scan import (
    MRN_RE,
    ScanKind,
    classify,
    validate_wristband_prefix,
    vessel_code,
)

DIN = "A999926000001"
CHECK = din_check_character(DIN)
WRONG = next(c for c in "ABCDEFGH" if c != CHECK)


@pytest.mark.parametrize(
    ("text", "kind", "din", "extra"),
    [
        # DIN barcode data: = + DIN + flags
        ("=A99992600000100", "din", DIN, {"flags": "00", "from_barcode": True}),
        ("=A999926000001AB", "din", DIN, {"flags": "AB", "from_barcode": True}),
        ("=A99992600000100\r\n", "din", DIN, {"flags": "00"}),
        ("=A99992600000100\r", "din", DIN, {"flags": "00"}),
        ("=A99992600000100\t", "din", DIN, {"flags": "00"}),
        ("  =A99992600000100  ", "din", DIN, {"flags": "00"}),
        ("]C0=A99992600000100", "din", DIN, {"flags": "00"}),  # AIM Code 128
        ("]d2=a99992600000100\n", "din", DIN, {"flags": "00"}),  # AIM DataMatrix, lower case
        ("]c1=A99992600000100", "din", DIN, {"flags": "00"}),
        # typed by hand
        (DIN, "din", DIN, {"check_character_typed": False, "from_barcode": False}),
        (DIN + CHECK, "din", DIN, {"check_character_typed": True}),
        (DIN.lower() + CHECK.lower(), "din", DIN, {"check_character_typed": True}),
        ("A9999 26 000001 " + CHECK, "din", DIN, {"check_character_typed": True}),
        # vessels and QC samples
        ("A999926000001-P1-2", "vessel", DIN, {"passage": 1, "number": 2}),
        ("a999926000001-p0-1\r\n", "vessel", DIN, {"passage": 0, "number": 1}),
        ("]d2A999926000001-P12-10", "vessel", DIN, {"passage": 12, "number": 10}),
        ("A999926000001-QC03", "qc_sample", DIN, {"number": 3, "code": "A999926000001-QC03"}),
        ("a999926000001-qc12\n", "qc_sample", DIN, {"code": "A999926000001-QC12"}),
        # the lab's own lot labels
        ("RL000042", "material_lot", None, {"code": "RL000042"}),
        ("rl000042\r\n", "material_lot", None, {"code": "RL000042"}),
        ("]C0SC000007", "scaffold_lot", None, {"code": "SC000007"}),
        ("sc000007\t", "scaffold_lot", None, {"code": "SC000007"}),
        # wristbands
        ("MRN:MRN0012345", "wristband", None, {"mrn": "MRN0012345"}),
        ("mrn:mrn0012345\r\n", "wristband", None, {"mrn": "MRN0012345"}),
        ("]C0MRN:12345678", "wristband", None, {"mrn": "12345678"}),
        # ISBT 128 expiry
        ("&>0260980930", "expiry", None, {}),
        ("]C0&>0260980930\r\n", "expiry", None, {}),
    ],
)
def test_codes_labtracker_knows(text, kind, din, extra):
    scanned = classify(text)
    assert scanned.kind == kind, scanned.problem
    assert scanned.problem is None
    assert (scanned.din.code if scanned.din else None) == din
    for name, value in extra.items():
        assert getattr(scanned, name) == value, name
    assert scanned.raw == text


@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        (DIN + WRONG, "invalid", "check character does not match"),
        ("=A999926000001", "invalid", "DIN must be"),  # flags missing
        ("=A9999260000010", "invalid", "DIN must be"),
        ("=A99992600000000", "invalid", "not 000000"),
        ("A999926000000", "invalid", "not 000000"),
        ("A999926000000-P1-2", "invalid", "does not start with a valid DIN"),
        ("A999926000000-QC01", "invalid", "does not start with a valid DIN"),
        ("MRN:x", "invalid", "hospital MRN"),
        ("MRN:", "invalid", "hospital MRN"),
        ("&>026098093", "invalid", "10 digits"),
        ("&>0264000930", "invalid", "Julian day 400 does not exist in 2026"),
        ("&>0260982430", "invalid", "hour 24"),
        ("&>0260980960", "invalid", "minute 60"),
        ("", "invalid", "Nothing was scanned"),
        ("\r\n", "invalid", "Nothing was scanned"),
        ("]C0", "invalid", "Nothing was scanned"),
        ("hello", "unknown", "not a code labtracker knows"),
        ("MRN0012345", "unknown", "10 characters of letters and digits"),  # band without prefix
        ("A99992600001", "unknown", "12 characters"),
        ("RL42", "unknown", "not a code labtracker knows"),
        ("https://example.org/x", "unknown", "letters and other characters"),
    ],
)
def test_codes_it_refuses_say_why(text, kind, words):
    scanned = classify(text)
    assert scanned.kind == kind
    assert scanned.problem and words in scanned.problem
    assert scanned.din is None and scanned.mrn is None


def test_wrong_check_character_never_reveals_the_right_one():
    messages = set()
    for wrong in (c for c in ALPHABET if c != CHECK):
        typed = DIN + wrong
        problem = classify(typed).problem
        assert problem is not None
        messages.add(problem.replace(typed, "<typed>"))
    assert len(messages) == 1  # the same words whatever was typed: nothing to copy from
    assert "Re-type the DIN and its check character from the label" in messages.pop()


def test_unknown_code_shows_control_characters_and_is_shortened():
    scanned = classify("ab\x07cd" + "x" * 60)
    # A control character inside is never one clean read (issue 10): invalid, not unknown.
    assert scanned.kind == ScanKind.INVALID
    assert "\\x07" in scanned.problem
    assert "…" in scanned.problem


def test_expiry_gives_the_local_wall_time_and_its_instant():
    scanned = classify("&>0260980930")
    wall = scanned.expiry
    assert (wall.year, wall.julian_day, wall.month, wall.day, wall.hour, wall.minute) == (
        2026,
        98,
        4,
        8,
        9,
        30,
    )
    assert str(wall) == "2026-04-08 09:30"
    assert wall.at(ZoneInfo("Asia/Shanghai")) == datetime(2026, 4, 8, 1, 30, tzinfo=UTC)


def test_identity_confirmed_only_for_barcode_or_check_character():
    assert classify("=A99992600000100").identity_confirmed
    assert classify(DIN + CHECK).identity_confirmed
    assert not classify(DIN).identity_confirmed
    assert not classify("A999926000001-P1-2").identity_confirmed


def test_site_wristband_prefix():
    assert classify("PT#MRN0012345", wristband_prefix="pt#").mrn == "MRN0012345"
    assert classify("MRN:MRN0012345", wristband_prefix="PT#").kind == ScanKind.UNKNOWN


@pytest.mark.parametrize(
    "prefix", ["", "MRN", "A9999", "RL", "=X:", "&P:", "]C:", "A B:", "X" * 11]
)
def test_wristband_prefix_that_could_read_as_another_code_is_refused(prefix):
    with pytest.raises(InvalidValueError) as err:
        validate_wristband_prefix(prefix)
    assert err.value.field == "Wristband prefix"


def test_vessel_code_round_trips():
    din = classify(DIN).din
    code = vessel_code(din, 2, 5)
    assert code == "A999926000001-P2-5"
    scanned = classify(code)
    assert (scanned.kind, scanned.passage, scanned.number) == ("vessel", 2, 5)


def test_mrn_rule_is_the_patient_register_rule():
    from labtracker.services.patients import MRN_PATTERN

    assert MRN_RE.pattern == MRN_PATTERN.pattern.strip("^$")
