"""`labtracker`: the headless administration command (no Qt needed).

labtracker db info        where this station's database is and its schema revision
labtracker db upgrade     create or migrate the database to this version's schema
labtracker din check DIN  validate a typed or scanned DIN and show its printed form
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from labtracker import __version__
from labtracker.domain.errors import LabtrackerError


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="labtracker", description=__doc__.split("\n")[0])
    parser.add_argument("--version", action="version", version=f"labtracker {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    db = commands.add_parser("db", help="the station's database").add_subparsers(
        dest="db_command", required=True
    )
    db.add_parser("info", help="show which database this station uses and its schema revision")
    db.add_parser("upgrade", help="create or migrate the database to this version's schema")

    din = commands.add_parser("din", help="Donation Identification Numbers").add_subparsers(
        dest="din_command", required=True
    )
    check = din.add_parser("check", help="validate a typed or scanned DIN")
    check.add_argument("text", help="13 characters, 13 + check character, or =DIN+flags")

    args = parser.parse_args(argv)
    try:
        if args.command == "db":
            return _db(args.db_command)
        return _din_check(args.text)
    except LabtrackerError as error:
        print(f"labtracker: {error}", file=sys.stderr)
        return 2


def _db(command: str) -> int:
    from labtracker.db.migrate import current_revision
    from labtracker.services.station import describe_url, open_station
    from labtracker.settings import load_settings

    settings = load_settings()
    if command == "info":
        from labtracker.db.engine import make_engine
        from labtracker.db.migrate import head_revision

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
    station = open_station(settings)
    try:
        print(
            f"{station.info.backend} {station.info.location} is at schema {station.info.revision}"
        )
    finally:
        station.close()
    return 0


def _din_check(text: str) -> int:
    from labtracker.domain.identifiers import din_barcode_data, format_din, parse_din

    din = parse_din(text)
    print(f"valid DIN: {format_din(din)}  check character: {din.check_character}")
    print(f"barcode data: {din_barcode_data(din)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
