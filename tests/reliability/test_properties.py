"""Properties of identifiers, scans and the culture arithmetic (hypothesis), beyond the unit
properties of tests/domain/test_identifiers.py and test_cell_counts.py.

Those check the check character and parse_din on their own. Here the same guarantees are
checked where a person meets them: through `domain.scan.classify` (the one reader behind
every scan box, the bedside and custody checks), with scanner noise around the data, and on
arbitrary and huge text; and the culture arithmetic through the real services, for generated
passage sequences, against the numbers the services store and show.

Bounded: the pure properties run hypothesis's default 100 examples (some with an explicit
smaller number, noted), each a few microseconds to milliseconds; the service property runs
6 generated lots per backend (`max_examples=6`, no deadline), each 3–9 service calls.
"""

from __future__ import annotations

import math
import random
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labtracker.domain.errors import InvalidValueError
from labtracker.domain.identifiers import (
    ALPHABET,
    Din,
    din_barcode_data,
    din_check_character,
    format_din,
    parse_din,
)
from labtracker.domain.scan import ScanKind, Scanned, classify, validate_wristband_prefix
from labtracker.services import culture, lots
from labtracker.services.culture import CountInput, VesselSeeding
from tests.support.lab import enrol

dins = st.builds(
    Din,
    facility=st.from_regex(r"[A-Z][0-9]{4}", fullmatch=True),
    year=st.integers(0, 99),
    sequence=st.integers(1, 999_999),
)
flags = st.from_regex(r"[0-9A-Za-z]{2}", fullmatch=True)
aim = st.sampled_from(["", "]C0", "]C1", "]d2", "]Q3"])
scanner_tail = st.sampled_from(["", "\r", "\n", "\r\n", "\t", "  "])
# Any character at all, surrogates and controls included: what a broken scanner or a paste
# can deliver.
any_text = st.text(st.characters(exclude_categories=()), max_size=300)

LOT_KINDS = (ScanKind.DIN, ScanKind.VESSEL, ScanKind.QC_SAMPLE)  # codes that name a lot
PROBLEM_MAX = 400  # a refusal is one line on the scan box, whatever arrived


def _random_case(text: str, seed: int) -> str:
    rng = random.Random(seed)
    return "".join(c.lower() if rng.random() < 0.5 else c for c in text)


# --- DIN barcode data and typed DINs through the scan reader -------------------------------------


@given(dins, flags, aim, scanner_tail, st.integers(0, 2**16))
def test_barcode_data_with_flags_reads_back_through_the_scanner(
    din: Din, flag: str, prefix: str, tail: str, seed: int
) -> None:
    """= + DIN + flags, behind any AIM identifier, with a trailing CR/LF/tab, in any case:
    the same DIN and flags, identity confirmed (a barcode carries no check character)."""
    data = din_barcode_data(din, flag)
    scanned = classify(prefix + _random_case(data, seed) + tail)
    assert scanned.kind == ScanKind.DIN
    assert scanned.din == din and scanned.flags == flag.upper()
    assert scanned.from_barcode and scanned.identity_confirmed
    assert parse_din(data) == din


@given(dins, st.integers(0, 2**16))
def test_typed_din_with_its_check_character_reads_back(din: Din, seed: int) -> None:
    typed = f" {format_din(din)} {din.check_character} "
    scanned = classify(_random_case(typed, seed))
    assert scanned.kind == ScanKind.DIN and scanned.din == din
    assert scanned.check_character_typed and scanned.identity_confirmed


@settings(max_examples=40)  # 14 × 36 substitutions each: 20,160 classifications
@given(dins)
def test_scanner_refuses_every_single_substitution_of_a_typed_din(din: Din) -> None:
    """No single wrong character, anywhere in the 13 characters or the check character,
    names a lot: the reader never says "this lot" (nor a vessel or sample of one)."""
    full = din.code + din.check_character
    for i in range(14):
        for char in ALPHABET:
            if char != full[i]:
                scanned = classify(full[:i] + char + full[i + 1 :])
                # (R0000… with its second character typed as L reads as a reagent label
                # RL…: another kind of code, never a lot.)
                assert scanned.kind not in LOT_KINDS, (full, i, char, scanned.kind)


