"""A synthetic site at scale: N lots across every stage, with their whole record.

    .venv/bin/python -m benchmarks.make_site site.sqlite3 --lots 10000
        [--passages 20] [--vessels 20] [--years 8] [--seed 1]

How it is made (and how it differs from a site the services filled by hand):

* `benchmarks.site_templates` records a lot's whole journey **through the real services**
  (from registering the patient to implantation, with the branches to rejection and to a
  contaminated culture) and copies the database at every stage.
* Each generated lot is a **copy of one of those template lots**, moved in time and given
  its own identity: a new patient (name, MRN, date of birth, trial number), the next DIN of
  its year, new deviation numbers, every id, every foreign key, every time shifted by the
  same amount, and every text that named the template (vessel and QC sample codes, label
  data, wristband scans) rewritten. The rows are written straight into the tables with the
  SQLite driver (thousands of lots a minute instead of seconds a lot).
* The record stays **valid**: every signature's content hash and signature hash is computed
  again over the copied record, and every audit entry is rebuilt — inserts from the copied
  row as it was when inserted, updates with their old and new values moved — and appended to
  the one hash chain in order, so `verify_chain`, the lot page, the batch record and the
  signature checks read a generated lot exactly as they read one made at the bench.

What is not like a real site: all lots of a template carry the same figures (counts,
volumes, results); sign-in bookkeeping (login events and the account updates they cause) is
not copied; the audit chain holds each lot's entries together, in lot order, where a real
site interleaves lots that run at the same time; the set-up (people, reagents, scaffold,
incubator) is dated before the oldest lot and the reagent lots stay in date for the whole
history; the template's passwords were hashed with cheap argon2 parameters and are replaced
"today" with the shipped ones (`PASSWORD`).

Lots are placed by Little's law: lots start at a steady rate over ``years``; the finished
ones (about 94 % implanted, the rest rejected or discarded) fill the past, and the lots
still in process sit at each stage in proportion to the time a lot waits there, so a site
with a 20-passage process has hundreds of lots in culture at once.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as day_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Date, DateTime, Engine, String, Text, create_engine, select
from sqlalchemy.orm import class_mapper

from labtracker.db.audit import GENESIS_HASH, SECRET_COLUMNS, SIGNATURE_LINK_COLUMNS, audit_text
from labtracker.db.models import Base
from labtracker.domain.identifiers import format_din, parse_din
from labtracker.domain.lot_states import LotStatus

# Rows a generated lot points at but never copies: the site, its people and reference data.
SHARED_TABLES = frozenset(
    {
        "din_sequence",
        "equipment",
        "label_template",
        "login_event",
        "material",
        "material_lot",
        "password_history",
        "product_code",
        "role",
        "scaffold_lot",
        "scaffold_product",
        "site",
        "site_setting",
        "specification",
        "specification_item",
        "user_account",
        "user_role",
        "vessel_type",
    }
)
# Columns that name another record by (table, id) without a foreign key.
POLYMORPHIC = {
    "e_signature": ("record_table", "record_id"),
    "material_use": ("step", "step_record_id"),
    "equipment_use": ("step", "step_record_id"),
}
PASSWORD = "Bench-Site-2026!"
STORED_TIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores a DateTime in SQLite (checked)
AUDIT_INSERT = (
    "INSERT INTO audit_entry (id, occurred_at, user_id, username, action, table_name, "
    "record_id, field, old_value, new_value, reason, lot_id, station, previous_hash, "
    "entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
FINISHED = {"implanted": 0.94, "discarded_construct": 0.03, "discarded_in_culture": 0.03}
# How long a lot typically waits at each stage, in days (what a site's work list shows).
WAITING_DAYS = {
    "created": 0.15,
    "aspirate_collected": 0.2,
    "received": 0.1,
    "received_outside_limits": 0.05,
    "received_with_deviation": 0.1,
    "in_induction": 15.0,
    "seeded": 0.1,
    "seeded_qc_pending": 2.0,
    "seeded_qc_passed": 0.5,
    "seeded_qc_failed": 0.5,
    "rejected": 0.5,
    "released": 1.5,
    "dispatched": 0.1,
}
CULTURE_DAYS = 6.0  # a passage
FAMILY = (
    ("王", "Wang"),
    ("李", "Li"),
    ("张", "Zhang"),
    ("刘", "Liu"),
    ("陈", "Chen"),
    ("杨", "Yang"),
    ("黄", "Huang"),
    ("赵", "Zhao"),
    ("吴", "Wu"),
    ("周", "Zhou"),
    ("徐", "Xu"),
    ("孙", "Sun"),
    ("马", "Ma"),
    ("朱", "Zhu"),
    ("胡", "Hu"),
    ("郭", "Guo"),
)
GIVEN = (
    ("建国", "Jianguo"),
    ("娜", "Na"),
    ("伟", "Wei"),
    ("洋", "Yang"),
    ("静", "Jing"),
    ("秀英", "Xiuying"),
    ("敏", "Min"),
    ("磊", "Lei"),
    ("军", "Jun"),
    ("丽", "Li"),
    ("强", "Qiang"),
    ("芳", "Fang"),
    ("杰", "Jie"),
    ("婷", "Ting"),
    ("涛", "Tao"),
    ("海燕", "Haiyan"),
)


def _now() -> datetime:
    from labtracker.clock import get_clock

    return get_clock().now().astimezone(UTC)


# --- the record's own arithmetic, on plain dicts ---------------------------------------------
# The same text and hashes as labtracker.db.audit.record_content / content_hash and
# labtracker.services.signatures.signature_hash, for rows that are not ORM objects; the smoke
# test checks that the app's own functions agree with what is written here.


def row_content(columns: tuple[str, ...], row: dict[str, Any]) -> dict[str, str | None]:
    return {
        name: "[secret]" if name in SECRET_COLUMNS else audit_text(row[name]) for name in columns
    }


def content_digest(table: str, content: dict[str, str | None]) -> str:
    signed = {name: value for name, value in content.items() if name not in SIGNATURE_LINK_COLUMNS}
    encoded = json.dumps({"table": table, **signed}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def signature_hash(row: dict[str, Any]) -> str:
    from labtracker.services.signatures import signature_hash as app_signature_hash

    return app_signature_hash(row)


# --- columns ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableInfo:
    name: str
    columns: tuple[str, ...]  # every column, in table order
    audited: tuple[str, ...]  # what record_content covers (all but the lock counter)
    fks: dict[str, str]  # column -> table it points at
    datetimes: frozenset[str]
    dates: frozenset[str]
    texts: frozenset[str]
    insert_sql: str
    binders: tuple[Callable[[Any], Any] | None, ...]


def table_infos(dialect: Any) -> dict[str, TableInfo]:
    infos = {}
    for mapper in Base.registry.mappers:
        table = mapper.local_table
        keys = [attr.key for attr in class_mapper(mapper.class_).column_attrs]
        names = [c.name for c in table.columns]
        assert sorted(keys) == sorted(names), f"{table.name}: attribute names differ from columns"
        fks = {}
        for column in table.columns:
            for fk in column.foreign_keys:
                fks[column.name] = fk.column.table.name
        kinds = {c.name: c.type for c in table.columns}
        infos[table.name] = TableInfo(
            table.name,
            tuple(names),
            tuple(n for n in names if n != "version"),
            fks,
            frozenset(n for n, t in kinds.items() if isinstance(t, DateTime) or _decorates(t)),
            frozenset(n for n, t in kinds.items() if isinstance(t, Date)),
            frozenset(n for n, t in kinds.items() if isinstance(t, String | Text)),
            f"INSERT INTO {table.name} ({', '.join(names)}) "
            f"VALUES ({', '.join('?' for _ in names)})",
            tuple(c.type._cached_bind_processor(dialect) for c in table.columns),
        )
    return infos


def _decorates(kind: Any) -> bool:
    return isinstance(getattr(kind, "impl", None), DateTime)


# --- reading a template -------------------------------------------------------------------------

# How a column of a copied row differs from the template's.
ID, FK, POLY, DATETIME, DATE, TEXT, PATIENT, SIGNATURE = range(8)
PATIENT_FIELDS = (
    "family_name",
    "given_name",
    "name_romanised",
    "date_of_birth",
    "sex",
    "weight_kg",
)


@dataclass
class RowPlan:
    """One template row, prepared once: what stays, and what each copy must work out."""

    table: str
    old_id: int
    values: dict[str, Any]  # typed, as the template holds it now
    bound: list[Any]  # the stored values of every column (for the columns that stay)
    changing: list[tuple[int, str, int, Any]]  # (column index, name, kind, extra)
    final_texts: dict[str, str | None]  # audit text of every audited column, now
    texts: dict[str, str | None]  # the same, as inserted (later updates undone)
    later_updates: dict[str, int]  # column -> index of the first later update entry
    signed_by: str | None = None  # e_signature: the table of the signed record


@dataclass
class EntryPlan:
    """One template audit entry, prepared once."""

    occurred_at: datetime
    user_id: int | None
    username: str
    action: str
    table: str
    record_id: int | None
    record_key: tuple[str, int] | None  # the copied record it names, if it is the lot's own
    field: str | None
    old_value: str | None
    new_value: str | None
    reason: str | None
    lot_id: int | None
    station: str
    row: int | None = None  # insert: index of its RowPlan


@dataclass
class Blueprint:
    """One template lot, read once: its rows as they are now and its audit entries."""

    stage: str
    status: LotStatus
    started_at: datetime
    taken_at: datetime
    din: str
    mrn: str
    rows: list[RowPlan]
    entries: list[EntryPlan]
    tokens: list[str]  # template texts to rewrite: DIN, DIN as printed, MRN, trial number...
    created_at: datetime
    deviations: int

    @property
    def span(self) -> timedelta:
        return self.taken_at - self.started_at


def read_blueprint(template: Any, infos: dict[str, TableInfo]) -> Blueprint:
    engine = create_engine(f"sqlite:///{template.snapshot}")
    try:
        with engine.connect() as connection:
            entries = [
                dict(row)
                for row in connection.exec_driver_sql(
                    "SELECT id, occurred_at, user_id, username, action, table_name, record_id, "
                    "field, old_value, new_value, reason, lot_id, station FROM audit_entry "
                    "WHERE id BETWEEN ? AND ? ORDER BY id",
                    (template.first_audit_id, template.last_audit_id),
                ).mappings()
            ]
            own = [e for e in entries if e["table_name"] not in SHARED_TABLES]
            inserted = [(e["table_name"], e["record_id"]) for e in own if e["action"] == "insert"]
            by_table: dict[str, list[int]] = {}
            for table, record_id in inserted:
                by_table.setdefault(table, []).append(record_id)
            values: dict[tuple[str, int], dict[str, Any]] = {}
            for table, ids in by_table.items():
                model = Base.metadata.tables[table]
                for start in range(0, len(ids), 500):
                    chunk = ids[start : start + 500]
                    for row in connection.execute(select(model).where(model.c.id.in_(chunk))):
                        values[(table, row.id)] = dict(row._mapping)
    finally:
        engine.dispose()
    rows = {key: values[key] for key in inserted}
    patient = next(v for (t, _), v in rows.items() if t == "patient")
    lot = next(v for (t, _), v in rows.items() if t == "lot")
    tokens = [template.din, format_din(parse_din(template.din)), template.mrn]
    if patient.get("trial_subject_number"):
        tokens.append(patient["trial_subject_number"])
    tokens += [v["number"] for (t, _), v in rows.items() if t == "deviation"]
    row_index = {key: n for n, key in enumerate(inserted)}
    plans = [
        _row_plan(table, values[(table, old)], infos[table], tokens, rows)
        for table, old in inserted
    ]
    entry_plans = []
    for entry in own:
        key = (entry["table_name"], entry["record_id"])
        entry_plans.append(
            EntryPlan(
                datetime.fromisoformat(entry["occurred_at"]).replace(tzinfo=UTC),
                entry["user_id"],
                entry["username"],
                entry["action"],
                entry["table_name"],
                entry["record_id"],
                key if key in row_index else None,
                entry["field"],
                entry["old_value"],
                entry["new_value"],
                entry["reason"],
                entry["lot_id"],
                entry["station"],
                row_index[key] if entry["action"] == "insert" else None,
            )
        )
    # The text of each record as inserted: now, with its later updates undone.
    for number, entry in enumerate(entry_plans):
        if entry.action in ("update", "correct", "void") and entry.record_key is not None:
            plan = plans[row_index[entry.record_key]]
            plan.later_updates.setdefault(entry.field, number)
    for plan in plans:
        for column, number in plan.later_updates.items():
            plan.texts[column] = entry_plans[number].old_value
    return Blueprint(
        template.stage,
        template.status,
        template.started_at,
        template.taken_at,
        template.din,
        template.mrn,
        plans,
        entry_plans,
        tokens,
        lot["created_at"],
        sum(t == "deviation" for t, _ in inserted),
    )


def _row_plan(
    table: str,
    row: dict[str, Any],
    info: TableInfo,
    tokens: list[str],
    rows: dict[tuple[str, int], dict[str, Any]],
) -> RowPlan:
    changing: list[tuple[int, str, int, Any]] = []
    poly = POLYMORPHIC.get(table)
    for index, name in enumerate(info.columns):
        value = row[name]
        target = info.fks.get(name)
        if name == "id":
            changing.append((index, name, ID, None))
        elif value is None:
            continue
        elif target is not None and target not in SHARED_TABLES:
            changing.append((index, name, FK, target))
        elif poly is not None and name == poly[1] and (row[poly[0]], value) in rows:
            changing.append((index, name, POLY, row[poly[0]]))
        elif name in info.datetimes:
            changing.append((index, name, DATETIME, None))
        elif table == "patient" and name in PATIENT_FIELDS:
            changing.append((index, name, PATIENT, None))
        elif name in info.dates:
            changing.append((index, name, DATE, None))
        elif table == "e_signature" and name in ("content_hash", "signature_hash"):
            changing.append((index, name, SIGNATURE, None))
        elif value.__class__ is str and any(token in value for token in tokens):
            changing.append((index, name, TEXT, None))
    return RowPlan(
        table,
        row["id"],
        row,
        [
            row[name] if bind is None or row[name] is None else bind(row[name])
            for name, bind in zip(info.columns, info.binders, strict=True)
        ],
        changing,
        row_content(info.audited, row),
        row_content(info.audited, row),
        {},
        row["record_table"] if table == "e_signature" else None,
    )


# --- placing lots in time ---------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    stage: str
    shift: timedelta  # added to every time of the template
    created_at: datetime  # of the lot, after the shift


def stage_waits(stages: Iterable[str], passages: int) -> dict[str, float]:
    waits = {}
    for stage in stages:
        if stage.startswith("in_culture_p"):
            waits[stage] = CULTURE_DAYS if int(stage.rsplit("p", 1)[1]) < passages else 0.0
        elif stage in WAITING_DAYS:
            waits[stage] = WAITING_DAYS[stage]
    return waits


def place_lots(
    blueprints: dict[str, Blueprint], lots: int, years: float, now: datetime, rng: random.Random
) -> list[Placement]:
    """Finished lots over the past ``years``; lots in process by Little's law."""
    passages = max(int(s.rsplit("p", 1)[1]) for s in blueprints if s.startswith("in_culture_p"))
    waits = stage_waits(blueprints, passages + 1)
    days = years * 365
    rate = lots / days  # lots started a day
    active = {stage: rate * wait for stage, wait in waits.items()}
    total_active = sum(active.values())
    if total_active > lots * 0.5:  # a tiny site: keep half of it finished
        scale = lots * 0.5 / total_active
        active = {stage: n * scale for stage, n in active.items()}
    counts = {stage: int(n) for stage, n in active.items()}
    # The fractions left over are handed out by chance, so small sites still see every stage.
    for stage, n in active.items():
        if rng.random() < n - int(n):
            counts[stage] += 1
    placements: list[Placement] = []
    for stage, count in counts.items():
        bp = blueprints[stage]
        for _ in range(count):
            at = now - timedelta(days=rng.random() * waits[stage]) - timedelta(minutes=5)
            shift = _whole_seconds(at - bp.taken_at)
            placements.append(Placement(stage, shift, bp.created_at + shift))
    finished = lots - len(placements)
    stages, weights = zip(*FINISHED.items(), strict=True)
    latest = now - timedelta(days=1)
    for _ in range(finished):
        stage = rng.choices(stages, weights)[0]
        bp = blueprints[stage]
        earliest_start = now - timedelta(days=days)
        latest_start = latest - bp.span
        start = earliest_start + (latest_start - earliest_start) * rng.random()
        shift = _whole_seconds(start - bp.started_at)
        placements.append(Placement(stage, shift, bp.created_at + shift))
    placements.sort(key=lambda p: p.created_at)
    return placements


