"""The lot table: `services.queries.list_lots` rows, read a page at a time as the view scrolls,
so a site with 10,000 lots opens as fast as one with five.

Order is the service's: newest lot first. The table does not sort by column; sorting a lazily
read list would only sort the pages read so far, which would look right and be wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, QObject, Qt

from labtracker.clock import get_clock
from labtracker.domain.lot_states import LotStatus
from ui.i18n import domain_text
from ui.models.row_table import (
    AMBER,
    EXPIRED_ROW,
    EXPIRY_WARNING,
    FAIL_RED,
    RED,
    Badge,
    Column,
    Index,
    RowTableModel,
    din_text,
    hours_minutes,
    local_text,
)

if TYPE_CHECKING:
    from labtracker.services.queries import LotRow
    from ui.context import WorkContext

PAGE_SIZE = 200
# Statuses in which a construct's expiry counts: it exists, and it has not been used.
COUNTING_DOWN = (LotStatus.RELEASED, LotStatus.DISPATCHED)
ALL_COLUMNS = (
    "din",
    "patient",
    "mrn",
    "patient_mrn",  # two lines: name over MRN
    "status",
    "waiting_for",
    "status_waiting",  # two lines: status over what the lot waits for
    "expires_at",
    "time_left",
    "deviations",
    "created",
)
TWO_LINE_COLUMNS = frozenset({"patient_mrn", "status_waiting"})
DEFAULT_COLUMNS = ("din", "patient_mrn", "status_waiting", "time_left", "deviations", "created")


def time_left(row: LotRow) -> timedelta | None:
    """How long the construct may still be implanted (negative: expired); None when no
    construct is counting down (not released yet, or already implanted or discarded)."""
    if row.status not in COUNTING_DOWN or row.expires_at is None:
        return None
    return row.expires_at - get_clock().now()


def is_expired(row: LotRow) -> bool:
    left = time_left(row)
    return left is not None and left <= timedelta(0)


class LotTableModel(RowTableModel):
    """Lots newest first; filters by status, active only, and a search text (DIN, MRN or
    name, or a scanned label). `DIN_ROLE` gives a row's DIN (13 characters)."""

    DIN_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(
        self,
        ctx: WorkContext,
        *,
        columns: Sequence[str] = DEFAULT_COLUMNS,
        statuses: tuple[LotStatus, ...] | None = None,
        active_only: bool = False,
        search: str = "",
        page_size: int = PAGE_SIZE,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(key=lambda row: row.lot_id, row_background=self._tint, parent=parent)
        from labtracker.services.site import site_info

        self.ctx = ctx
        self.page_size = page_size
        self.statuses = statuses
        self.active_only = active_only
        self.search = search
        self._more = False
        self._zone = ZoneInfo(site_info(ctx.db).timezone)
        self.column_keys = tuple(columns)
        self.set_columns([self._column(key) for key in columns])
        self.reload()

    # --- reading -------------------------------------------------------------------------------

    def _read(self, limit: int, offset: int) -> list[LotRow]:
        from labtracker.services.queries import list_lots

        return list_lots(
            self.ctx.db,
            self.ctx.actor,
            statuses=self.statuses,
            active_only=self.active_only,
            search=self.search or None,
            limit=limit,
            offset=offset,
        )

    def set_filter(
        self,
        *,
        statuses: tuple[LotStatus, ...] | None = None,
        active_only: bool = False,
        search: str = "",
    ) -> None:
        """Show other lots: back to the first page."""
        self.statuses, self.active_only, self.search = statuses, active_only, search.strip()
        self.reload()

    def reload(self) -> None:
        """Forget what was read and read the first page again."""
        rows = self._read(self.page_size, 0)
        self._more = len(rows) == self.page_size
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def refresh(self) -> None:
        """Read again as many lots as are shown (at least a page), so what the user was looking
        at stays in place; unchanged rows are only repainted."""
        wanted = max(self.page_size, len(self._rows))
        rows = self._read(wanted, 0)
        self._more = len(rows) == wanted
        self.set_rows(rows)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more:
            return
        rows = self._read(self.page_size, len(self._rows))
        self._more = len(rows) == self.page_size
        # A lot started since the last page pushes the pages down by one: skip what is shown.
        shown = {row.lot_id for row in self._rows}
        new = [row for row in rows if row.lot_id not in shown]
        if not new:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self._rows.extend(new)
        self.endInsertRows()

    def total(self) -> int:
        """How many lots the filters match (all pages)."""
        from labtracker.services.queries import count_lots

        counts = count_lots(
            self.ctx.db,
            self.ctx.actor,
            statuses=self.statuses,
            active_only=self.active_only,
            search=self.search or None,
        )
        return sum(counts.values())

    def two_line_columns(self) -> list[int]:
        """The columns whose cells hold two lines (for the view's delegate)."""
        return [n for n, key in enumerate(self.column_keys) if key in TWO_LINE_COLUMNS]

    def din_at(self, row: int) -> str:
        return self._rows[row].din

    def row_of_din(self, din: str) -> int:
        return next((n for n, row in enumerate(self._rows) if row.din == din), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == self.DIN_ROLE and index.isValid() and index.row() < len(self._rows):
            return self._rows[index.row()].din
        return super().data(index, role)

    # --- columns -------------------------------------------------------------------------------

    @staticmethod
    def _tint(row: LotRow) -> str | None:
        return EXPIRED_ROW if is_expired(row) else None

    def _time_left_text(self, row: LotRow) -> str:
        left = time_left(row)
        if left is None:
            return ""
        if left <= timedelta(0):
            return self.tr("EXPIRED ({time} ago)").format(time=hours_minutes(left))
        return self.tr("{time} left").format(time=hours_minutes(left))

    def _time_left_tooltip(self, row: LotRow) -> str:
        if time_left(row) is None:
            return ""
        return self.tr("Expires {when} (site time)").format(
            when=local_text(row.expires_at, self._zone)
        )

    @staticmethod
    def _time_left_badge(row: LotRow) -> Badge | None:
        left = time_left(row)
        return RED if left is not None and left < EXPIRY_WARNING else None

    def _deviations_text(self, row: LotRow) -> str:
        if not row.open_deviations:
            return ""
        return self.tr("{n} open").format(n=row.open_deviations)

    @staticmethod
    def _waiting_colour(row: LotRow) -> str | None:
        text = row.waiting_for
        return FAIL_RED if text.startswith(("EXPIRED", "Deviation for a receipt")) else None

    def _column(self, key: str) -> Column:
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        centre = Qt.AlignmentFlag.AlignCenter
        zone = self._zone
        columns = {
            "din": Column(
                self.tr("DIN"),
                lambda r: din_text(r.din_display, r.check_character),
                monospace=True,
                bold=lambda r: True,
            ),
            "patient": Column(self.tr("Patient"), lambda r: r.patient_name),
            "mrn": Column(self.tr("MRN"), lambda r: r.mrn),
            "patient_mrn": Column(self.tr("Patient / MRN"), lambda r: f"{r.patient_name}\n{r.mrn}"),
            "status": Column(self.tr("Status"), lambda r: domain_text(r.status_label)),
            "status_waiting": Column(
                self.tr("Status / waiting for"),
                lambda r: f"{domain_text(r.status_label)}\n{r.waiting_for}",
                colour=self._waiting_colour,
                bold=lambda r: self._waiting_colour(r) is not None,
            ),
            "waiting_for": Column(
                self.tr("Waiting for"),
                lambda r: r.waiting_for,
                colour=self._waiting_colour,
                bold=lambda r: self._waiting_colour(r) is not None,
            ),
            "expires_at": Column(
                self.tr("Expires (site time)"),
                lambda r: local_text(r.expires_at, zone) if time_left(r) is not None else "",
            ),
            "time_left": Column(
                self.tr("Time left"),
                self._time_left_text,
                badge=self._time_left_badge,
                tooltip=self._time_left_tooltip,
                align=right,
                bold=lambda r: time_left(r) is not None,
            ),
            "deviations": Column(
                self.tr("Deviations"),
                self._deviations_text,
                badge=lambda r: AMBER if r.open_deviations else None,
                align=centre,
            ),
            "created": Column(
                self.tr("Started"),
                lambda r: local_text(r.created_at, zone)[:10],
                tooltip=lambda r: self.tr("Lot started {when} (site time)").format(
                    when=local_text(r.created_at, zone)
                ),
            ),
        }
        return columns[key]
