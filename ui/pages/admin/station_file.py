"""Writing this station's database URL into its settings file (TOML), keeping everything else
in the file as it was. No Qt here: the settings screen calls it, and a test can too.

The file is read again after the change and compared with what it held before, so a file
this editor cannot safely change (say, a multi-line value) is refused rather than damaged.
The new value takes effect the next time labtracker starts on this station.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tomllib
from pathlib import Path
from urllib.parse import quote

from labtracker.domain.errors import InvalidValueError
from labtracker.settings import normalise_database_url, redact_url

FIELD = "Database URL"
KEY = "database_url"
_KEY_LINE = re.compile(r"^\s*database_url\s*=")
_OUR_NOTE = "# database_url set by "
_TABLE = re.compile(r"^\s*\[")


def with_password(url: str, password: str) -> str:
    """The URL with `password` put after its user name (percent-encoded)."""
    scheme, sep, rest = url.partition("://")
    userinfo, at, host = rest.partition("@")
    if not sep or not at or not userinfo:
        raise InvalidValueError(
            FIELD,
            redact_url(url),
            "a URL with a user name (postgresql://user@host/database) when a password is given",
        )
    if ":" in userinfo:
        raise InvalidValueError(
            FIELD,
            redact_url(url),
            "a URL without a password in it when the password is typed separately",
        )
    return f"{scheme}://{userinfo}:{quote(password, safe='')}@{host}"


def prepare_url(url: str, password: str = "") -> str:
    """The URL to store: checked (SQLite or PostgreSQL), with the password put in if given."""
    url = url.strip()
    if not url:
        raise InvalidValueError(
            FIELD, "", "an sqlite:///path or postgresql://user@host/database URL"
        )
    if password:
        url = with_password(url, password)
    normalise_database_url(url, field=FIELD)
    return url


def _read(path: Path) -> tuple[str, dict]:
    if not path.exists():
        return "", {}
    text = path.read_text(encoding="utf-8")
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidValueError(
            "Settings file",
            str(path),
            "valid TOML",
            f"The settings file {path} is not valid TOML ({error}); correct it by hand first.",
        ) from error


def updated_text(text: str, url: str, note: str) -> str:
    """`text` with its top-level database_url set to `url`, our note above it."""
    lines = text.splitlines()
    end = next((n for n, line in enumerate(lines) if _TABLE.match(line)), len(lines))
    top = [
        line for line in lines[:end] if not _KEY_LINE.match(line) and not line.startswith(_OUR_NOTE)
    ]
    where = next(
        (
            n
            for n, line in enumerate(lines[:end])
            if _KEY_LINE.match(line) or line.startswith(_OUR_NOTE)
        ),
        None,
    )
    if where is None:  # after the leading comments, before the first key or table
        where = next(
            (n for n, line in enumerate(top) if line.strip() and not line.startswith("#")), len(top)
        )
    else:
        where = sum(
            1
            for line in lines[:where]
            if not _KEY_LINE.match(line) and not line.startswith(_OUR_NOTE)
        )
    new = [f"{_OUR_NOTE}{note}", f"{KEY} = {json.dumps(url, ensure_ascii=False)}"]
    result = top[:where] + new + top[where:]
    if end < len(lines) and result and result[-1].strip():
        result.append("")
    return "\n".join(result + lines[end:]) + "\n"


def write_database_url(path: Path, url: str, *, password: str = "", note: str = "") -> str:
    """Set `database_url` in the settings file at `path` (made if missing); everything else in
    the file is kept. Returns the stored URL with any password hidden."""
    url = prepare_url(url, password)
    text, before = _read(path)
    note = " ".join(note.split()).replace("\n", " ")
    new_text = updated_text(text, url, note)
    try:
        after = tomllib.loads(new_text)
    except tomllib.TOMLDecodeError:
        after = None
    unchanged = {k: v for k, v in before.items() if k != KEY}
    if (
        after is None
        or after.get(KEY) != url
        or {k: v for k, v in after.items() if k != KEY} != unchanged
    ):
        raise InvalidValueError(
            "Settings file",
            str(path),
            "a file this screen can change safely",
            f"The settings file {path} could not be changed safely; set database_url in it "
            "by hand.",
        )
    temporary = path.with_name(path.name + ".new")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(new_text, encoding="utf-8")
        if password or ":" in url.partition("://")[2].partition("@")[0]:
            with contextlib.suppress(OSError):  # a password in the file: this account only
                os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise InvalidValueError(
            "Settings file",
            str(path),
            "a file this account may write",
            f"The settings file {path} could not be written ({error.strerror or error}); "
            "nothing was changed.",
        ) from error
    return redact_url(url)