def _whole_seconds(delta: timedelta) -> timedelta:
    return timedelta(seconds=round(delta.total_seconds()))


# --- copying a lot ------------------------------------------------------------------------------


@dataclass
class Identity:
    din: str
    mrn: str
    trial_subject_number: str
    family: tuple[str, str]
    given: tuple[str, str]
    date_of_birth: date
    sex: str
    weight_kg: float
    deviation_numbers: list[str]


class SiteWriter:
    """Appends copied lots to a site database, keeping ids, DINs and the audit chain."""

    def __init__(self, path: Path, infos: dict[str, TableInfo], timezone: str) -> None:
        self.connection = sqlite3.connect(path, isolation_level=None)
        self.connection.execute("PRAGMA foreign_keys=OFF")  # rows go in table by table
        self.connection.execute("PRAGMA synchronous=OFF")  # a scratch build; checked after
        self.connection.execute("PRAGMA cache_size=-400000")  # 400 MB: the indexes stay in memory
        self.infos = infos
        self.zone = ZoneInfo(timezone)
        self.next_id: dict[str, int] = {}
        for table in infos:
            (top,) = self.connection.execute(f"SELECT max(id) FROM {table}").fetchone()
            self.next_id[table] = (top or 0) + 1
        row = self.connection.execute(
            "SELECT entry_hash FROM audit_entry ORDER BY id DESC LIMIT 1"
        ).fetchone()
        self.previous_hash = row[0] if row else GENESIS_HASH
        self.din_sequence: dict[int, int] = {}
        self.deviation_sequence: dict[int, int] = {}
        self.patients = 0
        self.pending_rows: dict[str, list[tuple[Any, ...]]] = {}
        self.pending_entries: list[tuple[Any, ...]] = []
        self.row_binders = {table: _fast_binders(info) for table, info in infos.items()}
        self.lots_written = 0
        self.entries_written = 0
        self.rows_written = 0

    # --- identity -----------------------------------------------------------------------------

    def identity(self, blueprint: Blueprint, placement: Placement, rng: random.Random) -> Identity:
        created = placement.created_at.astimezone(self.zone)
        year = created.year % 100
        sequence = self.din_sequence.get(year, 0) + 1
        self.din_sequence[year] = sequence
        facility = blueprint.din[:5]
        din = f"{facility}{year:02d}{sequence:06d}"
        self.patients += 1
        numbers = []
        for _ in range(blueprint.deviations):
            dev_year = created.year
            n = self.deviation_sequence.get(dev_year, 0) + 1
            self.deviation_sequence[dev_year] = n
            numbers.append(f"DEV-{dev_year}-{n:04d}")
        sex = rng.choice(("female", "male"))
        return Identity(
            din=din,
            mrn=f"MRN{self.patients:07d}",
            trial_subject_number=f"TEB-{self.patients:05d}",
            family=rng.choice(FAMILY),
            given=rng.choice(GIVEN),
            date_of_birth=date(rng.randint(1971, 2004), rng.randint(1, 12), rng.randint(1, 28)),
            sex=sex,
            weight_kg=float(rng.randint(48, 95)),
            deviation_numbers=numbers,
        )

    # --- one lot -----------------------------------------------------------------------------

    def add_lot(self, blueprint: Blueprint, placement: Placement, who: Identity) -> None:
        shift = placement.shift
        replacements = [
            (blueprint.tokens[0], who.din),
            (blueprint.tokens[1], format_din(parse_din(who.din))),
            (blueprint.tokens[2], who.mrn),
        ]
        extra = blueprint.tokens[3:]
        if len(extra) > blueprint.deviations:  # the trial subject number
            replacements.append((extra[0], who.trial_subject_number))
            extra = extra[1:]
        replacements += list(zip(extra, who.deviation_numbers, strict=True))

        def text(value: str | None) -> str | None:
            if value is None:
                return None
            for old, new in replacements:
                if old in value:
                    value = value.replace(old, new)
            return value

        patient = {
            "family_name": who.family[0],
            "given_name": who.given[0],
            "name_romanised": f"{who.family[1]} {who.given[1]}",
            "date_of_birth": who.date_of_birth,
            "sex": who.sex,
            "weight_kg": who.weight_kg,
        }
        # New ids, table by table, in the order the template inserted them.
        ids: dict[tuple[str, int], int] = {}
        next_id = self.next_id
        for plan in blueprint.rows:
            new_id = next_id[plan.table]
            next_id[plan.table] = new_id + 1
            ids[(plan.table, plan.old_id)] = new_id

        # Each row's changing columns: typed values and their audit texts.
        changed: list[dict[str, Any]] = []
        changed_texts: list[dict[str, str | None]] = []
        signatures: list[int] = []
        for number, plan in enumerate(blueprint.rows):
            values: dict[str, Any] = {}
            texts: dict[str, str | None] = {}
            row = plan.values
            for _index, name, kind, extra in plan.changing:
                if kind == ID:
                    value = values[name] = ids[(plan.table, plan.old_id)]
                    texts[name] = str(value)
                elif kind in (FK, POLY):
                    value = values[name] = ids[(extra, row[name])]
                    texts[name] = str(value)
                elif kind == DATETIME:
                    value = values[name] = row[name] + shift
                    texts[name] = value.isoformat()  # UTC: what audit_text gives
                elif kind == DATE:
                    value = values[name] = _shift_date(row[name], shift)
                    texts[name] = value.isoformat()
                elif kind == TEXT:
                    value = values[name] = text(row[name])
                    texts[name] = value
                elif kind == PATIENT:
                    value = values[name] = patient[name]
                    texts[name] = audit_text(value)
                elif kind == SIGNATURE:
                    signatures.append(number)
            changed.append(values)
            changed_texts.append(texts)
        # Signatures bind to the copied record's content.
        where = {(p.table, p.old_id): n for n, p in enumerate(blueprint.rows)}
        for number in signatures:
            plan, values = blueprint.rows[number], changed[number]
            signed = where[(plan.signed_by, plan.values["record_id"])]
            content = dict(blueprint.rows[signed].final_texts)
            content.update((k, v) for k, v in changed_texts[signed].items() if k in content)
            values["content_hash"] = changed_texts[number]["content_hash"] = content_digest(
                plan.signed_by, content
            )
            record = dict(plan.values)
            record.update(values)
            values["signature_hash"] = changed_texts[number]["signature_hash"] = signature_hash(
                record
            )
        pending = self.pending_rows
        for plan, values, texts in zip(blueprint.rows, changed, changed_texts, strict=True):
            bound = list(plan.bound)
            binders = self.row_binders[plan.table]
            for index, name, kind, _extra in plan.changing:
                value = values[name]
                if kind == DATETIME:
                    bound[index] = _stored_from_iso(texts[name])
                else:
                    bind = binders[index]
                    bound[index] = value if value is None or bind is None else bind(value)
            pending.setdefault(plan.table, []).append(bound)
        self.rows_written += len(blueprint.rows)
        self._entries(blueprint, shift, ids, changed_texts, text)
        self.lots_written += 1

    def _entries(
        self,
        blueprint: Blueprint,
        shift: timedelta,
        ids: dict[tuple[str, int], int],
        changed_texts: list[dict[str, str | None]],
        text: Callable[[str | None], str | None],
    ) -> None:
        moved_old: list[str | None] = []
        rows = blueprint.rows
        previous = self.previous_hash
        pending = self.pending_entries
        lot_ids = {old: new for (table, old), new in ids.items() if table == "lot"}
        olds: dict[int, str | None] = {}
        # The updates first: an insert shows its record with them undone.
        for number, entry in enumerate(blueprint.entries):
            if entry.action in ("update", "correct", "void"):
                olds[number] = self._moved(
                    entry.table, entry.field, entry.old_value, ids, shift, text
                )
        del moved_old
        for number, entry in enumerate(blueprint.entries):
            occurred = entry.occurred_at + shift
            key = entry.record_key
            record_id = ids[key] if key is not None else entry.record_id
            old_value = new_value = None
            action = entry.action
            if action == "insert":
                plan = rows[entry.row]
                content = dict(plan.texts)
                for name, value in changed_texts[entry.row].items():
                    if name not in content:
                        continue
                    later = plan.later_updates.get(name)
                    content[name] = olds[later] if later is not None else value
                new_value = json.dumps(content, ensure_ascii=False, sort_keys=True)
            elif action in ("update", "correct", "void"):
                old_value = olds[number]
                new_value = self._moved(entry.table, entry.field, entry.new_value, ids, shift, text)
            else:
                old_value = text(entry.old_value)
                new_value = text(entry.new_value)
            lot_id = lot_ids[entry.lot_id] if entry.lot_id is not None else None
            reason = text(entry.reason)
            occurred_text = occurred.isoformat()  # UTC: what audit_text gives
            payload = [
                occurred_text,
                entry.user_id,
                entry.username,
                action,
                entry.table,
                record_id,
                entry.field,
                old_value,
                new_value,
                reason,
                lot_id,
                entry.station,
                previous,
            ]
            digest = hashlib.sha256(
                json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            ).hexdigest()
            pending.append(
                (
                    None,
                    _stored_from_iso(occurred_text),
                    entry.user_id,
                    entry.username,
                    action,
                    entry.table,
                    record_id,
                    entry.field,
                    old_value,
                    new_value,
                    reason,
                    lot_id,
                    entry.station,
                    previous,
                    digest,
                )
            )
            previous = digest
        self.previous_hash = previous
        self.entries_written += len(blueprint.entries)

    def _moved(
        self,
        table: str,
        column: str | None,
        value: str | None,
        ids: dict[tuple[str, int], int],
        shift: timedelta,
        text: Callable[[str | None], str | None],
    ) -> str | None:
        """An audit text of ``table.column`` as it reads for the copied lot."""
        if value is None or column is None:
            return value
        info = self.infos[table]
        target = info.fks.get(column)
        if target is not None and target not in SHARED_TABLES:
            return str(ids[(target, int(value))])
        if column in info.datetimes:
            return (datetime.fromisoformat(value) + shift).isoformat()
        if column in info.dates:
            return _shift_date(date.fromisoformat(value), shift).isoformat()
        if column in info.texts:
            return text(value)
        return value

    # --- writing ------------------------------------------------------------------------------

    def flush(self) -> None:
        cursor = self.connection.cursor()
        cursor.execute("BEGIN")
        for table, rows in self.pending_rows.items():
            cursor.executemany(self.infos[table].insert_sql, rows)
        cursor.executemany(AUDIT_INSERT, self.pending_entries)
        cursor.execute("COMMIT")
        self.pending_rows.clear()
        self.pending_entries.clear()

    def close(self) -> None:
        self.connection.execute("PRAGMA foreign_keys=ON")
        self.connection.close()


