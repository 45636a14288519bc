"""Export for retention: a lot readable in 30 years without labtracker (21 CFR 11.10(b), (c);
EU GMP Annex 11 §7, §17).

`export_for_retention` writes, per lot, ``<out_dir>/<DIN>/``:

* ``lot.json``: one self-describing JSON document: what it is, which labtracker and schema
  wrote it, the site, every record of the lot table by table (found from the schema's foreign
  keys, `retention_records`), the schema with a description of every column, and the exact
  hash algorithms of the audit trail and the e-signatures, so both can be re-verified by hand;
* ``csv/<table>.csv`` for every table in lot.json, and ``audit_trail.csv`` (UTF-8 with BOM);
* ``batch_record.pdf``: the lot's batch record, as `print_batch_record` renders it;
* ``README.txt`` for the reader, and ``SHA256SUMS`` over every file;

and ``<out_dir>/manifest.json``: the lots of this export and the totals.

Nothing is half-written: everything goes to a hidden staging folder inside ``out_dir`` and
is renamed into place only once every lot is complete, inside the transaction that records
the export (one audit *system* event per lot, with the SHA-256 of its lot.json). A lot folder
that exists and is not empty is never overwritten.

The batch record PDF is rendered with `batch_record` + the report renderer rather than
`print_batch_record`: the export is itself the recorded act, and its one audit entry per lot
carries the PDF's SHA-256 as a print entry would, so an exported PDF can still be matched.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import secrets
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from labtracker import __version__
from labtracker.clock import get_clock
from labtracker.db.audit import GENESIS_HASH, record_system_event
from labtracker.db.migrate import current_revision
from labtracker.db.models import AuditEntry, Lot
from labtracker.domain.errors import InvalidValueError, LabtrackerError
from labtracker.domain.identifiers import din_barcode_data, format_din, parse_din
from labtracker.domain.permissions import Action
from labtracker.services.audit import AuditRow, verify_audit_chain
from labtracker.services.batch_record import batch_record
from labtracker.services.context import Actor, Database, authorise
from labtracker.services.records import lot_by_din
from labtracker.services.retention_records import (
    AUDIT_TABLE,
    PRIVATE_AUDIT_TABLES,
    VALUE_CONVENTIONS,
    classify,
    collect_lot_rows,
    csv_text,
    exported_columns,
    json_value,
    ordered_tables,
    sorted_rows,
)
from labtracker.services.retention_schema import describe_schema
from labtracker.services.retention_text import (
    AUDIT_CHAIN,
    ENTRY_FIELDS,
    SIGNATURE_HASHES,
    readme_text,
)
from labtracker.services.site import the_site

FORMAT = "labtracker-lot-export"
FORMAT_VERSION = 1
MANIFEST_FORMAT = "labtracker-retention-manifest"
REASON = "lot exported for retention"
STAGING_PREFIX = ".labtracker-export-partial-"


class RetentionExportError(LabtrackerError):
    """The export could not be completed; nothing of it was left behind."""


@dataclass(frozen=True)
class LotExport:
    """One lot's folder, as written."""

    din: str
    path: Path
    files: int
    bytes: int
    lot_json_sha256: str
    batch_record_pages: int


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote: one folder per lot, and the manifest beside them."""

    out_dir: Path
    lots: tuple[LotExport, ...]
    manifest: Path
    exported_at: datetime

    @property
    def dins(self) -> tuple[str, ...]:
        return tuple(lot.din for lot in self.lots)

    @property
    def paths(self) -> tuple[Path, ...]:
        return tuple(lot.path for lot in self.lots)

    @property
    def files(self) -> int:
        return sum(lot.files for lot in self.lots)

    @property
    def bytes(self) -> int:
        return sum(lot.bytes for lot in self.lots)


@dataclass(frozen=True)
class _Prepared:
    din: str
    lot_id: int
    status: str
    high_water: int  # the newest audit entry of the lot when it was read
    records: dict[str, frozenset[int]]  # the records exported, by table
    staged: Path
    export: LotExport
    pdf_sha256: str
    sums_sha256: str


def export_for_retention(
    db: Database,
    actor: Actor,
    dins: Sequence[str] | None,
    out_dir: Path,
    *,
    station: str,
) -> ExportReport:
    """Export lots (``dins``; None = every lot) for long-term retention into ``out_dir``.

    QA only (VIEW_LOTS and REVIEW_AUDIT_TRAIL: the export holds patient data and the audit
    trail). Refuses, with nothing written: an unknown DIN (named), a lot folder that exists and
    is not empty, an ``out_dir`` that is a file, a lot changed while it was being exported.
    """
    actor = replace(actor, station=station or actor.station)
    out_dir = Path(out_dir).absolute()
    if out_dir.exists() and not out_dir.is_dir():
        raise InvalidValueError("Output folder", str(out_dir), "a folder, not a file")
    now = get_clock().now()
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        authorise(session, actor, Action.REVIEW_AUDIT_TRAIL)
        chosen = _chosen_lots(session, dins)
        for din, _lot_id in chosen:
            _refuse_used_folder(out_dir / din)
        classify_result = classify()
    chain = verify_audit_chain(db)
    revision = current_revision(db.engine)
    staging = out_dir / f"{STAGING_PREFIX}{secrets.token_hex(4)}"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging.mkdir()
    except OSError as error:
        raise RetentionExportError(
            f"Cannot write to {out_dir} ({error.strerror}); nothing was written."
        ) from error
    moved: list[Path] = []
    try:
        prepared = [
            _prepare_lot(
                db,
                actor,
                din,
                lot_id,
                staging,
                out_dir,
                now=now,
                revision=revision,
                chain=chain,
                kinds=classify_result,
            )
            for din, lot_id in chosen
        ]
        manifest_name = _manifest_name(out_dir, now)
        manifest = _manifest(actor, prepared, now, revision)
        _write_json(staging / manifest_name, manifest)
        with db.writing(actor, REASON) as session:
            authorise(session, actor, Action.VIEW_LOTS)
            authorise(session, actor, Action.REVIEW_AUDIT_TRAIL)
            for item in prepared:
                if _high_water(session, item.lot_id, item.records) != item.high_water:
                    raise RetentionExportError(
                        f"Lot {item.din} changed while it was being exported; nothing was "
                        "written. Run the export again."
                    )
                record_system_event(
                    session,
                    actor.audit(REASON),
                    "lot",
                    item.lot_id,
                    _event_text(item),
                    lot_id=item.lot_id,
                )
            session.flush()
            for item in prepared:
                _move_into_place(item.staged, item.export.path)
                moved.append(item.export.path)
            _move_into_place(staging / manifest_name, out_dir / manifest_name)
            moved.append(out_dir / manifest_name)
    except BaseException as error:
        for path in moved:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise RetentionExportError(
                f"Writing the export to {out_dir} failed ({error.strerror or error}); nothing "
                "was left behind."
            ) from error
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return ExportReport(out_dir, tuple(p.export for p in prepared), out_dir / manifest_name, now)


# --- choosing and guarding --------------------------------------------------------------------


def _chosen_lots(session: Any, dins: Sequence[str] | None) -> list[tuple[str, int]]:
    if dins is None:
        chosen = [
            (din, lot_id)
            for lot_id, din in session.execute(select(Lot.id, Lot.din).order_by(Lot.id))
        ]
        if not chosen:
            raise InvalidValueError("Lots", "all", "a database with at least one lot")
        return chosen
    if isinstance(dins, str):  # one DIN passed bare would be read letter by letter
        dins = [dins]
    if not dins:
        raise InvalidValueError("DIN", "", "at least one DIN (or every lot)")
    chosen = []
    for text in dins:
        lot = lot_by_din(session, text)  # names a malformed or unknown DIN, or a wrong check
        if all(lot.id != lot_id for _, lot_id in chosen):
            chosen.append((lot.din, lot.id))
    return chosen


def _refuse_used_folder(folder: Path) -> None:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InvalidValueError(
            "Output folder",
            str(folder),
            "a new or empty folder: an earlier export is never overwritten",
            f"{folder} already holds an export (or other files), and an earlier export is "
            "never overwritten: nothing was written. Choose another output folder, or move "
            "the earlier export away first.",
        )


def _move_into_place(source: Path, target: Path) -> None:
    if target.is_dir() and not any(target.iterdir()):
        target.rmdir()  # an empty folder made beforehand is taken over
    if target.exists():
        raise InvalidValueError(
            "Output folder",
            str(target),
            "a new or empty folder: an earlier export is never overwritten",
            f"{target} appeared while the export ran; nothing was written.",
        )
    os.rename(source, target)


def _high_water(session: Any, lot_id: int, records: dict[str, frozenset[int]]) -> int:
    """The newest audit entry of the lot and of every record exported with it: if it moves
    between reading and recording the export, something changed and the export is refused."""
    newest = session.scalar(select(func.max(AuditEntry.id)).where(AuditEntry.lot_id == lot_id))
    newest = newest or 0
    for table, ids in records.items():
        for chunk in _chunks(sorted(ids)):
            found = session.scalar(
                select(func.max(AuditEntry.id)).where(
                    AuditEntry.table_name == table, AuditEntry.record_id.in_(chunk)
                )
            )
            newest = max(newest, found or 0)
    return newest


def _chunks(values: list[int], size: int = 500) -> list[list[int]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


def _manifest_name(out_dir: Path, now: datetime) -> str:
    if not (out_dir / "manifest.json").exists():
        return "manifest.json"
    return f"manifest-{now:%Y%m%dT%H%M%SZ}.json"


# --- one lot ----------------------------------------------------------------------------------


def _prepare_lot(
    db: Database,
    actor: Actor,
    din: str,
    lot_id: int,
    staging: Path,
    out_dir: Path,
    *,
    now: datetime,
    revision: str | None,
    chain: Any,
    kinds: Any,
) -> _Prepared:
    from labtracker.reports.batch_record import build_batch_record_pdf  # reportlab: on use only

    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        rows = collect_lot_rows(session, lot_id)
        records = {
            table: frozenset(found)
            for table, found in rows.rows.items()
            if table != AUDIT_TABLE and table not in PRIVATE_AUDIT_TABLES
        }
        high_water = _high_water(session, lot_id, records)
        site = the_site(session)
        head = session.execute(
            select(AuditEntry.id, AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1)
        ).first()
        site_info = {
            "name": site.name,
            "facility_code": site.facility_code,
            "timezone": site.timezone,
            "address": site.address,
            "licence_number": site.licence_number,
        }
    record = batch_record(db, actor, din)
    generated_by = f"{actor.full_name} ({actor.username})"
    rendered = build_batch_record_pdf(record, generated_by=generated_by, generated_at=now)

    folder = staging / din
    (folder / "csv").mkdir(parents=True)
    tables = ordered_tables(rows)
    lot_row = rows.rows["lot"][lot_id]
    document: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "title": f"Complete record of lot {din}, exported from labtracker for retention",
        "lot": {
            "din": din,
            "din_display": format_din(parse_din(din)),
            "check_character": parse_din(din).check_character,
            "barcode_data": din_barcode_data(parse_din(din)),
            "status": json_value(lot_row["status"]),
            "id": lot_id,
        },
        "labtracker_version": __version__,
        "database_schema_revision": revision,
        "exported_at": json_value(now),
        "exported_by": {
            "username": actor.username,
            "user_account_id": actor.user_id,
            "full_name": actor.full_name,
        },
        "station": actor.station,
        "site": site_info,
        "how_to_read": [
            "'tables' holds every record of the lot, one list of rows per database table; "
            "'schema' says what each table and column means.",
            "Rows refer to each other by id: a column named x_id holds the id of a row of the "
            "table named in schema.<table>.columns[].references (e.g. lot.patient_id -> "
            "patient.id).",
            "Values follow 'value_conventions'; times are UTC: add the site's time zone.",
            "Start at tables.lot, then patient, aspirate_collection, isolation, vessel, "
            "harvest, cell_count, qc_result (with specification_item), release_decision, "
            "implantation; e_signature rows sign a record named by record_table/record_id.",
            "'audit_chain' and 'e_signature_hashes' tell how to re-verify the audit trail and "
            "the signatures without labtracker; README.txt walks through it.",
        ],
        "value_conventions": VALUE_CONVENTIONS,
        "audit_chain": {
            **AUDIT_CHAIN,
            "genesis_hash": GENESIS_HASH,
            "example": _chain_example(rows),
            "at_export": {
                "whole_chain_verified": chain.intact,
                "entries_checked": chain.entries_checked,
                "first_bad_entry_id": chain.first_bad_entry_id,
                "problem": chain.problem,
                "newest_entry_id": head[0] if head else None,
                "newest_entry_hash": head[1] if head else None,
            },
        },
        "e_signature_hashes": SIGNATURE_HASHES,
        "tables_not_exported": dict(kinds.excluded),
        "references_not_followed": [
            {"table": t, "id": i, "column": c, "refers_to": f"{tt}.id = {ti}"}
            for t, i, c, tt, ti in rows.not_followed
        ],
        "files": {
            "batch_record.pdf": "the lot's batch record as labtracker printed it at export",
            "audit_trail.csv": "the audit entries of tables.audit_entry, one line each",
            "csv/<table>.csv": "each table of 'tables' as a spreadsheet (UTF-8 with BOM)",
            "README.txt": "how to read and verify this folder",
            "SHA256SUMS": "SHA-256 of every other file (sha256sum -c SHA256SUMS)",
        },
        "row_counts": {name: len(rows.rows[name]) for name in tables},
        "schema": describe_schema(tables, kinds),
        "tables": {
            name: [
                {c.name: json_value(row.get(c.name)) for c in _columns(name)}
                for row in sorted_rows(rows, name)
            ]
            for name in tables
        },
    }
    lot_json = _write_json(folder / "lot.json", document)
    for name in tables:
        _write_table_csv(folder / "csv" / f"{name}.csv", name, document["tables"][name])
    _write_audit_csv(
        folder / "audit_trail.csv", document["tables"].get(AUDIT_TABLE, []), lot_id, din
    )
    (folder / "batch_record.pdf").write_bytes(rendered.pdf)
    (folder / "README.txt").write_text(
        readme_text(din=din, tables=tables, exported_at=json_value(now), site=site_info),
        encoding="utf-8",
        newline="\n",
    )
    sums = _write_sums(folder)
    files = [p for p in folder.rglob("*") if p.is_file()]
    return _Prepared(
        din,
        lot_id,
        str(document["lot"]["status"]),
        high_water,
        records,
        folder,
        LotExport(
            din,
            out_dir / din,
            len(files),
            sum(p.stat().st_size for p in files),
            hashlib.sha256(lot_json).hexdigest(),
            rendered.pages,
        ),
        hashlib.sha256(rendered.pdf).hexdigest(),
        hashlib.sha256(sums).hexdigest(),
    )


def _chain_example(rows: Any) -> dict[str, Any] | None:
    """The first exported entry worked through: the exact text hashed and its SHA-256."""
    entries = sorted_rows(rows, AUDIT_TABLE) if AUDIT_TABLE in rows.rows else []
    if not entries:
        return None
    values = [json_value(entries[0][name]) for name in ENTRY_FIELDS]
    text = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
    return {
        "entry_id": entries[0]["id"],
        "text_hashed": text,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }


def _columns(table: str) -> list[Any]:
    from labtracker.db.base import Base

    return exported_columns(Base.metadata.tables[table])


def _write_json(path: Path, document: dict[str, Any]) -> bytes:
    data = (json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode(
        "utf-8"
    )
    path.write_bytes(data)
    return data


def _write_table_csv(path: Path, table: str, rows: list[dict[str, Any]]) -> None:
    from labtracker.reports.audit_trail import spreadsheet_safe

    names = [c.name for c in _columns(table)]
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(names)
        for row in rows:
            writer.writerow([spreadsheet_safe(csv_text(row[name])) for name in names])


def _write_audit_csv(path: Path, entries: list[dict[str, Any]], lot_id: int, din: str) -> None:
    from labtracker.reports.audit_trail import write_audit_csv

    rows = [
        AuditRow(
            e["id"],
            datetime.fromisoformat(e["occurred_at"]),
            e["username"],
            e["station"],
            e["action"],
            e["table_name"],
            e["record_id"],
            e["field"],
            e["old_value"],
            e["new_value"],
            e["reason"],
            din if e["lot_id"] == lot_id else None,
        )
        for e in entries
    ]
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        write_audit_csv(rows, stream)


def _write_sums(folder: Path) -> bytes:
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(folder).as_posix()}\n")
    data = "".join(lines).encode("utf-8")
    (folder / "SHA256SUMS").write_bytes(data)
    return data


def _event_text(item: _Prepared) -> str:
    e = item.export
    return (
        f"lot {item.din} exported for retention to {e.path}: {e.files} files, {e.bytes} bytes; "
        f"lot.json SHA-256 {e.lot_json_sha256}; batch_record.pdf ({e.batch_record_pages} "
        f"pages) SHA-256 {item.pdf_sha256}; SHA256SUMS SHA-256 {item.sums_sha256}"
    )


def _manifest(
    actor: Actor, prepared: list[_Prepared], now: datetime, revision: str | None
) -> dict[str, Any]:
    return {
        "format": MANIFEST_FORMAT,
        "format_version": FORMAT_VERSION,
        "labtracker_version": __version__,
        "database_schema_revision": revision,
        "exported_at": json_value(now),
        "exported_by": {"username": actor.username, "full_name": actor.full_name},
        "station": actor.station,
        "lots": [
            {
                "din": p.din,
                "folder": p.din,
                "status": p.status,
                "files": p.export.files,
                "bytes": p.export.bytes,
                "lot_json_sha256": p.export.lot_json_sha256,
                "batch_record_pdf_sha256": p.pdf_sha256,
                "sha256sums_sha256": p.sums_sha256,
            }
            for p in prepared
        ],
        "totals": {
            "lots": len(prepared),
            "files": sum(p.export.files for p in prepared),
            "bytes": sum(p.export.bytes for p in prepared),
        },
    }


__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "ExportReport",
    "LotExport",
    "RetentionExportError",
    "export_for_retention",
]
