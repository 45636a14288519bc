"""`labtracker`: the headless administration command (no Qt needed).

    labtracker init                       create/migrate the database, first administrator
    labtracker db info | db upgrade       which database; bring its schema up to date
    labtracker backup -o FILE             back up the database while in use, verified (admin)
    labtracker verify-backup FILE         check a backup file: checksum, integrity, audit chain
    labtracker restore FILE               restore a backup into the configured EMPTY database
    labtracker settings                   every setting (station and site), where it is kept
    labtracker user add|list|deactivate|unlock|reset-password|roles|failed-logins
    labtracker audit verify               walk the audit trail's hash chain
    labtracker audit export               the audit trail as CSV or PDF, filtered
    labtracker label KIND DIN|VESSEL -o F print a label to a PDF file (recorded, reconciled)
    labtracker label KIND DIN --zpl -o F  the same label as ZPL for a Zebra printer, to a file
    labtracker label KIND DIN --printer H send it as ZPL to a network printer (raw TCP, 9100)
    labtracker coa DIN -o F               certificate of analysis of a released lot (QA)
    labtracker custody DIN -o F           chain-of-custody report of a lot (QA)
    labtracker record DIN -o F            the lot's batch record (QA)
    labtracker export DIN...|--all -o DIR lots for 30-year retention: JSON, CSV, PDF (QA)
    labtracker din check DIN              validate a typed or scanned DIN
    labtracker demo                       fill an empty database with a demonstration site

Commands that act for a person take ``--user`` and ask for that person's password (or read
it from the first line of standard input with ``--password-stdin``, for scripts).
"""

from __future__ import annotations

import argparse
import getpass
import logging
import secrets
import socket
import string
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from labtracker import __version__
from labtracker.domain.errors import InvalidValueError, LabtrackerError

if TYPE_CHECKING:
    from labtracker.services.context import Actor
    from labtracker.services.station import Station