def _fast_binders(info: TableInfo) -> list[Callable[[Any], Any] | None]:
    """The table's bind processors, with a plain strftime for UTC times (the copies' times
    are all UTC-aware; checked against SQLAlchemy's own processor)."""
    binders = list(info.binders)
    for index, name in enumerate(info.columns):
        if name in info.datetimes:
            sample = datetime(2026, 3, 2, 8, 5, 9, 12, tzinfo=UTC)
            for probe in (sample, sample.replace(microsecond=0)):
                assert info.binders[index](probe) == _stored_time(probe), name
                assert _stored_from_iso(probe.isoformat()) == _stored_time(probe), name
            binders[index] = _stored_time
    return binders


def _stored_time(moment: datetime) -> str:
    """`STORED_TIME` of a UTC moment (isoformat is several times quicker than strftime)."""
    text = moment.replace(tzinfo=None).isoformat(" ")
    return text if len(text) > 19 else text + ".000000"


def _stored_from_iso(text: str) -> str:
    """`STORED_TIME` from a UTC moment's isoformat ("2026-03-02T08:05:09[.ffffff]+00:00")."""
    if text[19] == ".":
        return f"{text[:10]} {text[11:26]}"
    return f"{text[:10]} {text[11:19]}.000000"


def _shift_date(day: date, shift: timedelta) -> date:
    return (datetime.combine(day, day_time(12), UTC) + shift).date()