@given(dins)
def test_scanner_refuses_every_adjacent_transposition_of_a_typed_din(din: Din) -> None:
    full = din.code + din.check_character
    for i in range(13):
        if full[i] != full[i + 1]:
            swapped = full[:i] + full[i + 1] + full[i] + full[i + 2 :]
            assert classify(swapped).kind not in LOT_KINDS, swapped


@given(dins, st.sampled_from(["vessel", "qc"]), st.integers(0, 20), st.integers(1, 99))
def test_a_label_built_on_a_din_never_reads_as_another_kind(
    din: Din, kind: str, passage: int, n: int
) -> None:
    code = f"{din.code}-P{passage}-{n}" if kind == "vessel" else f"{din.code}-QC{n:02d}"
    scanned = classify(code)
    assert scanned.kind == (ScanKind.VESSEL if kind == "vessel" else ScanKind.QC_SAMPLE)
    assert scanned.din == din


# --- arbitrary text ------------------------------------------------------------------------------


def _check_invariants(raw: str, scanned: Scanned) -> None:
    assert isinstance(scanned, Scanned) and scanned.raw == raw
    assert isinstance(scanned.kind, ScanKind)
    if scanned.kind in (ScanKind.INVALID, ScanKind.UNKNOWN):
        assert scanned.problem and len(scanned.problem) <= PROBLEM_MAX
        assert scanned.din is None if scanned.kind == ScanKind.UNKNOWN else True
    else:
        assert scanned.problem is None
    if scanned.kind == ScanKind.DIN:
        assert scanned.din is not None
        # Never a DIN that is not in the text, and never a check character that does not hold.
        assert scanned.din.code in scanned.text
        if not scanned.from_barcode and len(scanned.text) == 14:
            assert scanned.check_character_typed
            assert din_check_character(scanned.text[:13]) == scanned.text[13]
        # No control character inside what was read as a DIN.
        inner = raw.strip("".join(chr(c) for c in range(32)) + "\x7f ")
        assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in inner)


@given(any_text)
def test_classify_never_raises_on_any_text(raw: str) -> None:
    _check_invariants(raw, classify(raw))


@settings(max_examples=25)
@given(any_text.filter(bool), st.integers(1_000, 20_000))
def test_classify_never_raises_on_huge_text(chunk: str, times: int) -> None:
    raw = (chunk * times)[: 1 << 20]  # up to 1 MB
    _check_invariants(raw, classify(raw))


@given(dins, any_text, st.integers(0, 15))
def test_noise_inside_a_din_never_yields_a_different_din(din: Din, noise: str, at: int) -> None:
    """Whatever is inserted into barcode data, the reader returns that DIN or no DIN."""
    data = din_barcode_data(din)
    raw = data[:at] + noise + data[at:]
    scanned = classify(raw)
    _check_invariants(raw, scanned)
    if scanned.kind == ScanKind.DIN:
        assert scanned.din == din, (raw, scanned.din)


@given(st.text(max_size=12), any_text)
def test_a_bad_wristband_prefix_is_the_only_refusal(prefix: str, raw: str) -> None:
    """classify raises only InvalidValueError, and only for the site's prefix setting."""
    try:
        validate_wristband_prefix(prefix)
    except InvalidValueError:
        with pytest.raises(InvalidValueError) as caught:
            classify(raw, wristband_prefix=prefix)
        assert caught.value.field == "Wristband prefix"
        return
    _check_invariants(raw, classify(raw, wristband_prefix=prefix))


# --- the culture arithmetic through the real services -------------------------------------------

T75 = 75.0


