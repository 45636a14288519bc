"""`make bench`: build the benchmark sites, run every measure, print one line each, and write
benchmarks/results.json.

    .venv/bin/python -m benchmarks.run [--only P2,P4] [--fresh] [--quick]

Sites (`benchmarks.make_site`) are kept in benchmarks/.sites and made again when the
generator, the schema or the request changed, or when they are more than a day old (lots in
process are placed relative to "now"):

* deep: 430 lots with the issue's finished lot (20 passages of 20 flasks: ~500 events, ~1,700
  audit entries of its own), over a million audit entries in all (P2, P3, P5, P7);
* wide: 10,000 lots (20 passages of 2 flasks), ~4 million audit entries (P1, P4, P5);
* small: 20 lots of the wide kind, the baseline of P4.

Each measure runs in a process of its own, offscreen, with its own settings, data and Qt
settings directories: nothing of this PC's is read or written.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):  # run as a file: benchmarks/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import BENCH_DIR, ROOT, Result, compile_sources, machine, parse

SITES = {
    "deep": {"lots": 430, "passages": 20, "vessels": 20},
    "wide": {"lots": 10_000, "passages": 20, "vessels": 2},
    "small": {"lots": 20, "passages": 20, "vessels": 2},
}
QUICK_SITES = {
    "deep": {"lots": 40, "passages": 20, "vessels": 20},
    "wide": {"lots": 600, "passages": 20, "vessels": 2},
    "small": {"lots": 20, "passages": 20, "vessels": 2},
}
MAX_AGE_S = 24 * 3600


def _source_key() -> str:
    """What a site depends on: the generator, the schema and the services it records with."""
    digest = hashlib.sha256()
    paths = sorted(
        [
            *BENCH_DIR.glob("make_site.py"),
            *BENCH_DIR.glob("site_templates.py"),
            *(ROOT / "labtracker" / "db").rglob("*.py"),
        ]
    )
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def sites(directory: Path, plan: dict[str, dict[str, int]], fresh: bool) -> dict[str, Path]:
    """The sites, made (all at once: one a core) where missing or out of date."""
    directory.mkdir(parents=True, exist_ok=True)
    key = _source_key()
    wanted: dict[str, Path] = {}
    making: dict[str, subprocess.Popen[str]] = {}
    for name, params in plan.items():
        path = directory / f"{name}.sqlite3"
        summary = path.with_suffix(".json")
        wanted[name] = path
        if not fresh and path.exists() and summary.exists():
            known = json.loads(summary.read_text())
            if (
                known.get("key") == key
                and known.get("params") == params
                and time.time() - known.get("made_at", 0) < MAX_AGE_S
            ):
                print(
                    f"site {name}: kept ({known['lots']:,} lots, {known['audit_entries']:,} "
                    "audit entries)",
                    flush=True,
                )
                continue
        print(f"site {name}: making {params['lots']:,} lots …", flush=True)
        making[name] = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "benchmarks.make_site",
                str(path),
                "--lots",
                str(params["lots"]),
                "--passages",
                str(params["passages"]),
                "--vessels",
                str(params["vessels"]),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
    for name, process in making.items():
        output, _ = process.communicate()
        if process.returncode:
            raise SystemExit(f"making site {name} failed:\n{output[-4000:]}")
        summary = json.loads(output[output.index("{\n") :])
        summary.update(key=key, params=plan[name], made_at=time.time())
        wanted[name].with_suffix(".json").write_text(json.dumps(summary, indent=2))
        print(
            f"site {name}: {summary['lots']:,} lots, {summary['audit_entries']:,} audit entries "
            f"in {summary['seconds']:.0f} s",
            flush=True,
        )
    return wanted


def measure(module: str, args: list[str], env: dict[str, str]) -> list[Result]:
    done = subprocess.run(
        [sys.executable, "-m", f"benchmarks.{module}", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"{module} failed:\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}")
    return parse(done.stdout)


def _shown(path: Path) -> str:
    """The path as the person would type it: relative to the project when inside it."""
    path = path.resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__)
    parser.add_argument("--only", help="comma-separated measures, e.g. P2,P4")
    parser.add_argument("--fresh", action="store_true", help="make the sites again")
    parser.add_argument("--quick", action="store_true", help="small sites, few runs (a check)")
    parser.add_argument("--sites", type=Path, default=BENCH_DIR / ".sites")
    parser.add_argument("--output", type=Path, default=BENCH_DIR / "results.json")
    args = parser.parse_args(argv)
    only = {key.strip().upper() for key in args.only.split(",")} if args.only else None
    began = time.perf_counter()
    started = datetime.now(UTC)
    compile_sources()
    facts = machine()
    print(
        f"labtracker benchmarks — {facts['cpu']}, {facts['cores']} cores, "
        f"{facts['memory_mb'] // 1024} GB; load {facts['load_average'][0]:.2f} "
        f"{facts['load_average'][1]:.2f} {facts['load_average'][2]:.2f}",
        flush=True,
    )
    quick = args.quick
    plan = QUICK_SITES if quick else SITES
    made = sites(args.sites, plan, args.fresh)
    deep, wide, small = made["deep"], made["wide"], made["small"]
    runs = lambda full, short: str(short if quick else full)  # noqa: E731
    measures: list[tuple[str, str, list[str]]] = [
        ("P1", "p1_start", ["--site", str(wide), "--runs", runs(7, 3)]),
        ("P2", "p2_lot_page", ["--site", str(deep), "--runs", runs(6, 3)]),
        ("P3", "p3_count", ["--site", str(deep), "--runs", runs(40, 10)]),
        ("P4", "p4_dashboard", ["--site", str(wide), "--small", str(small), "--runs", runs(5, 2)]),
        ("P5", "p5_batch_record", ["--site", str(wide), "--runs", runs(5, 2)]),
        ("P6", "p6_labels", ["--runs", runs(5, 2)]),
        ("P7", "p7_audit_verify", ["--site", str(deep), "--runs", runs(3, 1)]),
        (
            "P8",
            "p8_stations",
            ["--seconds", runs(20, 5), "--longest", runs(60, 10)],
        ),
    ]
    results: list[Result] = []
    failures: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="labtracker-bench-") as home:
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            LABTRACKER_SETTINGS_FILE=f"{home}/settings.toml",
            LABTRACKER_DATA_DIR=f"{home}/data",
            LABTRACKER_LOG_DIR=f"{home}/logs",
            XDG_CONFIG_HOME=f"{home}/config",
        )
        env.pop("LABTRACKER_DATABASE_URL", None)
        for key, module, measure_args in measures:
            if only and key not in only:
                continue
            start = time.perf_counter()
            try:
                found = measure(module, measure_args, env)
            except RuntimeError as error:
                failures[key] = str(error)
                print(f"{key:<4} FAILED: {str(error).splitlines()[0]}", flush=True)
                continue
            for result in found:
                result.details["measure_seconds"] = round(time.perf_counter() - start, 1)
                print(result.line(), flush=True)
            results.extend(found)
    elapsed = time.perf_counter() - began
    after = os.getloadavg()
    for result in results:
        result.details["measured_at"] = started.isoformat(timespec="seconds")
    kept: list[dict[str, object]] = []
    full_run = {"started": started.isoformat(timespec="seconds"), "seconds": round(elapsed, 1)}
    if only and args.output.exists():  # a partial run keeps the other measures' last figures
        earlier = json.loads(args.output.read_text())
        fresh = {r.key for r in results}
        kept = [
            r
            for r in earlier.get("results", [])
            if r["key"] not in fresh and r["key"].split(".")[0] not in only
        ]
        full_run = earlier.get("last_full_run", full_run)
    report = {
        "started": started.isoformat(timespec="seconds"),
        "seconds": round(elapsed, 1),
        "quick": quick,
        "only": sorted(only) if only else None,
        "last_full_run": full_run,  # how long `make bench` took with every measure
        "machine": facts,
        "load_average_after": after,
        "sites": {
            name: json.loads(path.with_suffix(".json").read_text()) for name, path in made.items()
        },
        "results": sorted(kept + [r.as_json() for r in results], key=lambda r: r["key"]),
        "failures": failures,
    }
    args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    met = sum(r.passed is True for r in results)
    judged = sum(r.passed is not None for r in results)
    print(
        f"{met} of {judged} targets met; {elapsed / 60:.1f} min; load now {after[0]:.2f} "
        f"{after[1]:.2f} {after[2]:.2f}; written to {_shown(args.output)}",
        flush=True,
    )
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
