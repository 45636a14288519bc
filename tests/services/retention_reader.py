"""A reader of a labtracker retention export that needs nothing but Python's standard library.

It stands for the reader of 2056: no labtracker, no SQLAlchemy, no database, only lot.json
(and its folder) and what lot.json says about itself. It reconstructs the lot's story (the
patient and DIN, each passage's vessels and counts, the QC results against their limits, the
release with who signed it and when, the implantation) and re-verifies everything that can
be: the SHA256SUMS, every audit entry's hash and every link between consecutive entries (from
the algorithm lot.json documents), every e-signature's hashes, and each record against the
replay of its own audit history.

tests/services/test_retention_export.py checks with `ast` that this file imports only the
standard library, and compares what it reconstructs with what labtracker's services say.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

FORMAT = "labtracker-lot-export"


@dataclass(frozen=True)
class Passage:
    number: int
    vessels: tuple[tuple[str, str, int, float], ...]  # code, vessel type, cells seeded, cm²
    cells_seeded: int
    cells_harvested: float | None
    viability_percent: float | None
    population_doublings: float | None
    doubling_time_hours: float | None
    confluence_percent: float | None
    harvested_at: str | None


@dataclass(frozen=True)
class QcLine:
    test_code: str
    specification: str  # "RELEASE v1"
    comparator: str
    limit: float | str | None
    result: float | str | None
    unit: str
    outcome: str  # as labtracker recorded it
    rejudged: str | None  # as this reader judges it from the limit; None when it cannot


@dataclass(frozen=True)
class Signature:
    meaning: str
    printed_name: str
    username: str
    signed_at: str
    superseded: bool


@dataclass(frozen=True)
class Story:
    din: str
    check_character: str
    status: str
    patient_name: str
    mrn: str
    date_of_birth: str
    passages: tuple[Passage, ...]
    cumulative_population_doublings: float
    qc: tuple[QcLine, ...]
    release_decision: str | None
    release_decided_at: str | None
    release_expires_at: str | None
    release_signatures: tuple[Signature, ...]
    implanted_at: str | None
    implant_site: str | None
    surgeon: str | None
    implantation_signatures: tuple[Signature, ...]
    corrections: tuple[tuple[str, int, str, str | None, str | None, str | None], ...]


@dataclass(frozen=True)
class ChainCheck:
    entries: int
    hashes_recomputed: int
    links_checked: int
    gaps: int
    problems: tuple[str, ...]

    @property
    def intact(self) -> bool:
        return not self.problems


@dataclass
class Reading:
    folder: Path
    document: dict[str, Any]
    story: Story
    chain: ChainCheck
    checksum_problems: list[str] = field(default_factory=list)
    signature_problems: list[str] = field(default_factory=list)
    replay_problems: list[str] = field(default_factory=list)

    @property
    def verified(self) -> bool:
        return (
            self.chain.intact
            and not self.checksum_problems
            and not self.signature_problems
            and not self.replay_problems
        )


def read_export(folder: Path) -> Reading:
    """Read one lot's folder and check everything that can be checked."""
    folder = Path(folder)
    document = json.loads((folder / "lot.json").read_text(encoding="utf-8"), parse_float=float)
    if document.get("format") != FORMAT or document.get("format_version") != 1:
        raise ValueError(f"not a {FORMAT} version 1 document")
    return Reading(
        folder,
        document,
        story(document),
        verify_chain(document),
        verify_checksums(folder),
        verify_signatures(document),
        replay_records(document),
    )


# --- the story ---------------------------------------------------------------------------------


def _by_id(document: dict[str, Any], table: str) -> dict[int, dict[str, Any]]:
    return {row["id"]: row for row in document["tables"].get(table, [])}


def _live(rows: Any) -> list[dict[str, Any]]:
    return [row for row in rows if row.get("voided_at") is None]


