"""Screens are tested on the demonstration site: five lots at different stages (implanted,
failed QC, released, in culture, received warm with an open deviation), made through the
real services. It is built once per test session on the frozen test clock and copied into
each test's own SQLite file; the screens reach PostgreSQL through the same services, which
are tested on both databases."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from labtracker.db.engine import make_engine
from labtracker.services import auth
from labtracker.services.context import Database
from labtracker.services.demo import DEMO_PASSWORD, DemoSite, create_demo
from ui.context import WorkContext

_DEMO_TEMPLATE: dict[str, tuple[Path, DemoSite]] = {}


@pytest.fixture(autouse=True)
def station_preferences(tmp_path_factory) -> Iterator[Path]:
    """A bench PC's own preferences (QSettings: the language chosen at sign-in) are kept in a
    throwaway directory, never the tester's; and every test starts and ends in English."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ui import i18n

    directory = tmp_path_factory.mktemp("qsettings")
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(kind, scope, str(directory))
    yield directory
    app = QApplication.instance()
    if app is not None and i18n.current_language() != i18n.SOURCE_LANGUAGE:
        i18n.install_language(app, i18n.SOURCE_LANGUAGE)


@dataclass
class DemoLab:
    db: Database
    site: DemoSite
    password: str = DEMO_PASSWORD

    def ctx(self, username: str = "tech") -> WorkContext:
        """A signed-in session for one of the demo's people: admin, tech, tech2, super,
        qa, surgeon."""
        actor = auth.login(self.db, username, DEMO_PASSWORD, station="bench-1")
        return WorkContext(self.db, actor, "bench-1")

    def din(self, stage: str) -> str:
        """The DIN of the demo lot whose stage description starts with `stage`
        ("implanted", "seeded", "released", "in culture", "received")."""
        return next(din for din, what in self.site.lots if what.startswith(stage))


@pytest.fixture
def demo(clock, sqlite_template, tmp_path, tmp_path_factory) -> Iterator[DemoLab]:
    cached = _DEMO_TEMPLATE.get("sqlite")
    if cached is None:
        path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
        shutil.copyfile(sqlite_template, path)
        engine = make_engine(f"sqlite:///{path}")
        site = create_demo(Database(engine))
        engine.dispose()
        cached = _DEMO_TEMPLATE["sqlite"] = (path, site)
    template, site = cached
    path = tmp_path / "labtracker.sqlite3"
    shutil.copyfile(template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield DemoLab(Database(engine), site)
    engine.dispose()