# --- the whole site -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteSummary:
    path: str
    lots: int
    by_stage: dict[str, int]
    audit_entries: int
    rows: int
    passages: int
    vessels: int
    years: float
    seconds: float
    showcase: dict[str, str]  # a DIN for each kind of lot the benchmarks open

    def as_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


def make_site(
    path: Path,
    *,
    lots: int,
    passages: int = 20,
    vessels: int = 20,
    years: float = 8.0,
    seed: int = 1,
    workdir: Path | None = None,
    progress: Callable[[str], None] = lambda _text: None,
) -> SiteSummary:
    """Write a site of ``lots`` lots to the SQLite file ``path`` (replaced if it exists)."""
    import shutil
    import tempfile

    from benchmarks.site_templates import (
        PASSWORD as TEMPLATE_PASSWORD,
    )
    from benchmarks.site_templates import (
        PEOPLE,
        TIMEZONE,
        copy_database,
        default_start,
        record_templates,
    )
    from labtracker.clock import ManualClock, set_clock
    from labtracker.db.engine import make_engine
    from labtracker.services.context import Database
    from labtracker.services.users import change_password

    began = time.perf_counter()
    rng = random.Random(seed)
    now = _now().replace(microsecond=0)
    own_workdir = workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="labtracker-site-")) if workdir is None else workdir
    try:
        templates = record_templates(
            workdir,
            passages=passages,
            vessels=vessels,
            start=default_start(years),
            progress=progress,
        )
        progress(f"templates recorded ({time.perf_counter() - began:.0f} s)")
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        copy_database(templates.base, path)
        engine = make_engine(f"sqlite:///{path}")
        infos = table_infos(engine.dialect)
        blueprints = {
            stage: read_blueprint(template, infos)
            for stage, template in templates.templates.items()
        }
        placements = place_lots(blueprints, lots, years, now, rng)
        writer = SiteWriter(path, infos, TIMEZONE)
        showcase: dict[str, str] = {}
        by_stage: dict[str, int] = {}
        for number, placement in enumerate(placements, start=1):
            blueprint = blueprints[placement.stage]
            who = writer.identity(blueprint, placement, rng)
            writer.add_lot(blueprint, placement, who)
            by_stage[placement.stage] = by_stage.get(placement.stage, 0) + 1
            showcase[placement.stage] = who.din  # the newest of each stage
            if len(writer.pending_entries) > 50_000:
                writer.flush()
                progress(
                    f"{number:,} of {len(placements):,} lots, "
                    f"{writer.entries_written:,} audit entries "
                    f"({time.perf_counter() - began:.0f} s)"
                )
        writer.flush()
        din_sequence, deviation_sequence = writer.din_sequence, writer.deviation_sequence
        writer.close()
        _finish(engine, din_sequence, now)
        del deviation_sequence
        # Passwords "today", with the shipped argon2 parameters.
        clock = ManualClock(now)
        from labtracker.clock import set_clock as _set

        previous = set_clock(clock)
        try:
            db = Database(engine)
            for username in ("admin", *(p[0] for p in PEOPLE)):
                change_password(db, username, TEMPLATE_PASSWORD, PASSWORD, station="ADMIN-PC")
        finally:
            _set(previous)
        with engine.connect() as connection:
            (entries,) = connection.exec_driver_sql("SELECT count(*) FROM audit_entry").one()
        engine.dispose()
        return SiteSummary(
            str(path),
            len(placements),
            dict(sorted(by_stage.items())),
            entries,
            writer.rows_written,
            passages,
            vessels,
            years,
            round(time.perf_counter() - began, 1),
            showcase,
        )
    finally:
        if own_workdir:
            shutil.rmtree(workdir, ignore_errors=True)


