"""The small tables of the home screens: the bench's work list, QA's review queue and open
deviations, and the administrator's users and failed sign-ins. Each shows a short list read
whole by its page (a handful to a few hundred rows), so none needs to read lazily."""

from __future__ import annotations

from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt

from labtracker.clock import get_clock
from labtracker.domain.errors import InvalidValueError
from labtracker.domain.identifiers import format_din, parse_din
from ui.i18n import role_name
from ui.models.row_table import (
    AMBER,
    FAIL_RED,
    GREEN,
    RED,
    Badge,
    Column,
    RowTableModel,
    age_text,
    din_text,
    local_text,
)

if TYPE_CHECKING:
    from labtracker.services.auth import LoginAttempt
    from labtracker.services.deviations import DeviationView
    from labtracker.services.queries import ReviewItem, WorkItem
    from labtracker.services.users import UserSummary

CENTRE = Qt.AlignmentFlag.AlignCenter
URGENT = ("blocked", "expired", "overdue")


def lot_din_text(din: str | None) -> str:
    """A DIN as printed with its check character; "" for none (a site-level deviation)."""
    if not din:
        return ""
    try:
        parsed = parse_din(din)
    except InvalidValueError:
        return din
    return din_text(format_din(parsed), parsed.check_character)


class WorkListModel(RowTableModel):
    """`queries.work_list` items: a flag word on its colour, the lot, the task and why."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(key=lambda item: item.lot.din, parent=parent)
        self._flags = {
            "blocked": self.tr("BLOCKED"),
            "expired": self.tr("EXPIRED"),
            "overdue": self.tr("OVERDUE"),
            "due": self.tr("DUE"),
            "later": self.tr("later"),
        }
        self.set_columns(
            [
                Column(
                    self.tr("When"),
                    lambda item: self._flags.get(item.urgency, item.urgency),
                    badge=self._badge,
                    align=CENTRE,
                ),
                Column(
                    self.tr("DIN"),
                    lambda item: din_text(item.lot.din_display, item.lot.check_character),
                    monospace=True,
                    bold=lambda item: True,
                ),
                Column(
                    self.tr("Patient / MRN"),
                    lambda item: f"{item.lot.patient_name}\n{item.lot.mrn}",
                ),
                Column(
                    self.tr("To do"),
                    lambda item: f"{item.task}\n{item.detail}" if item.detail else item.task,
                    bold=lambda item: item.urgency != "later",
                    colour=lambda item: FAIL_RED if item.urgency in URGENT else None,
                ),
                Column(
                    self.tr("Deviations"),
                    lambda item: (
                        self.tr("{n} open").format(n=item.lot.open_deviations)
                        if item.lot.open_deviations
                        else ""
                    ),
                    badge=lambda item: AMBER if item.lot.open_deviations else None,
                    align=CENTRE,
                ),
            ]
        )

    @staticmethod
    def _badge(item: WorkItem) -> Badge | None:
        if item.urgency in URGENT:
            return RED
        return AMBER if item.urgency == "due" else None

    def din_at(self, row: int) -> str:
        return self.row_at(row).lot.din


class ReviewQueueModel(RowTableModel):
    """`queries.review_queue` items: the verdict in a word, results in, what stops release."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(key=lambda item: item.lot.din, parent=parent)
        self.set_columns(
            [
                Column(self.tr("Verdict"), self._verdict, badge=self._badge, align=CENTRE),
                Column(
                    self.tr("DIN"),
                    lambda item: din_text(item.lot.din_display, item.lot.check_character),
                    monospace=True,
                    bold=lambda item: True,
                ),
                Column(
                    self.tr("Patient / MRN"),
                    lambda item: f"{item.lot.patient_name}\n{item.lot.mrn}",
                ),
                Column(
                    self.tr("Results in"),
                    lambda item: self.tr("{n} of {total}").format(
                        n=item.results_in, total=item.results_expected
                    ),
                    align=CENTRE,
                ),
                Column(
                    self.tr("What stops release"),
                    self._first_blocker,
                    colour=lambda item: FAIL_RED if item.failures else None,
                    tooltip=lambda item: "\n".join(item.blockers) or None,
                ),
            ]
        )

    def _verdict(self, item: ReviewItem) -> str:
        if item.can_release:
            return self.tr("READY")
        return self.tr("FAILED") if item.failures else self.tr("NOT READY")

    @staticmethod
    def _badge(item: ReviewItem) -> Badge:
        if item.can_release:
            return GREEN
        return RED if item.failures else AMBER

    def _first_blocker(self, item: ReviewItem) -> str:
        """The first reason (a failure first), and how many more there are."""
        if not item.blockers:
            return self.tr("Nothing: ready for QA release")
        reasons = list(item.failures) or list(item.blockers)
        more = len(item.blockers) - 1
        if more:
            return self.tr("{reason} (+{n} more)").format(reason=reasons[0], n=more)
        return reasons[0]

    def din_at(self, row: int) -> str:
        return self.row_at(row).lot.din