@st.composite
def passage_plans(draw) -> dict:
    """An isolation count and 1–4 passages, each within what the services accept: cells seeded
    no more than available, harvests below the vessel's 10⁵ cells/cm² ceiling."""
    live = draw(st.integers(20, 400))
    dead = draw(st.integers(0, 400))
    squares = draw(st.integers(1, 9))
    dilution = draw(st.sampled_from([1.0, 2.0, 4.0]))
    volume = draw(st.sampled_from([1.0, 2.0, 5.0, 10.0]))
    total = live / squares * dilution * 1e4 * volume
    passages = []
    available = total
    for _ in range(draw(st.integers(1, 4))):
        vessels = draw(st.integers(1, 3))
        per_vessel = draw(st.integers(20_000, 300_000))
        # (a hair under what is available: the stored harvest is cells/mL × mL, in floats)
        per_vessel = max(1, min(per_vessel, int(available * (1 - 1e-9) // vessels)))
        seeded = per_vessel * vessels
        # Harvest between a quarter and 30-fold, never above the ceiling of the flasks.
        ceiling = vessels * T75 * 1e5
        fold = draw(st.floats(0.25, 30.0))
        harvested = max(min(seeded * fold, ceiling * 0.99), 1_000.0)
        hours = draw(st.integers(24, 400))
        viability = draw(st.floats(0.0, 100.0))
        passages.append(
            {
                "vessels": vessels,
                "per_vessel": per_vessel,
                "harvested": harvested,
                "hours": hours,
                "viability": viability,
            }
        )
        available = harvested
    return {
        "count": (live, dead, squares, dilution, volume),
        "total": total,
        "passages": passages,
    }


@pytest.fixture
def enrolled(lab):
    enrol(lab, "MRN0099001")
    return lab


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=passage_plans())
def test_cumulative_pd_doubling_time_and_fold_through_the_services(enrolled, clock, plan) -> None:
    """For a generated lot: the isolation count's figures (cells/mL, viability in 0–100 %),
    and for each passage PD = log₂(harvested ÷ seeded), expansion fold = 2^PD, doubling
    time × PD = hours in culture, and the cumulative PD of each harvest = the sum of the PDs
    of its lineage, in what record_harvest returns and what growth_series shows."""
    lab = enrolled
    db, tech = lab.db, lab.tech
    din = lots.start_lot(db, tech, "MRN0099001").din
    clock.advance(minutes=10)
    lots.record_aspirate(
        db,
        tech,
        din,
        collection_site="iliac crest",
        volume_ml=15,
        anticoagulant="heparin",
        anticoagulant_lot=None,
        collected_at=clock.now(),
        collected_by_name="Dr Zhao",
    )
    clock.advance(hours=1)
    lots.receive_aspirate(
        db, tech, din, received_at=clock.now(), condition="acceptable", temperature_c=8
    )
    clock.advance(minutes=30)
    live, dead, squares, dilution, volume = plan["count"]
    first = plan["passages"][0]
    iso = culture.record_isolation(
        db,
        tech,
        din,
        method="direct_plating",
        started_at=clock.now(),
        aspirate_volume_used_ml=15,
        count=CountInput.hemocytometer(
            live_cells=live,
            dead_cells=dead,
            squares_counted=squares,
            dilution_factor=dilution,
            suspension_volume_ml=volume,
            counted_at=clock.now(),
        ),
        vessels=[VesselSeeding("T75", first["per_vessel"])] * first["vessels"],
    )
    assert iso.count.cells_per_ml == pytest.approx(live / squares * dilution * 1e4)
    assert iso.count.total_cells == pytest.approx(plan["total"])
    assert 0 <= iso.count.viability_percent <= 100
    assert iso.count.viability_percent == pytest.approx(live / (live + dead) * 100)
    codes = [v.code for v in iso.vessels]
    pds: list[float] = []
    harvest_id = 0
    for n, step in enumerate(plan["passages"]):
        if n:
            seeded = culture.seed_vessels(
                db,
                tech,
                din,
                harvest_id=harvest_id,  # the previous passage's harvest
                vessels=[VesselSeeding("T75", step["per_vessel"])] * step["vessels"],
                seeded_at=clock.now(),
            )
            codes = [v.code for v in seeded.vessels]
        clock.advance(hours=step["hours"])
        result = culture.record_harvest(
            db,
            tech,
            din,
            vessel_codes=codes,
            harvested_at=clock.now(),
            confluence_percent=80,
            count=CountInput.automated(
                cells_per_ml=step["harvested"] / 10,
                viability_percent=step["viability"],
                suspension_volume_ml=10,
                counted_at=clock.now(),
            ),
        )
        harvest_id = result.harvest_id
        seeded_cells = step["per_vessel"] * step["vessels"]
        assert result.cells_seeded == seeded_cells
        assert result.cells_harvested == pytest.approx(step["harvested"])
        assert 0 <= result.count.viability_percent <= 100
        pd = result.population_doublings
        assert pd == pytest.approx(math.log2(step["harvested"] / seeded_cells))
        assert result.cells_harvested / result.cells_seeded == pytest.approx(2**pd)
        assert result.hours_in_culture == pytest.approx(step["hours"])
        if result.cells_harvested > result.cells_seeded:
            assert result.doubling_time_hours is not None
            assert result.doubling_time_hours * pd == pytest.approx(step["hours"])
        else:
            assert result.doubling_time_hours is None
        pds.append(pd)
        assert result.cumulative_population_doublings == pytest.approx(sum(pds), abs=1e-9)
        clock.advance(minutes=5)
    series = culture.growth_series(db, tech, din)
    assert [p.population_doublings for p in series] == pytest.approx(pds)
    running = 0.0
    for point, pd in zip(series, pds, strict=True):
        running += pd
        assert point.cumulative_population_doublings == pytest.approx(running, abs=1e-9)


def test_a_harvest_counted_in_the_future_is_not_arithmetic(enrolled, clock) -> None:
    """The arithmetic never sees an impossible time: hours come from recorded times, and a
    harvest time in the future is refused before any figure is computed."""
    din = lots.start_lot(enrolled.db, enrolled.tech, "MRN0099001").din
    with pytest.raises(InvalidValueError) as caught:
        lots.record_aspirate(
            enrolled.db,
            enrolled.tech,
            din,
            collection_site="iliac crest",
            volume_ml=15,
            anticoagulant="heparin",
            anticoagulant_lot=None,
            collected_at=clock.now() + timedelta(days=1),
            collected_by_name="Dr Zhao",
        )
    assert caught.value.field == "Collected at"


# --- the text every free-text field takes (domain/values.py) -------------------------------------


@given(any_text, st.integers(1, 300))
def test_a_line_is_refused_or_stored_as_one_clean_line(raw: str, limit: int) -> None:
    from labtracker.domain.values import control_character, text_line

    try:
        line = text_line("Field", raw, max_length=limit, required=False)
    except InvalidValueError as refusal:
        assert refusal.field == "Field" and "Field must be" in str(refusal)
        assert control_character(raw) is not None or len(" ".join(raw.split())) > limit
        return
    assert line == " ".join(raw.split()) and len(line) <= limit
    assert control_character(line) is None and "\n" not in line and "\r" not in line


@given(any_text)
def test_a_paragraph_keeps_its_lines_and_nothing_else(raw: str) -> None:
    from labtracker.domain.values import control_character, text_paragraph

    try:
        text = text_paragraph("Notes", raw)
    except InvalidValueError as refusal:
        assert refusal.field == "Notes"
        assert control_character(raw) is not None
        return
    assert "\r" not in text and control_character(text) is None
    assert text == raw.replace("\r\n", "\n").replace("\r", "\n").strip()


@given(
    st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(-(10**30), 10**30),
        st.booleans(),
        st.text(max_size=5),
        st.none(),
    )
)
def test_a_number_is_a_finite_number_in_range_or_refused(value: object) -> None:
    from labtracker.domain.values import number_in_range

    try:
        number = number_in_range("Volume", value, 0, 100, "mL", low_inclusive=False)
    except InvalidValueError as refusal:
        assert refusal.field == "Volume" and "100 mL" in str(refusal)
        return
    assert not isinstance(value, bool) and isinstance(value, int | float)
    assert math.isfinite(number) and 0 < number <= 100 and number == value
