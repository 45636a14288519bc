"""The station's log file: what the app and the `labtracker` command did, for IT and for
whoever fixes a bug, and never who the patients are.

One rotating file per user of a station, shared by the app and the command (each line names
its program): ``labtracker.log`` in the user's log directory (platformdirs), or in
``LABTRACKER_LOG_DIR`` when that is set, 5 MB a file, the last 10 files kept, UTF-8. A line
reads ``2026-03-02T08:00:00.123Z INFO app bench-3 labtracker.app: message``: UTC time,
level, program, station, logger, message.

Patient data (names, MRNs, birth dates, wristband codes) must not reach the file, yet the
messages most likely to carry them are those of exceptions: a refusal names the patient it
refused for, and a database error quotes the values of the row it could not write. So the
file's formatter rewrites every traceback it writes: the frames stay (where it happened),
the exception's class stays (what happened), and its message stays only for the kinds whose
messages describe the program (AttributeError, ImportError, OSError, ...). For a database
error only its first line stays (the driver's summary, without the ``[parameters: ...]`` or
``DETAIL:`` lines that quote the row); every other message, our own refusals included, is
replaced by the DINs it named. Messages written by our own code never interpolate a
patient's identity: a DIN or a user ID is what they name.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import socket
import tempfile
import time
from pathlib import Path

APP_NAME = "labtracker"
LOG_DIR_VARIABLE = "LABTRACKER_LOG_DIR"
LOG_FILE_NAME = "labtracker.log"
MAX_BYTES = 5 * 1024 * 1024
BACKUP_COUNT = 10
LINE_FORMAT = "%(asctime)s %(levelname)s %(program)s %(station)s %(name)s: %(message)s"

_handler: _StationLogHandler | None = None
_root_level_before: int | None = None


def default_log_dir() -> Path:
    """Where the log goes: ``LABTRACKER_LOG_DIR`` if set, else the user's log directory
    (Linux ``~/.local/state/labtracker/log``, Windows ``%LOCALAPPDATA%\\labtracker\\Logs``,
    macOS ``~/Library/Logs/labtracker``)."""
    if os.environ.get(LOG_DIR_VARIABLE, "").strip():
        return Path(os.environ[LOG_DIR_VARIABLE]).expanduser()
    from platformdirs import user_log_dir

    return Path(user_log_dir(APP_NAME, appauthor=False))


def log_file() -> Path:
    """The file this process logs to; where it would log when logging is not set up yet."""
    if _handler is not None:
        return Path(_handler.baseFilename)
    return default_log_dir() / LOG_FILE_NAME


def configure_logging(program: str, *, log_dir: Path | None = None) -> Path:
    """Send this process's log (INFO and above, every logger) to the station's log file and
    return the file's path. `program` names the process in each line ("app", "cli").

    Calling it again changes nothing, unless it names another directory: then the log moves
    there. When the directory cannot be written, the log goes to the system's temporary
    directory instead (the returned path says where), so the app still starts."""
    global _handler, _root_level_before
    directory = Path(log_dir) if log_dir is not None else default_log_dir()
    path = (directory / LOG_FILE_NAME).absolute()
    root = logging.getLogger()
    if _handler is not None:
        if Path(_handler.baseFilename) == path and _handler.program == program:
            return path
        stop_logging()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handler = _StationLogHandler(path, program)
    except OSError as error:
        fallback = Path(tempfile.gettempdir()) / f"{APP_NAME}-logs"
        fallback.mkdir(parents=True, exist_ok=True)
        path = (fallback / LOG_FILE_NAME).absolute()
        handler = _StationLogHandler(path, program)
        problem = f"{type(error).__name__}: {error}"
    else:
        problem = None
    _handler = handler
    _root_level_before = root.level
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    # Alembic names each of its plugins at every start; its migrations ("Running upgrade")
    # are worth a line, its plugins are not.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    if problem is not None:
        logging.getLogger(__name__).warning(
            "The log directory %s cannot be written (%s); logging to %s instead.",
            directory,
            problem,
            path,
        )
    return path


def stop_logging() -> None:
    """Close the log file and detach it (tests, and a second `configure_logging` elsewhere)."""
    global _handler, _root_level_before
    if _handler is None:
        return
    root = logging.getLogger()
    root.removeHandler(_handler)
    _handler.close()
    if _root_level_before is not None:
        root.setLevel(_root_level_before)
    _handler = None
    _root_level_before = None


class _StationLogHandler(logging.handlers.RotatingFileHandler):
    """The rotating file, with each record stamped with the program and the station."""

    def __init__(self, path: Path, program: str) -> None:
        super().__init__(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
        self.program = program
        self.station = socket.gethostname() or "unknown-host"
        self.setLevel(logging.INFO)
        self.setFormatter(PatientSafeFormatter(LINE_FORMAT))

    def emit(self, record: logging.LogRecord) -> None:
        record.program = self.program
        record.station = self.station
        super().emit(record)

    def doRollover(self) -> None:
        try:
            super().doRollover()
        except OSError:
            # Windows will not rename a file another labtracker process (the app and a
            # backup from the command line) still has open: keep appending to it, and rotate
            # at a later line once the other process has let go.
            if self.stream is None:
                self.stream = self._open()


class PatientSafeFormatter(logging.Formatter):
    """UTC ISO-8601 times, and every traceback in the text rewritten by `scrub_tracebacks`."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        # The machine's real time, not labtracker.clock's: a log says when the process did
        # something, even while a demonstration site runs on a clock of its own.
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        return f"{stamp}.{int(record.msecs):03d}Z"

    def format(self, record: logging.LogRecord) -> str:
        return scrub_tracebacks(super().format(record))


