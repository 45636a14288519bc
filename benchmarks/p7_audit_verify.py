"""P7: verifying the audit chain over a million entries, against hashlib over the same bytes.

Measured: `labtracker.db.audit.verify_chain` over the whole chain of the deep benchmark site
(≥ 1,000,000 entries): every entry read in id order, its link to the one before checked, its
content serialised exactly as when it was written and hashed with SHA-256.

Baseline: `hashlib.sha256(payload).hexdigest()` over the very payloads `verify_chain` hashes,
built beforehand (untimed) — what hashing alone costs. Both are throughputs, entries a
second; the ratio is verify's over hashlib's (target ≥ 0.5).

Also reported, to show where a verify's floor lies: reading the same columns with the bare
`sqlite3` driver, and serialising them (`json.dumps`), each timed alone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.common import Result, emit, median, spread

COLUMNS = (
    "occurred_at, user_id, username, action, table_name, record_id, field, old_value, "
    "new_value, reason, lot_id, station, previous_hash, id, entry_hash"
)
CHUNK = 50_000


# The cheapest way to the same bytes: one encoder, the stored time turned into its audit
# text by slicing (what verify_chain does too), no objects made.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _iso(stored: str) -> str:
    if len(stored) == 26 and stored[19] == ".":
        micro = stored[20:]
        return f"{stored[:10]}T{stored[11:19]}{'' if micro == '000000' else '.' + micro}+00:00"
    return datetime.fromisoformat(stored).replace(tzinfo=UTC).isoformat()


def _payload(row: tuple) -> bytes:  # type: ignore[type-arg]
    """What `entry_hash` hashes, from a row as stored (occurred_at as naive UTC text)."""
    return _ENCODER.encode([_iso(row[0]), *row[1:13]]).encode("utf-8")


def floors(path: Path) -> dict[str, float]:
    """Seconds to read, to serialise and to hash every entry, each alone."""
    connection = sqlite3.connect(path)
    read = encode = digest = 0.0
    entries = 0
    last = 0
    while True:
        start = time.perf_counter()
        rows = connection.execute(
            f"SELECT {COLUMNS} FROM audit_entry WHERE id > ? ORDER BY id LIMIT ?", (last, CHUNK)
        ).fetchall()
        read += time.perf_counter() - start
        if not rows:
            break
        start = time.perf_counter()
        payloads = [_payload(row) for row in rows]
        encode += time.perf_counter() - start
        start = time.perf_counter()
        for payload, row in zip(payloads, rows, strict=True):
            if hashlib.sha256(payload).hexdigest() != row[14]:
                raise AssertionError(f"entry {row[13]}: the benchmark's payload is not the app's")
        digest += time.perf_counter() - start
        entries += len(rows)
        last = rows[-1][13]
    connection.close()
    return {"entries": entries, "read_s": read, "encode_s": encode, "hash_s": digest}


def verify(path: Path) -> tuple[float, int]:
    from labtracker.db.audit import verify_chain
    from labtracker.db.engine import make_engine

    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            start = time.perf_counter()
            report = verify_chain(connection)
            elapsed = time.perf_counter() - start
    finally:
        engine.dispose()
    if not report.intact:
        raise AssertionError(f"the benchmark site's chain is broken: {report}")
    return elapsed, report.entries_checked


def measure(site: Path, runs: int) -> list[Result]:
    verify_runs: list[float] = []
    hash_runs: list[float] = []
    floor_runs: list[dict[str, float]] = []
    entries = 0
    for _ in range(runs):
        elapsed, entries = verify(site)
        verify_runs.append(entries / elapsed)
        floor = floors(site)
        floor_runs.append(floor)
        hash_runs.append(floor["entries"] / floor["hash_s"])
    value, baseline = median(verify_runs), median(hash_runs)
    middle = sorted(floor_runs, key=lambda f: f["hash_s"])[len(floor_runs) // 2]
    return [
        Result(
            "P7",
            f"audit verify, {entries:,} entries",
            value,
            "entries/s",
            baseline,
            "hashlib.sha256 over the same payloads",
            "≥ 0.5× throughput",
            value / baseline >= 0.5,
            spread(verify_runs),
            spread(hash_runs),
            runs,
            {
                "verify_s": round(entries / value, 2),
                "hash_s": round(middle["hash_s"], 2),
                "sqlite3_read_s": round(middle["read_s"], 2),
                "json_encode_s": round(middle["encode_s"], 2),
                "floor_ratio": round(
                    middle["hash_s"] / (middle["read_s"] + middle["encode_s"] + middle["hash_s"]),
                    3,
                ),
            },
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    emit(measure(args.site, args.runs))


if __name__ == "__main__":
    main()
