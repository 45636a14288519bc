"""Load the work area's code while the sign-in form waits for the person.

Between the sign-in form appearing and Enter being pressed there are seconds of typing (an
ID, a password) in which the bench PC does nothing. The screens a signed-in person sees
first — the workspace, the pages of every role and the services they read with — take
100–200 ms to import; imported in that idle time they are no longer between the person
pressing Enter and their home page (benchmarks P4 measures that moment with this done, as it
is in the app).

One module is imported per turn of the event loop, on the GUI thread (no import races with a
thread; a keystroke waits at most for one module, a few milliseconds). Whatever is not yet
loaded when someone signs in is simply imported by the code that needs it.
"""

from __future__ import annotations

import importlib
import logging

from PySide6.QtCore import QTimer

log = logging.getLogger(__name__)

# What building the work area imports, roughly in the order it does (ui/navigation.py): the
# pages of every role, their tables and the services they read with.
WORK_AREA_MODULES = (
    "ui.workspace",
    "ui.navigation",
    "ui.scan_capture",
    "labtracker.services.queries",
    "labtracker.services.deviations",
    "ui.pages.home",
    "ui.lot_actions",
    "ui.pages.lot_page",
    "ui.pages.lots",
    "ui.pages.patients",
    "ui.pages.deviations",
    "ui.pages.qa_review",
    "ui.pages.bedside",
    "ui.pages.admin.users",
    "ui.pages.admin.materials",
)

_pending: list[str] | None = None


def preload_work_area(*, at_once: bool = False) -> None:
    """Start importing the work area's modules in the event loop's idle turns (once per
    process); ``at_once`` imports what is left now."""
    global _pending
    if _pending is None:
        _pending = list(WORK_AREA_MODULES)
        if not at_once:
            QTimer.singleShot(0, _import_next)
    while at_once and _pending:
        _import(_pending.pop(0))


def _import_next() -> None:
    if _pending:
        _import(_pending.pop(0))
    if _pending:
        QTimer.singleShot(0, _import_next)


def _import(name: str) -> None:
    try:
        importlib.import_module(name)
    except Exception:  # the code that needs it imports it again, and that failure is seen
        log.exception("preloading %s failed", name)
