"""Layering, enforced: ui → services → domain, db, reports. The core never imports Qt or the
UI, and the domain imports nothing but the standard library and itself."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STDLIB = set(sys.stdlib_module_names)


def imported_modules(path: Path, root: Path = ROOT) -> set[str]:
    """Every module a file imports, absolute, including imports inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
    return found


def python_files(folder: str) -> list[Path]:
    files = sorted((ROOT / folder).rglob("*.py"))
    assert files, f"no Python files under {folder}/"
    return files


def top(module: str) -> str:
    return module.split(".")[0]


@pytest.mark.parametrize("path", python_files("labtracker"), ids=lambda p: str(p.relative_to(ROOT)))
def test_core_never_imports_qt_or_ui(path):
    bad = {m for m in imported_modules(path) if top(m) in {"PySide6", "shiboken6", "ui"}}
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


@pytest.mark.parametrize(
    "path", python_files("labtracker/domain"), ids=lambda p: str(p.relative_to(ROOT))
)
def test_domain_imports_only_stdlib_and_domain(path):
    bad = {
        m
        for m in imported_modules(path)
        if not (top(m) in STDLIB or m == "labtracker.domain" or m.startswith("labtracker.domain."))
    }
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


@pytest.mark.parametrize("path", python_files("ui"), ids=lambda p: str(p.relative_to(ROOT)))
def test_ui_never_touches_the_database_layer(path):
    bad = {
        m
        for m in imported_modules(path)
        if top(m) in {"sqlalchemy", "alembic", "psycopg"} or m.startswith("labtracker.db")
    }
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_ui_main_does_not_import_the_database_stack_at_start():
    """The window paints before SQLAlchemy and Alembic load (see house-style.md)."""
    tree = ast.parse((ROOT / "ui" / "__main__.py").read_text(encoding="utf-8"))
    module_level = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    names = {a.name for n in module_level if isinstance(n, ast.Import) for a in n.names} | {
        n.module or "" for n in module_level if isinstance(n, ast.ImportFrom)
    }
    assert not {n for n in names if top(n) in {"labtracker", "sqlalchemy", "alembic"}}


def test_checker_sees_violations(tmp_path):
    """The checker itself works: it finds relative and function-level imports."""
    probe = tmp_path / "labtracker" / "domain" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text("def f():\n    import sqlalchemy\n    from ..db import models\n")
    assert {"sqlalchemy", "labtracker.db"} <= imported_modules(probe, root=tmp_path)


@pytest.mark.parametrize(
    "path",
    [p for p in python_files("labtracker") + python_files("ui") if p.name != "clock.py"],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_time_comes_only_from_the_clock(path):
    """Every timestamp comes from labtracker.clock, so tests and records agree on 'now'."""
    source = path.read_text(encoding="utf-8")
    for forbidden in ("datetime.now(", "datetime.utcnow(", "date.today(", "time.time("):
        assert forbidden not in source, f"{path.relative_to(ROOT)} calls {forbidden})"