def story(document: dict[str, Any]) -> Story:
    tables = document["tables"]
    lot = tables["lot"][0]
    patient = _by_id(document, "patient")[lot["patient_id"]]
    users = _by_id(document, "user_account")
    counts = _by_id(document, "cell_count")
    types = _by_id(document, "vessel_type")
    vessels = _live(tables.get("vessel", []))
    harvests = _live(tables.get("harvest", []))
    harvested = {hv["vessel_id"]: hv["harvest_id"] for hv in tables.get("harvest_vessel", [])}
    passages = []
    cumulative = 0.0
    for number in sorted({v["passage_number"] for v in vessels}):
        mine = sorted((v for v in vessels if v["passage_number"] == number), key=lambda v: v["id"])
        harvest_ids = {harvested[v["id"]] for v in mine if v["id"] in harvested}
        harvest = next((h for h in harvests if h["id"] in harvest_ids), None)
        count = counts.get(harvest["cell_count_id"]) if harvest else None
        if harvest:
            cumulative += harvest["population_doublings"]
        passages.append(
            Passage(
                number,
                tuple(
                    (
                        v["code"],
                        types[v["vessel_type_id"]]["code"],
                        v["cells_seeded"],
                        v["growth_area_cm2"],
                    )
                    for v in mine
                ),
                sum(v["cells_seeded"] for v in mine),
                harvest["cells_harvested"] if harvest else None,
                count["viability_percent"] if count else None,
                harvest["population_doublings"] if harvest else None,
                harvest["doubling_time_hours"] if harvest else None,
                harvest["confluence_percent"] if harvest else None,
                harvest["harvested_at"] if harvest else None,
            )
        )
    items = _by_id(document, "specification_item")
    specs = _by_id(document, "specification")
    qc = []
    for result in sorted(_live(tables.get("qc_result", [])), key=lambda r: r["id"]):
        item = items[result["specification_item_id"]]
        spec = specs[item["specification_id"]]
        value = (
            result["result_value"] if result["result_value"] is not None else result["result_text"]
        )
        limit = item["required_text"] if item["comparator"] == "text" else item["limit_value"]
        qc.append(
            QcLine(
                result["test_code"],
                f"{spec['code']} v{spec['version_number']}",
                item["comparator"],
                limit,
                value,
                result["unit"],
                result["outcome"],
                judge(item, result),
            )
        )
    signatures = tables.get("e_signature", [])

    def signed(table: str, record_id: int) -> tuple[Signature, ...]:
        return tuple(
            Signature(
                s["meaning"],
                s["printed_name"],
                users[s["signer_id"]]["username"],
                s["signed_at"],
                s["superseded_at"] is not None,
            )
            for s in sorted(signatures, key=lambda s: s["id"])
            if s["record_table"] == table and s["record_id"] == record_id
        )

    decisions = _live(tables.get("release_decision", []))
    decision = max(decisions, key=lambda d: (d["decided_at"], d["id"])) if decisions else None
    implantation = next(iter(_live(tables.get("implantation", []))), None)
    corrections = tuple(
        (e["table_name"], e["record_id"], e["field"], e["old_value"], e["new_value"], e["reason"])
        for e in tables.get("audit_entry", [])
        # a correction supersedes the record's signatures: shown with the signatures instead
        if e["action"] == "correct" and e["table_name"] != "e_signature"
    )
    return Story(
        lot["din"],
        document["lot"]["check_character"],
        lot["status"],
        f"{patient['family_name']}{patient['given_name']}",
        patient["mrn"],
        patient["date_of_birth"],
        tuple(passages),
        cumulative,
        tuple(qc),
        decision["decision"] if decision else None,
        decision["decided_at"] if decision else None,
        decision["expires_at"] if decision else None,
        signed("release_decision", decision["id"]) if decision else (),
        implantation["implanted_at"] if implantation else None,
        implantation["implant_site"] if implantation else None,
        users[implantation["surgeon_id"]]["full_name"] if implantation else None,
        signed("implantation", implantation["id"]) if implantation else (),
        corrections,
    )


def judge(item: dict[str, Any], result: dict[str, Any]) -> str | None:
    """Judge a result against its specification item as schema.specification_item says."""
    comparator = item["comparator"]
    if comparator == "text":
        text = result["result_text"]
        if text is None or not text.strip():
            return "pending"
        same = (
            " ".join(text.split()).casefold() == " ".join(item["required_text"].split()).casefold()
        )
        return "pass" if same else "fail"
    value = result["result_value"]
    if value is None:
        return "pending"
    if item["method"].upper() == "K/M":
        return None  # the limit needs the dose volume, which is a judgement of its own
    limit = item["limit_value"]
    passed = {
        ">=": value >= limit,
        ">": value > limit,
        "<=": value <= limit,
        "<": value < limit,
        "==": math.isclose(value, limit, rel_tol=1e-9, abs_tol=1e-12),
    }[comparator]
    return "pass" if passed else "fail"


# --- verification ------------------------------------------------------------------------------


