"""The words of a retention export (`retention.py`): how the audit chain and the e-signatures
are hashed, exactly as labtracker/db/audit.py (`entry_hash`, `audit_text`, `content_hash`) and
labtracker/services/signatures.py (`signature_hash`) compute them, and the README.txt a reader
finds beside lot.json.

A test recomputes every hash of an export from these descriptions alone (the stand-alone
reader in tests/services/retention_reader.py), so if the algorithm changes and this text does
not, the test fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

ENTRY_FIELDS = (
    "occurred_at",
    "user_id",
    "username",
    "action",
    "table_name",
    "record_id",
    "field",
    "old_value",
    "new_value",
    "reason",
    "lot_id",
    "station",
    "previous_hash",
)
COMPACT_JSON = (
    "compact JSON text: no whitespace between items (separators ',' and ':'), characters "
    'outside ASCII written as themselves (never \\uXXXX escapes); inside a string, " and \\ '
    "are escaped with a backslash, newline as \\n, carriage return as \\r, tab as \\t, "
    "backspace as \\b, form feed as \\f, any other character below U+0020 as \\u00xx (4 "
    "lowercase hex digits). This is Python's json.dumps(value, ensure_ascii=False, "
    "separators=(',', ':'))."
)
SPACED_JSON = (
    "JSON text as above, except that ', ' (comma, space) separates items and ': ' (colon, "
    "space) follows an object key. This is Python's json.dumps(value, ensure_ascii=False)"
)

AUDIT_CHAIN: dict[str, Any] = {
    "what": (
        "Every change to a record is an audit entry (tables.audit_entry). The entries of the "
        "whole database form one chain in id order: each entry's entry_hash covers its own "
        "content and previous_hash, which is the entry_hash of the entry before it (64 zeros "
        "for the very first entry). Altering, removing or inserting an entry breaks the chain "
        "from that point on."
    ),
    "entry_hash": {
        "function": "SHA-256 of the bytes below, written as 64 lowercase hexadecimal digits",
        "input": (
            "the UTF-8 encoding of a JSON array of these 13 values of the entry, in this "
            "order: " + ", ".join(ENTRY_FIELDS)
        ),
        "fields_in_order": list(ENTRY_FIELDS),
        "field_forms": {
            "occurred_at": (
                "JSON string: the time exactly as written in tables.audit_entry (ISO 8601 in "
                "UTC, e.g. 2026-03-09T08:12:00+00:00; fractions of a second only when not zero)"
            ),
            "user_id, record_id, lot_id": "JSON integer, or null",
            "every other field": "JSON string, or null",
        },
        "serialisation": COMPACT_JSON,
    },
    "value_text": {
        "what": (
            "old_value and new_value (and each value inside an insert's new_value object) are "
            "text: the one text form labtracker gives every value"
        ),
        "null": "null (no value)",
        "boolean": "true / false",
        "date and time": "ISO 8601 in UTC, as in lot.json",
        "date": "YYYY-MM-DD",
        "floating-point number": (
            "the shortest decimal that reads back to the same double, with '.0' on a whole "
            "number and an exponent from 1e16 up (Python's repr(float)): 85.0, 0.2, 1e+16"
        ),
        "integer": "its decimal digits",
        "text and choices": "the text itself",
        "insert": (
            "an insert's new_value is a JSON object (keys sorted, written as Python's "
            "json.dumps(ensure_ascii=False, sort_keys=True)) of every column of the record "
            "as entered, except 'version'; a password hash appears only as [secret]"
        ),
    },
    "verify": [
        "For every entry: build the 13-value array, serialise it as described, take SHA-256; "
        "it must equal entry_hash. A difference means the entry was altered after it was "
        "written.",
        "For two entries whose ids follow each other (n and n+1): previous_hash of n+1 must "
        "equal entry_hash of n. The first entry of the database (id 1) has previous_hash = "
        "64 zeros.",
        "This export holds only the entries of this lot and of the records it refers to; the "
        "ids it skips are entries about other lots and people, kept in the database and its "
        "backups, where the whole chain can be walked (labtracker audit verify). "
        "at_export says whether the whole chain verified when this export was made.",
        "A record's values can be replayed from its entries: start from the insert's "
        "new_value object, apply each later update / correct / void entry of the same "
        "table_name and record_id (field: old_value -> new_value) in id order; the result "
        "equals the row in 'tables' (compare numbers as numbers).",
    ],
}

SIGNATURE_HASHES: dict[str, Any] = {
    "what": (
        "An e-signature (tables.e_signature) binds a person (signer_id, printed_name), a time "
        "(signed_at), a meaning and one record (record_table, record_id) to the exact content "
        "of that record (content_hash). superseded_at is set, with superseded_reason, when the "
        "signed record was changed afterwards: the step was then signed again."
    ),
    "content_hash": (
        "SHA-256 (lowercase hex) of the UTF-8 bytes of a JSON object whose keys are 'table' "
        "(the record's table name) and every column of the record except 'version', "
        "'signature_id' and 'closure_signature_id', each value in its value_text form "
        "(audit_chain.value_text; null stays null), keys sorted, written as "
        + SPACED_JSON
        + " with sort_keys=True. For a signature that is not superseded it equals the hash of "
        "the record's row in 'tables'."
    ),
    "signature_hash": (
        "SHA-256 (lowercase hex) of the UTF-8 bytes of a JSON array of 7 strings: signer_id, "
        "printed_name, signed_at, meaning, record_table, record_id, content_hash (numbers as "
        "their decimal digits, the time as in lot.json), written as " + SPACED_JSON + "."
    ),
}


def readme_text(*, din: str, tables: Sequence[str], exported_at: str, site: dict[str, str]) -> str:
    """README.txt of one lot's folder: plain text, no patient data."""
    listed = "\n".join(f"    csv/{name}.csv" for name in tables)
    return f"""\
LOT {din} - RECORD EXPORTED FOR LONG-TERM RETENTION
{"=" * (len(din) + 47)}

This folder is the complete electronic record of one production lot (Donation
Identification Number {din}) of autologous tissue-engineered bone, made at
{site["name"]} (ISBT 128 facility {site["facility_code"]}, time zone {site["timezone"]}).
It was exported from the labtracker system at {exported_at} (UTC) so that
the lot can be read and checked for the whole retention period, without
labtracker or its database (21 CFR Part 11 section 11.10(b) and (c); EU GMP
Annex 11 sections 7 and 17).

It holds patient data (name, medical record number, date of birth): keep it
as confidentially as the paper batch record.


1. THE FILES

  lot.json          THE record. One JSON document (UTF-8): what it is
                    ("format": "{"labtracker-lot-export"}", "format_version": 1),
                    which labtracker version and database schema wrote it,
                    who exported it and when, the site, and every record of
                    the lot grouped by database table ("tables"), with a
                    description of every table and column ("schema").
  batch_record.pdf  The lot's batch record as labtracker printed it at export:
                    the same content, laid out for people. lot.json is the
                    authoritative copy.
  audit_trail.csv   The audit trail of the lot: every entry, creation and
                    change of its records (who, when, old value, new value,
                    why), one line each.
  csv/              Each table of lot.json as a spreadsheet:
{listed}
  README.txt        This file.
  SHA256SUMS        The SHA-256 checksum of every other file.

The folder above this one holds manifest.json: the lots exported together,
with their sizes and the SHA-256 of each lot.json.


2. HOW TO READ lot.json

Open it in any text editor or JSON viewer. "how_to_read" and "schema" explain
the rest; in short:

  - "tables" has one list per database table; each row is an object
    {{column: value}}. Rows refer to each other by number: a column named
    x_id holds the id of a row in the table that "schema" names under
    "references" (e.g. lot.patient_id -> patient.id).
  - Values: null = nothing recorded; numbers are JSON numbers (decimals as
    text, exactly as stored); true/false; dates YYYY-MM-DD; date-times are
    ISO 8601 in UTC with their offset (2026-03-09T08:12:00+00:00): add the
    site's time zone ({site["timezone"]}) for local time.
  - Names in Chinese (or any script) are written as themselves in UTF-8.
  - Staff appear by number, user ID and full name only (user_account).
  - A record with voided_at set was voided as made in error; it is kept.
  - A corrected value shows its new value in "tables"; the old value, who
    corrected it, when and why are in the audit entries (action "correct").

Where to start: tables.lot, patient, consent, eligibility_assessment,
aspirate_collection, aspirate_receipt, isolation, vessel (by passage_number),
harvest and cell_count (counts, viability, population doublings),
immunophenotype, osteogenic_induction, scaffold_seeding, qc_sample and
qc_result (each result's specification_item gives the limit it was judged
against; outcome is pass or fail), release_decision, custody_event,
implantation; e_signature rows sign the record named by record_table and
record_id, with the meaning of the signature.


3. THE CSV FILES (for spreadsheets)

UTF-8 with a byte order mark (BOM), so that Excel shows Chinese names
correctly; the first line holds the column names. An empty cell is no value
(or an empty text: lot.json tells the two apart). A value that starts with
= + - @ ' or a tab has one ' added in front, so that a spreadsheet never runs
it as a formula (-5.0 appears as '-5.0): remove one leading ' to get the
exact value. lot.json has every value exactly.


4. HOW TO CHECK THAT NOTHING CHANGED

  a) Checksums. In this folder run

         sha256sum -c SHA256SUMS

     (Linux, macOS: shasum -a 256 -c SHA256SUMS). Every line must say OK.
     On Windows: certutil -hashfile lot.json SHA256 and compare by eye.
     The database this lot came from recorded the SHA-256 of lot.json in its
     audit trail when this export was made (an entry "lot {din} exported
     for retention"), and manifest.json beside this folder lists it too.

  b) The audit chain, by hand or with a few lines of any language.
     lot.json -> "audit_chain" describes the algorithm exactly. For each row
     of tables.audit_entry:

         text = JSON array of these 13 values, in this order:
                occurred_at, user_id, username, action, table_name,
                record_id, field, old_value, new_value, reason, lot_id,
                station, previous_hash
                written with no spaces (separators "," and ":"), non-ASCII
                characters as themselves, null for no value
         entry_hash must equal SHA-256( UTF-8 bytes of text ), in lowercase hex

     and where two entries have consecutive ids (n, n+1), previous_hash of
     n+1 must equal entry_hash of n. In Python 3:

         import hashlib, json
         doc = json.load(open("lot.json", encoding="utf-8"))
         fields = doc["audit_chain"]["entry_hash"]["fields_in_order"]
         for e in doc["tables"]["audit_entry"]:
             text = json.dumps([e[f] for f in fields],
                               ensure_ascii=False, separators=(",", ":"))
             assert hashlib.sha256(text.encode("utf-8")).hexdigest() \\
                 == e["entry_hash"], e["id"]

     The chain runs through the whole database; this export holds the
     entries of this lot and of the records it refers to, so ids are
     skipped where other lots' entries lie. "audit_chain" -> "at_export"
     says whether the whole chain verified in the database at export.

  c) Signatures. "e_signature_hashes" in lot.json describes how each
     signature's content_hash and signature_hash are computed, so that a
     signature can be shown to belong to the record it signs.


5. KEEPING THIS EXPORT

Keep two copies on two different media (e.g. write-once optical disc or
archive tape, and a second site's file store). Once a year run
"sha256sum -c SHA256SUMS" on each copy and record the result; replace a copy
that fails from the other one. Never edit a file here: a correction belongs
in labtracker, followed by a new export into a new folder.
"""