def _finish(engine: Engine, din_sequence: dict[int, int], now: datetime) -> None:
    """The DIN sequences the copied lots used, through the ORM (audited like any change)."""
    from labtracker.clock import ManualClock, set_clock
    from labtracker.db.audit import AuditContext
    from labtracker.db.engine import make_session_factory
    from labtracker.db.models import DinSequence, Site

    previous = set_clock(ManualClock(now))
    try:
        with make_session_factory(engine)() as session:
            session.info["audit"] = AuditContext(None, "system", "site generator", "DIN sequences")
            facility = session.scalar(select(Site.facility_code))
            for year, last in sorted(din_sequence.items()):
                row = session.scalar(
                    select(DinSequence).where(
                        DinSequence.facility_code == facility, DinSequence.year == year
                    )
                )
                if row is None:
                    session.add(DinSequence(facility_code=facility, year=year, last_sequence=last))
                else:
                    row.last_sequence = max(row.last_sequence, last)
            session.commit()
    finally:
        set_clock(previous)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.make_site", description=__doc__)
    parser.add_argument("output", type=Path, help="the SQLite file to write (replaced)")
    parser.add_argument("--lots", type=int, required=True)
    parser.add_argument("--passages", type=int, default=20)
    parser.add_argument("--vessels", type=int, default=20, help="flasks a passage")
    parser.add_argument("--years", type=float, default=8.0, help="history the lots span")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    summary = make_site(
        args.output,
        lots=args.lots,
        passages=args.passages,
        vessels=args.vessels,
        years=args.years,
        seed=args.seed,
        progress=lambda text: print(text, flush=True),
    )
    print(json.dumps(summary.as_json(), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