# --- keeping patients out of tracebacks ------------------------------------------------------

# Built-in exceptions whose messages describe the program (a name, a type, a file, a system
# error), not the data it was handling. Only bare (built-in) names: other modules' classes of
# the same name print with their module.
_PROGRAM_ERRORS = frozenset(
    {
        "AttributeError",
        "NameError",
        "UnboundLocalError",
        "TypeError",
        "ImportError",
        "ModuleNotFoundError",
        "NotImplementedError",
        "RecursionError",
        "ZeroDivisionError",
        "IndexError",
        "MemoryError",
        "SystemError",
        "OSError",
        "IOError",
        "EnvironmentError",
        "PermissionError",
        "FileNotFoundError",
        "FileExistsError",
        "IsADirectoryError",
        "NotADirectoryError",
        "TimeoutError",
        "ConnectionError",
        "ConnectionRefusedError",
        "ConnectionResetError",
        "ConnectionAbortedError",
        "BrokenPipeError",
        "InterruptedError",
        "BlockingIOError",
        "ChildProcessError",
        "ProcessLookupError",
    }
)
# Database errors: the first line is the driver's summary (which constraint, which table,
# which server could not be reached); the lines after it quote the statement's values.
_DATABASE_ERROR_PREFIXES = ("sqlalchemy.exc.", "psycopg.", "psycopg2.", "sqlite3.")
# Messages of other kinds that are known to carry no data.
_PROGRAM_MESSAGES = (re.compile(r"Internal C\+\+ object \([\w.]+\) already deleted\."),)
_DIN = re.compile(
    r"(?<![A-Za-z0-9])(=?)([A-Z][0-9]{4}) ?([0-9]{2}) ?([0-9]{6})([0-9A-Z*]{0,2})(?![A-Za-z0-9*])"
)
_PARAMETERS = re.compile(r"\s*\[parameters: .*$")
_WITHHELD_PARAMETERS = "[parameters withheld from the log]"
_HEADER = re.compile(r"^(?:  \+ Exception Group )?Traceback \(most recent call last\):$")
_FRAME = re.compile(r'^\s*File "[^"]*", line \d+, in \S+$')
_CARETS = re.compile(r"^\s*[\^~]+\s*$")
_REPEAT = re.compile(r"^\s*\[Previous line repeated \d+ more times?\]$")
_EXCEPTION = re.compile(r"^([A-Za-z_][\w.]*)(?:: (.*))?$")
_SEPARATORS = frozenset(
    {
        "The above exception was the direct cause of the following exception:",
        "During handling of the above exception, another exception occurred:",
    }
)


def dins_in(text: str) -> list[str]:
    """The DINs (13 characters each) that `text` names, typed, printed or scanned."""
    found = []
    for match in _DIN.finditer(text):
        scanned, facility, year, sequence, tail = match.groups()
        if len(tail) > (2 if scanned else 1):  # not a DIN: a longer code that starts like one
            continue
        if len(tail) == 2 and not scanned:
            continue
        found.append(f"{facility}{year}{sequence}")
    return list(dict.fromkeys(found))


def safe_exception_line(line: str) -> str:
    """The last line of a traceback (``module.Class: message``) as the log keeps it."""
    match = _EXCEPTION.match(line)
    if match is None:
        return "[exception withheld from the log]"
    name, message = match.group(1), match.group(2)
    if message is None or name in _PROGRAM_ERRORS:
        return line
    if name.startswith(_DATABASE_ERROR_PREFIXES):
        return f"{name}: {_PARAMETERS.sub('', message)}"
    if any(pattern.fullmatch(message) for pattern in _PROGRAM_MESSAGES):
        return line
    dins = dins_in(message)
    named = f"; it names DIN {', '.join(dins)}" if dins else ""
    return f"{name}: [message withheld from the log: it may name a patient{named}]"


def scrub_tracebacks(text: str) -> str:
    """`text` with every Python traceback in it reduced to what the log may keep: the header,
    the frames (file, line, function, source line), the chain separators, and each exception
    as `safe_exception_line` has it. Continuation lines of an exception's message, and
    anything else inside a traceback that is not one of those, are dropped. Text outside
    tracebacks is left as it is."""
    if "Traceback (most recent call last):" not in text and "[parameters: " not in text:
        return text
    out: list[str] = []
    state = "text"  # text | frames | message | after (a separator: an exception comes next)
    after_frame = False
    withheld = 0

    def note_withheld() -> None:
        nonlocal withheld
        if withheld:
            out.append(f"[{withheld} more line(s) of the message withheld from the log]")
            withheld = 0

    for line in text.split("\n"):
        if _HEADER.match(line):
            note_withheld()
            out.append(line)
            state, after_frame = "frames", False
        elif state == "text":
            # A database error written without its traceback still quotes the row's values.
            out.append(_WITHHELD_PARAMETERS if line.startswith("[parameters: ") else line)
        elif line in _SEPARATORS:
            note_withheld()
            out.append(line)
            state = "after"
        elif state == "frames":
            if _FRAME.match(line) or _REPEAT.match(line):
                out.append(line)
                after_frame = True
            elif (after_frame and line.startswith("    ")) or _CARETS.match(line):
                out.append(line)  # the frame's source line(s) and Python's ^~~ markers
            elif line.startswith(" ") or not line:
                withheld += 1
            else:
                out.append(safe_exception_line(line))
                state = "message"
        elif state == "after":
            if not line:
                out.append(line)
            else:  # an exception printed without a traceback of its own
                out.append(safe_exception_line(line))
                state = "message"
        elif line:  # state == "message": what follows the exception's first line
            withheld += 1
        else:
            note_withheld()
            out.append(line)
    note_withheld()
    return "\n".join(out)