class DeviationTableModel(RowTableModel):
    """Open deviations (`deviations.open_deviations`): number, lot, class, age, next step."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(key=lambda view: view.number, parent=parent)
        classes = {
            "minor": self.tr("minor"),
            "major": self.tr("MAJOR"),
            "critical": self.tr("CRITICAL"),
        }
        self.set_columns(
            [
                Column(self.tr("Number"), lambda d: d.number, bold=lambda d: True),
                Column(
                    self.tr("Lot"),
                    lambda d: lot_din_text(d.din) or self.tr("(site)"),
                    monospace=True,
                ),
                Column(
                    self.tr("Class"),
                    lambda d: classes.get(d.classification, d.classification),
                    badge=lambda d: {"critical": RED, "major": AMBER}.get(d.classification),
                    align=CENTRE,
                ),
                Column(self.tr("Title"), lambda d: d.title, tooltip=lambda d: d.description),
                Column(
                    self.tr("Open for"),
                    lambda d: age_text(get_clock().now() - d.discovered_at),
                    align=CENTRE,
                ),
                Column(self.tr("Next step"), self._next_step),
            ]
        )

    def _next_step(self, view: DeviationView) -> str:
        if view.impact_assessment.strip() and view.corrective_action.strip():
            return self.tr("QA to close")
        return self.tr("Assessment needed")

    def din_at(self, row: int) -> str | None:
        return self.row_at(row).din


class UserTableModel(RowTableModel):
    """Accounts (`users.list_users`): state in a word, on red when locked."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(key=lambda user: user.username, parent=parent)
        self.set_columns(
            [
                Column(self.tr("User ID"), lambda u: u.username, bold=lambda u: True),
                Column(self.tr("Name"), lambda u: u.full_name),
                Column(self.tr("Roles"), lambda u: ", ".join(role_name(r) for r in u.roles)),
                Column(self.tr("State"), self._state, badge=self._badge, align=CENTRE),
                Column(
                    self.tr("Failed attempts"),
                    lambda u: str(u.failed_attempts) if u.failed_attempts else "",
                    align=CENTRE,
                ),
            ]
        )

    def _state(self, user: UserSummary) -> str:
        if not user.is_active:
            return self.tr("deactivated")
        if user.is_locked:
            return self.tr("LOCKED")
        if user.must_change_password:
            return self.tr("MUST CHANGE PASSWORD")
        return self.tr("active")

    @staticmethod
    def _badge(user: UserSummary) -> Badge | None:
        if user.is_active and user.is_locked:
            return RED
        if user.is_active and user.must_change_password:
            return AMBER
        return None


class LoginAttemptTableModel(RowTableModel):
    """Failed sign-ins (`auth.login_attempts`), newest first, in the site's time."""

    def __init__(self, zone: ZoneInfo | None = None, parent: QObject | None = None) -> None:
        super().__init__(
            key=lambda a: (a.occurred_at, a.username_entered, a.station), parent=parent
        )
        self.zone = zone
        purposes = {
            "login": self.tr("sign-in"),
            "unlock": self.tr("unlock"),
            "signature": self.tr("signature"),
        }
        self.set_columns(
            [
                Column(self.tr("When (site time)"), lambda a: local_text(a.occurred_at, self.zone)),
                Column(self.tr("User ID typed"), lambda a: a.username_entered, bold=lambda a: True),
                Column(self.tr("For"), lambda a: purposes.get(a.purpose, a.purpose)),
                Column(
                    self.tr("Why it failed"),
                    lambda a: (a.failure_reason or "").replace("_", " "),
                ),
                Column(self.tr("Station"), lambda a: a.station),
            ]
        )

    def attempt_at(self, row: int) -> LoginAttempt:
        return self.row_at(row)