ROLE_NAMES = ("technician", "verifier", "qa", "surgeon", "administrator")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="labtracker",
        description=__doc__.split("\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"labtracker {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    def acting(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--user", required=True, help="your user ID")
        p.add_argument(
            "--password-stdin",
            action="store_true",
            help="read your password from the first line of standard input",
        )
        return p

    init = commands.add_parser("init", help="create the database and its first administrator")
    init.add_argument("--username", required=True)
    init.add_argument("--full-name", required=True, help="printed with your signatures")
    init.add_argument("--password-stdin", action="store_true")
    init.add_argument("--site-name", required=True, help="the manufacturing facility's name")
    init.add_argument("--facility-code", required=True, help="ISBT 128 facility code, e.g. A9999")
    init.add_argument("--timezone", required=True, help="IANA time zone, e.g. Asia/Shanghai")

    commands.add_parser(
        "demo", help="fill an EMPTY database with a demonstration site (never production)"
    )

    db = commands.add_parser("db", help="the station's database").add_subparsers(
        dest="db_command", required=True
    )
    db.add_parser("info", help="which database this station uses and its schema revision")
    commands.add_parser(
        "settings", help="every setting this station runs by (its own and the site's)"
    )
    db.add_parser("upgrade", help="create or migrate the database to this version's schema")

    backup = acting(
        commands.add_parser(
            "backup", help="back up the database while in use; checksum and audit chain verified"
        )
    )
    backup.add_argument(
        "-o", "--output", required=True, type=Path, help="the backup file (never overwritten)"
    )
    verify_backup = commands.add_parser(
        "verify-backup", help="check a backup file: checksum, integrity, audit chain (no user)"
    )
    verify_backup.add_argument("file", type=Path)
    restore = commands.add_parser(
        "restore", help="restore a backup into this station's database, which must be EMPTY"
    )
    restore.add_argument("file", type=Path)

    user = commands.add_parser("user", help="user accounts (administrators)").add_subparsers(
        dest="user_command", required=True
    )
    add = acting(user.add_parser("add", help="new account; prints a temporary password"))
    add.add_argument("username")
    add.add_argument("--full-name", required=True)
    add.add_argument("--role", action="append", required=True, choices=ROLE_NAMES)
    acting(user.add_parser("list", help="every account, its roles and state"))
    for name, text in (
        ("deactivate", "deactivate an account (never deleted)"),
        ("unlock", "unlock an account locked by failed attempts"),
        ("reset-password", "set a temporary password; prints it"),
    ):
        p = acting(user.add_parser(name, help=text))
        p.add_argument("username")
        p.add_argument("--reason", required=True)
    roles = acting(user.add_parser("roles", help="set exactly these roles"))
    roles.add_argument("username")
    roles.add_argument("--role", action="append", required=True, choices=ROLE_NAMES)
    roles.add_argument("--reason", required=True)
    failed = acting(user.add_parser("failed-logins", help="failed sign-in/signature attempts"))
    failed.add_argument("--days", type=int, default=30)

    audit = commands.add_parser("audit", help="the audit trail").add_subparsers(
        dest="audit_command", required=True
    )
    audit.add_parser("verify", help="check the hash chain; exit 1 naming the first bad entry")
    export = acting(audit.add_parser("export", help="export entries as CSV or PDF"))
    export.add_argument("--format", choices=("csv", "pdf"), required=True)
    export.add_argument("--output", required=True, type=Path)
    export.add_argument("--lot", help="lot DIN")
    export.add_argument("--by", help="entries made by this user ID")
    export.add_argument("--table", help="record table, e.g. cell_count")
    export.add_argument("--record", type=int, help="record id (with --table)")
    export.add_argument("--from", dest="start", help="first day, YYYY-MM-DD (UTC)")
    export.add_argument("--to", dest="end", help="last day, YYYY-MM-DD (UTC), inclusive")

    label = acting(
        commands.add_parser(
            "label", help="print a label to a PDF or ZPL file, or to a Zebra printer (recorded)"
        )
    )
    label.add_argument("kind", choices=("aspirate", "vessel", "custody", "quarantine", "release"))
    label.add_argument(
        "target",
        help="the lot's DIN barcode or DIN with check character, or a vessel ID for a vessel label",
    )
    label.add_argument("-o", "--output", type=Path, help="the file to write (PDF, or ZPL)")
    label.add_argument(
        "--zpl",
        action="store_true",
        help="ZPL for a Zebra printer: to -o, else to the station's zpl_printer",
    )
    label.add_argument(
        "--printer",
        metavar="HOST:PORT",
        help="send ZPL to this network printer (raw TCP, port 9100 if left out)",
    )
    label.add_argument(
        "--timeout", type=float, default=5.0, help="seconds to wait for the printer (default 5)"
    )
    label.add_argument("--copies", type=int, default=1)
    label.add_argument(
        "--stock", default=None, help="2x1in, 4x2in or A4-24 (default: the kind's usual stock)"
    )
    label.add_argument("--reprint-reason", default=None)

    for name, text in (
        ("coa", "certificate of analysis of a released lot, as PDF (QA)"),
        ("custody", "chain-of-custody report of a lot, as PDF (QA)"),
        ("record", "the lot's batch record, as PDF (QA)"),
    ):
        printed = acting(commands.add_parser(name, help=text))
        printed.add_argument("din", help="the lot's DIN (barcode, or with its check character)")
        printed.add_argument("-o", "--output", required=True, type=Path)
        if name == "record":
            printed.add_argument("--purpose", help="why it is printed (kept in the audit trail)")

    retention = acting(
        commands.add_parser(
            "export",
            help="lots for long-term retention: JSON, CSV, batch record PDF, checksums (QA)",
        )
    )
    retention.add_argument("dins", nargs="*", metavar="DIN", help="the lots' DINs")
    retention.add_argument("--all", action="store_true", help="every lot in the database")
    retention.add_argument(
        "-o", "--output", required=True, type=Path, help="folder; one sub-folder per lot"
    )

    din = commands.add_parser("din", help="Donation Identification Numbers").add_subparsers(
        dest="din_command", required=True
    )
    check = din.add_parser("check", help="validate a typed or scanned DIN")
    check.add_argument("text", help="13 characters, 13 + check character, or =DIN+flags")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    log = _start_log(args)
    try:
        if args.command == "din":
            return _din_check(args.text)
        if args.command == "db" and args.db_command == "info":
            return _db_info()
        if args.command == "verify-backup":
            return _verify_backup(args.file)
        if args.command == "restore":  # never through open_station: that would create tables
            return _restore(args.file)
        return _with_station(args)
    except LabtrackerError as error:
        log.warning("refused", exc_info=True)  # the log keeps the DIN, not the message
        print(f"labtracker: {error}", file=sys.stderr)
        return 2
    except Exception:
        log.exception("unexpected error")
        raise


def _start_log(args: argparse.Namespace) -> logging.Logger:
    """Log to the station's log file and note the command (its words only: its arguments
    may be reasons, names or passwords)."""
    from labtracker.logs import configure_logging

    configure_logging("cli")
    log = logging.getLogger("labtracker.cli")
    words = [args.command, getattr(args, f"{args.command}_command", None) or ""]
    log.info("labtracker %s: %s", __version__, " ".join(words).strip())
    return log


def _with_station(args: argparse.Namespace) -> int:
    from labtracker.services.station import open_station

    station = open_station()
    try:
        if args.command == "db":
            info = station.info
            if info.pre_upgrade_backup is not None:
                print(
                    f"Backed up before upgrading from schema {info.upgraded_from}: "
                    f"{info.pre_upgrade_backup} (SHA-256 {info.pre_upgrade_sha256})"
                )
            print(f"{info.backend} {info.location} is at schema {info.revision}")
            return 0
        if args.command == "init":
            return _init(station, args)
        if args.command == "demo":
            return _demo(station)
        if args.command == "settings":
            return _settings(station)
        if args.command == "audit" and args.audit_command == "verify":
            return _audit_verify(station)
        actor = _sign_in(station, args)
        if args.command == "user":
            return _user(station, actor, args)
        if args.command == "label":
            return _label(station, actor, args)
        if args.command in ("coa", "custody", "record"):
            return _lot_record(station, actor, args)
        if args.command == "backup":
            return _backup(station, actor, args.output)
        if args.command == "export":
            return _retention_export(station, actor, args)
        return _audit_export(station, actor, args)
    finally:
        station.close()


def _read_password(args: argparse.Namespace, prompt: str) -> str:
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\n")
    return getpass.getpass(prompt)


def _sign_in(station: Station, args: argparse.Namespace) -> Actor:
    from labtracker.services.auth import login

    password = _read_password(args, f"Password for {args.user}: ")
    return login(station.database, args.user, password, station=_station_name())


def _station_name() -> str:
    return f"{socket.gethostname()} (cli)"


def _init(station: Station, args: argparse.Namespace) -> int:
    from labtracker.services.setup import set_up_site

    password = _read_password(args, "Choose the administrator's password: ")
    if not args.password_stdin and password != getpass.getpass("Repeat it: "):
        raise InvalidValueError(
            "Password", "…", "the same twice", "The two passwords differ; nothing was created."
        )
    result = set_up_site(
        station.database,
        username=args.username,
        full_name=args.full_name,
        password=password,
        site_name=args.site_name,
        facility_code=args.facility_code,
        timezone=args.timezone,
        station=_station_name(),
    )
    print(f"Database ready ({station.info.backend} {station.info.location}).")
    print(f"Site {result.site.name} ({result.site.facility_code}, {result.site.timezone}).")
    print(f"Administrator {result.administrator} ({args.full_name}) created.")
    return 0


def _settings(station: Station) -> int:
    from labtracker.services.configuration import current_settings, setting_rows

    rows = setting_rows(current_settings(station.database, station.settings))
    width = max(len(row.name) for row in rows)
    value_width = min(48, max(len(row.value) for row in rows))
    for row in rows:
        default = "" if row.is_default else f"   (default {row.default or 'none'})"
        print(f"{row.name:<{width}}  {row.value or '-':<{value_width}}  {row.kept_in}{default}")
    return 0


def _demo(station: Station) -> int:
    from labtracker.services.demo import create_demo

    site = create_demo(station.database)
    print(f"Demo site created in {station.info.backend} {station.info.location}.")
    print(f"Users: {', '.join(site.usernames)} (password for all: {site.password})")
    for din, stage in site.lots:
        print(f"  {din}  {stage}")
    return 0


def temporary_password(length: int = 16) -> str:
    """A random password meeting the rules; its owner replaces it at first sign-in."""
    alphabet = string.ascii_letters + string.digits + "-_!#"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(length))
        kinds = [
            any(c.islower() for c in candidate),
            any(c.isupper() for c in candidate),
            any(c.isdigit() for c in candidate),
            any(c in "-_!#" for c in candidate),
        ]
        if all(kinds):
            return candidate


def _user(station: Station, actor: Actor, args: argparse.Namespace) -> int:
    from labtracker.domain.permissions import Role
    from labtracker.services import auth, users

    db = station.database
    command = args.user_command
    if command == "add":
        password = temporary_password()
        summary = users.add_user(
            db, actor, args.username, args.full_name, [Role(r) for r in args.role], password
        )
        print(
            f"Created {summary.username} ({summary.full_name}), roles: "
            f"{', '.join(r.label for r in summary.roles)}"
        )
        print(
            f"Temporary password (give it in person; it must be changed at first sign-in): "
            f"{password}"
        )
    elif command == "list":
        print(f"{'user ID':<16} {'name':<28} {'state':<12} roles")
        for u in users.list_users(db, actor):
            state = "deactivated" if not u.is_active else "LOCKED" if u.is_locked else "active"
            print(
                f"{u.username:<16} {u.full_name:<28} {state:<12} "
                f"{', '.join(r.label for r in u.roles)}"
            )
    elif command == "deactivate":
        users.deactivate_user(db, actor, args.username, args.reason)
        print(f"{args.username} deactivated. The account and its records stay on file.")
    elif command == "unlock":
        users.unlock_user(db, actor, args.username, args.reason)
        print(f"{args.username} unlocked.")
    elif command == "reset-password":
        password = temporary_password()
        users.reset_password(db, actor, args.username, password, args.reason)
        print(
            f"Temporary password for {args.username} (must be changed at next sign-in): {password}"
        )
    elif command == "roles":
        summary = users.set_roles(
            db, actor, args.username, [Role(r) for r in args.role], args.reason
        )
        print(f"{summary.username}: {', '.join(r.label for r in summary.roles)}")
    elif command == "failed-logins":
        from labtracker.clock import get_clock

        since = get_clock().now() - timedelta(days=args.days)
        attempts = auth.login_attempts(db, actor, since=since)
        print(f"{len(attempts)} failed attempt(s) in the last {args.days} days")
        for a in attempts:
            print(
                f"{a.occurred_at:%Y-%m-%d %H:%M:%S}Z  {a.username_entered:<16} {a.purpose:<10} "
                f"{a.failure_reason or ''}  {a.station}"
            )
    return 0


DEFAULT_STOCKS = {
    "aspirate": "2x1in",
    "vessel": "2x1in",
    "custody": "4x2in",
    "quarantine": "4x2in",
    "release": "4x2in",
}


def _label(station: Station, actor: Actor, args: argparse.Namespace) -> int:
    from labtracker.services.labels import print_labels
    from labtracker.services.printers import print_zpl_labels
    from labtracker.settings import parse_printer_address

    stock = args.stock or DEFAULT_STOCKS[args.kind]
    to_printer = args.printer is not None or (args.zpl and args.output is None)
    if to_printer:
        if args.output is not None:
            raise InvalidValueError(
                "--output", str(args.output), "left out when printing to --printer"
            )
        if args.printer is not None:
            address = parse_printer_address(args.printer, field="--printer")
        elif station.settings.zpl_printer is not None:
            address = station.settings.zpl_printer
        else:
            raise InvalidValueError(
                "--printer",
                "",
                "a printer as host:port",
                "No label printer given: use --printer HOST:PORT, or -o FILE to write the ZPL "
                "to a file, or set zpl_printer in the station's settings file (or "
                "LABTRACKER_ZPL_PRINTER).",
            )
        printed = print_zpl_labels(
            station.database,
            actor,
            args.target,
            args.kind,
            copies=args.copies,
            stock=stock,
            address=address,
            reprint_reason=args.reprint_reason,
            timeout=args.timeout,
        )
        where = f"sent to the printer {address} (ZPL)"
    else:
        if args.output is None:
            raise InvalidValueError(
                "--output", "", "a file to write", "Give -o FILE, or --printer HOST:PORT."
            )
        printed = print_labels(
            station.database,
            actor,
            args.target,
            args.kind,
            copies=args.copies,
            stock=stock,
            printer=f"{'ZPL ' if args.zpl else ''}file {args.output}",
            reprint_reason=args.reprint_reason,
            output="zpl" if args.zpl else "pdf",
        )
        args.output.write_bytes(printed.zpl if args.zpl else printed.pdf)
        where = f"written to {args.output}" + (" (ZPL)" if args.zpl else "")
    what = "REPRINT of " if printed.is_reprint else ""
    print(
        f"{what}{printed.copies} {printed.kind} label(s) for {printed.din} "
        f"({printed.template}) {where}; print #{printed.label_print_id}, "
        "reconcile applied + destroyed once used."
    )
    return 0


def _din_code(text: str) -> str:
    """The DIN as the record stores it, from what was typed or scanned (already accepted)."""
    from labtracker.domain.identifiers import parse_din

    return str(parse_din(text))


def _lot_record(station: Station, actor: Actor, args: argparse.Namespace) -> int:
    """A printed record of one lot: certificate of analysis, chain of custody, batch record."""
    db = station.database
    if args.command == "coa":
        from labtracker.services.certificates import certificate_pdf

        pdf = certificate_pdf(db, actor, args.din)
        what = f"Certificate of analysis of lot {_din_code(args.din)}"
    elif args.command == "custody":
        from labtracker.services.custody_report import custody_report_pdf

        pdf = custody_report_pdf(db, actor, args.din)
        what = f"Chain of custody of lot {_din_code(args.din)}"
    else:
        # print_batch_record checks PRINT_BATCH_RECORD and records the print (pages, SHA-256)
        # in the audit trail; batch_record + render_batch_record would do neither.
        from labtracker.services.batch_record import print_batch_record

        printed = print_batch_record(db, actor, args.din, purpose=args.purpose or "")
        pdf = printed.pdf
        what = (
            f"Batch record of lot {printed.din} ({printed.pages} pages, SHA-256 "
            f"{printed.sha256[:16]}…)"
        )
    args.output.write_bytes(pdf)
    print(f"{what} written to {args.output}")
    return 0


def _retention_export(station: Station, actor: Actor, args: argparse.Namespace) -> int:
    """One folder per lot under -o, each readable without labtracker; see
    docs/retention-export.md."""
    from labtracker.services.retention import export_for_retention

    if bool(args.dins) == bool(args.all):
        raise InvalidValueError("DIN", " ".join(args.dins), "one or more DINs, or --all (not both)")
    report = export_for_retention(
        station.database,
        actor,
        None if args.all else args.dins,
        args.output,
        station=_station_name(),
    )
    for lot in report.lots:
        print(f"{lot.din}  {lot.files} files  {_size(lot.bytes)}  {lot.path}")
    print(
        f"{len(report.lots)} lot(s) exported: {report.files} files, {_size(report.bytes)}; "
        f"manifest {report.manifest}"
    )
    return 0


def _size(count: int) -> str:
    if count < 1000:
        return f"{count} bytes"
    if count < 1_000_000:
        return f"{count / 1000:.1f} kB"
    return f"{count / 1_000_000:.1f} MB"


def _backup(station: Station, actor: Actor, output: Path) -> int:
    import time

    from labtracker.services.backup import backup_database

    started = time.perf_counter()
    report = backup_database(station.database, actor, output, station=_station_name())
    print(f"Backup written to {report.path} ({_size(report.size_bytes)}, {report.backend}).")
    print(f"SHA-256 {report.sha256}  (also in {report.checksum_path.name})")
    print(
        f"Verified in the copy: audit trail intact, {report.audit_entries_checked} entries; "
        f"schema {report.schema_revision}; manifest {report.manifest_path.name}."
    )
    print(f"Took {time.perf_counter() - started:.1f} s. Keep a copy away from this computer.")
    return 0


def _verify_backup(path: Path) -> int:
    from labtracker.services.backup import verify_backup

    check = verify_backup(path)
    made = f"{check.made_at:%Y-%m-%d %H:%M:%S}Z" if check.made_at else "unknown time"
    print(f"{check.path}: {check.backend or 'unknown kind'}, {_size(check.size_bytes)}")
    print(
        f"  made {made} by {check.made_by} on {check.station} "
        f"(labtracker {check.labtracker_version}), schema {check.schema_revision}"
    )
    print(f"  SHA-256 {check.sha256}")
    if check.integrity is not None:
        print(f"  SQLite integrity check: {check.integrity}")
    if check.chain_checked_in_file:
        print(f"  audit trail in the file: {check.audit_entries_checked} entries checked")
    elif check.audit_entries_checked is not None:
        print(
            f"  audit trail: {check.audit_entries_checked} entries verified when the dump was "
            f"made (checked again at restore); pg_restore reads the dump"
        )
    if check.ok:
        print("Backup OK: the checksum matches and every check passed.")
        return 0
    for problem in check.problems:
        print(f"  PROBLEM: {problem}", file=sys.stderr)
    print("BACKUP NOT USABLE: see the problems above.", file=sys.stderr)
    return 1


def _restore(path: Path) -> int:
    import time

    from labtracker.db.migrate import head_revision
    from labtracker.services.backup import restore_database
    from labtracker.settings import load_settings

    started = time.perf_counter()
    report = restore_database(path, load_settings(), station=_station_name())
    print(f"Restored {report.backup} (SHA-256 {report.sha256})")
    print(f"  into {report.backend} {report.location}, schema {report.schema_revision}")
    print(
        f"  backup made {report.backup_made_at:%Y-%m-%d %H:%M:%S}Z by {report.backup_made_by}; "
        f"{report.tables} tables, {report.rows} rows, each table's count as in the manifest"
    )
    print(
        f"Audit trail intact: {report.audit_entries_checked} entries checked, including this "
        f"restore's own entry. Took {time.perf_counter() - started:.1f} s."
    )
    if report.schema_revision != head_revision():
        print(
            f"The backup is at schema {report.schema_revision}; labtracker upgrades it to "
            f"{head_revision()} when it next opens it, after a backup of its own."
        )
    return 0


def _audit_verify(station: Station) -> int:
    """The hash chain, then every record against its audit trail and every signature against
    its record: exit 1 naming each problem."""
    from labtracker.services.audit import verify_audit_chain, verify_records, verify_signatures

    report = verify_audit_chain(station.database)
    if not report.intact:
        print(
            f"AUDIT TRAIL BROKEN at entry {report.first_bad_entry_id}: {report.problem}. "
            f"{report.entries_checked} entries before it hold.",
            file=sys.stderr,
        )
        return 1
    print(f"Audit trail intact: {report.entries_checked} entries checked, every hash holds.")
    status = 0
    for check, title in (
        (verify_records(station.database), "Records match their audit trail"),
        (verify_signatures(station.database), "Signatures match their records"),
    ):
        if check.intact:
            print(f"{title}: {check.summary}")
            continue
        status = 1
        print(f"{title.upper()}: NO. {len(check.findings)} problem(s):", file=sys.stderr)
        for finding in check.findings:
            print(f"  {finding}", file=sys.stderr)
    return status


def _day(text: str | None, field: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidValueError(field, text, "a date as YYYY-MM-DD") from None


def _audit_export(station: Station, actor: Actor, args: argparse.Namespace) -> int:
    from labtracker.clock import get_clock
    from labtracker.reports.audit_trail import audit_trail_pdf, write_audit_csv
    from labtracker.services.audit import (
        AuditQuery,
        query_audit,
        site_name,
        verify_audit_chain,
    )

    start, end = _day(args.start, "--from"), _day(args.end, "--to")
    query = AuditQuery(
        lot_din=args.lot,
        username=args.by,
        table_name=args.table,
        record_id=args.record,
        start=datetime.combine(start, time(), UTC) if start else None,
        end=datetime.combine(end + timedelta(days=1), time(), UTC) if end else None,
    )
    rows = query_audit(station.database, actor, query)
    if args.format == "csv":
        with args.output.open("w", encoding="utf-8", newline="") as stream:
            write_audit_csv(rows, stream)
    else:
        pdf = audit_trail_pdf(
            rows,
            query,
            generated_by=f"{actor.full_name} ({actor.username})",
            generated_at=get_clock().now(),
            site_name=site_name(station.database),
            chain_intact=verify_audit_chain(station.database).intact,
        )
        args.output.write_bytes(pdf)
    print(f"{len(rows)} audit entries written to {args.output}")
    return 0


def _db_info() -> int:
    from labtracker.db.engine import make_engine
    from labtracker.db.migrate import current_revision, head_revision
    from labtracker.services.station import describe_url
    from labtracker.settings import load_settings

    settings = load_settings()
    backend, location = describe_url(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        revision = current_revision(engine)
    finally:
        engine.dispose()
    print(f"database:  {backend} {location}")
    print(f"chosen by: {settings.database_url_source}")
    print(f"schema:    {revision or 'empty (run: labtracker db upgrade)'}")
    print(f"this version's schema: {head_revision()}")
    return 0


def _din_check(text: str) -> int:
    from labtracker.domain.identifiers import din_barcode_data, format_din, parse_din

    din = parse_din(text)
    print(f"valid DIN: {format_din(din)}  check character: {din.check_character}")
    print(f"barcode data: {din_barcode_data(din)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