def verify_checksums(folder: Path) -> list[str]:
    """SHA256SUMS must list every other file, and every file must match."""
    problems = []
    listed: set[str] = set()
    for line in (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed.add(name)
        path = folder / name
        if not path.is_file():
            problems.append(f"{name}: missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            problems.append(f"{name}: FAILED (the file differs from its checksum)")
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    for name in sorted(present - listed - {"SHA256SUMS"}):
        problems.append(f"{name}: not in SHA256SUMS")
    return problems


def verify_chain(document: dict[str, Any]) -> ChainCheck:
    """Recompute every entry's hash; check each link between consecutive ids."""
    algorithm = document["audit_chain"]
    fields = algorithm["entry_hash"]["fields_in_order"]
    genesis = algorithm["genesis_hash"]
    entries = sorted(document["tables"].get("audit_entry", []), key=lambda e: e["id"])
    problems = []
    recomputed = links = gaps = 0
    previous: dict[str, Any] | None = None
    for entry in entries:
        text = json.dumps([entry[f] for f in fields], ensure_ascii=False, separators=(",", ":"))
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != entry["entry_hash"]:
            problems.append(f"audit entry {entry['id']}: its content does not match its hash")
        else:
            recomputed += 1
        if entry["id"] == 1:
            links += 1
            if entry["previous_hash"] != genesis:
                problems.append("audit entry 1: does not start the chain")
        elif previous is not None and entry["id"] == previous["id"] + 1:
            links += 1
            if entry["previous_hash"] != previous["entry_hash"]:
                problems.append(
                    f"audit entry {entry['id']}: its link to entry {previous['id']} is broken"
                )
        else:
            gaps += 1
        previous = entry
    return ChainCheck(len(entries), recomputed, links, gaps, tuple(problems))


def value_text(value: Any, kind: str) -> str | None:
    """A lot.json value in the audit trail's text form (audit_chain.value_text)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if kind == "floating-point number" and isinstance(value, int | float):
        return repr(float(value))
    return str(value)


def _kinds(document: dict[str, Any], table: str) -> dict[str, str]:
    return {c["name"]: c["value"] for c in document["schema"][table]["columns"]}


def record_content_hash(document: dict[str, Any], table: str, row: dict[str, Any]) -> str:
    """content_hash of a record as e_signature_hashes describes it."""
    kinds = _kinds(document, table)
    content = {"table": table}
    for name, value in row.items():
        if name in ("version", "signature_id", "closure_signature_id"):
            continue
        content[name] = value_text(value, kinds[name])
    text = json.dumps(content, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def verify_signatures(document: dict[str, Any]) -> list[str]:
    problems = []
    tables = document["tables"]
    for s in tables.get("e_signature", []):
        payload = [
            str(s["signer_id"]),
            s["printed_name"],
            s["signed_at"],
            s["meaning"],
            s["record_table"],
            str(s["record_id"]),
            s["content_hash"],
        ]
        text = json.dumps(payload, ensure_ascii=False)
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != s["signature_hash"]:
            problems.append(f"signature {s['id']}: its signature hash does not hold")
        if s["superseded_at"] is not None:
            continue
        record = next(
            (r for r in tables.get(s["record_table"], []) if r["id"] == s["record_id"]), None
        )
        if record is None:
            problems.append(f"signature {s['id']}: the signed record is not in the export")
        elif record_content_hash(document, s["record_table"], record) != s["content_hash"]:
            problems.append(
                f"signature {s['id']} ({s['meaning']} on {s['record_table']} {s['record_id']}): "
                "the record no longer matches what was signed"
            )
    return problems


def _same(stored: Any, replayed: str | None, kind: str) -> bool:
    if stored is None or replayed is None:
        return stored is None and replayed is None
    if isinstance(stored, bool):
        return replayed == ("true" if stored else "false")
    if kind in ("integer", "floating-point number"):
        return float(stored) == float(replayed)
    if kind == "decimal":
        return Decimal(stored) == Decimal(replayed)
    return str(stored) == replayed


def replay_records(document: dict[str, Any]) -> list[str]:
    """Every record with an insert entry must equal its audit history replayed."""
    tables = document["tables"]
    history: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for entry in sorted(tables.get("audit_entry", []), key=lambda e: e["id"]):
        if entry["action"] != "system":
            history.setdefault((entry["table_name"], entry["record_id"]), []).append(entry)
    problems = []
    for table, rows in tables.items():
        if table == "audit_entry" or table not in document["schema"]:
            continue
        kinds = _kinds(document, table)
        for row in rows:
            entries = history.get((table, row["id"]))
            if not entries or entries[0]["action"] != "insert":
                continue
            state = json.loads(entries[0]["new_value"])
            for entry in entries[1:]:
                state[entry["field"]] = entry["new_value"]
            for name, value in row.items():
                if name == "version" or name not in state:
                    continue
                if not _same(value, state[name], kinds[name]):
                    problems.append(
                        f"{table} {row['id']}.{name}: the record holds {value!r} but its audit "
                        f"history says {state[name]!r}"
                    )
    return problems


def read_csv(path: Path) -> list[dict[str, str]]:
    """A CSV of the export (UTF-8 with BOM)."""
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))
