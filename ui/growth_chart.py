"""The growth chart of a lot: cumulative population doublings (left axis) and cells
harvested (right axis, log scale) against days since isolation, one point per harvest, with
the projected ready date as a dashed line. Painted with QPainter: no charting dependency.

The arithmetic (which point goes where) is in `ChartScale` and `chart_points`, so it can be
tested without painting.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

if TYPE_CHECKING:
    from labtracker.services.culture import GrowthPoint

PD_COLOUR = QColor("#1565c0")
CELLS_COLOUR = QColor("#6a1b9a")
READY_COLOUR = QColor("#37474f")
TODAY_COLOUR = QColor("#9e9e9e")
GRID_COLOUR = QColor("#e0e0e0")
AXIS_COLOUR = QColor("#424242")
SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


@dataclass(frozen=True)
class ChartPoint:
    """One moment on the chart: days since isolation, cumulative PD, cells."""

    day: float
    cumulative_pd: float
    cells: float
    label: str  # "P0", "P1"…; "Plated" for the cells plated at isolation
    harvest: bool = True


def days_between(origin: datetime, when: datetime) -> float:
    return (when - origin) / timedelta(days=1)


def chart_points(
    series: Sequence[GrowthPoint], origin: datetime | None, cells_plated: float = 0
) -> list[ChartPoint]:
    """The chart's points from `culture.growth_series`: the cells plated at isolation
    (PD 0 by definition) when known, then one point per harvest."""
    if origin is None:
        return []
    points = []
    if cells_plated > 0:
        points.append(
            ChartPoint(
                0.0,
                0.0,
                float(cells_plated),
                QCoreApplication.translate("GrowthChart", "Plated"),
                harvest=False,
            )
        )
    points += [
        ChartPoint(
            days_between(origin, p.harvested_at),
            p.cumulative_population_doublings,
            p.cells_harvested,
            f"P{p.passage}",
        )
        for p in series
    ]
    return points


def nice_step(span: float, ticks: int = 5) -> float:
    """A round tick interval (1, 2, 2.5 or 5 × 10ⁿ) giving about `ticks` intervals."""
    if span <= 0:
        return 1.0
    raw = span / max(ticks, 1)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


@dataclass(frozen=True)
class ChartScale:
    """Where a day, a PD and a cell number fall inside the plot rectangle."""

    plot: QRectF
    day_max: float
    pd_max: float
    decade_min: int  # log₁₀ of the lowest cell number on the right axis
    decade_max: int
    day_step: float = 1.0  # between the ticks of the bottom axis
    pd_step: float = 1.0  # between the ticks (and grid lines) of the left axis

    def x(self, day: float) -> float:
        return self.plot.left() + self.plot.width() * day / self.day_max

    def y_pd(self, pd: float) -> float:
        return self.plot.bottom() - self.plot.height() * pd / self.pd_max

    def y_cells(self, cells: float) -> float:
        span = self.decade_max - self.decade_min
        fraction = (math.log10(max(cells, 1.0)) - self.decade_min) / span
        return self.plot.bottom() - self.plot.height() * fraction

    def day_at(self, x: float) -> float:
        return (x - self.plot.left()) / self.plot.width() * self.day_max

    @classmethod
    def fit(
        cls, plot: QRectF, points: Sequence[ChartPoint], extra_days: Sequence[float] = ()
    ) -> ChartScale:
        """A scale that shows every point and every marked day, with round maxima."""
        last_day = max([p.day for p in points] + [d for d in extra_days if d >= 0] + [1.0])
        day_step = nice_step(last_day * 1.05, 8)
        day_max = math.ceil(last_day * 1.05 / day_step) * day_step
        top_pd = max([p.cumulative_pd for p in points] + [1.0])
        pd_step = nice_step(top_pd * 1.1, 5)
        pd_max = math.ceil(top_pd * 1.1 / pd_step) * pd_step
        cells = [p.cells for p in points if p.cells > 0] or [1e5, 1e7]
        # Whole decades, with the highest count below the top edge (its label stays legible).
        low = math.floor(math.log10(min(cells)))
        high = math.floor(math.log10(max(cells))) + 1
        return cls(plot, float(day_max), float(pd_max), low, high, day_step, pd_step)


class GrowthChart(QWidget):
    """Cumulative PD and cells (plated, then each harvest) over days since isolation, with the
    projected ready date. With no harvest it says "No harvest counted yet"."""

    MARGINS = (96.0, 64.0, 104.0, 72.0)  # left, top, right, bottom: axis labels and legend

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("growthChart")
        self.setMinimumSize(520, 320)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.points: list[ChartPoint] = []
        self.ready_day: float | None = None
        self.ready_text = ""
        self.today_day: float | None = None
        self.empty_text = self.tr("No harvest counted yet")

    def sizeHint(self) -> QSize:
        return QSize(900, 440)

    def set_data(
        self,
        points: Sequence[ChartPoint],
        *,
        ready_day: float | None = None,
        ready_text: str = "",
        today_day: float | None = None,
    ) -> None:
        """What to draw; `ready_day` (days since isolation) draws the projected ready line."""
        self.points = sorted(points, key=lambda p: p.day)
        self.ready_day = ready_day
        self.ready_text = ready_text
        self.today_day = today_day
        self.update()

    def has_harvest(self) -> bool:
        return any(p.harvest for p in self.points)

    def plot_rect(self) -> QRectF:
        left, top, right, bottom = self.MARGINS
        return QRectF(
            left, top, max(self.width() - left - right, 10), max(self.height() - top - bottom, 10)
        )

    def scale(self) -> ChartScale:
        extra = [d for d in (self.ready_day, self.today_day) if d is not None]
        return ChartScale.fit(self.plot_rect(), self.points, extra)

    # --- painting ------------------------------------------------------------------------------

    def _font(self, points: int, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPointSize(points)
        font.setBold(bold)
        return font

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        if not self.has_harvest():
            painter.setFont(self._font(16, bold=True))
            painter.setPen(AXIS_COLOUR)
            painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            painter.end()
            return
        scale = self.scale()
        self._axes(painter, scale)
        self._markers(painter, scale)
        self._series(painter, scale)
        self._legend(painter)
        painter.end()

    def _axes(self, painter: QPainter, scale: ChartScale) -> None:
        plot = scale.plot
        painter.setFont(self._font(12))
        metrics = QFontMetricsF(painter.font())
        # Left axis: PD, with grid lines.
        step = scale.pd_step
        value = 0.0
        while value <= scale.pd_max + 1e-9:
            y = scale.y_pd(value)
            painter.setPen(QPen(GRID_COLOUR, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(PD_COLOUR)
            text = f"{value:g}"
            painter.drawText(
                QRectF(plot.left() - 60, y - 12, 52, 24),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            value += step
        # Right axis: cells, one tick per decade.
        painter.setPen(CELLS_COLOUR)
        for decade in range(scale.decade_min, scale.decade_max + 1):
            y = scale.y_cells(10.0**decade)
            painter.drawLine(QPointF(plot.right(), y), QPointF(plot.right() + 6, y))
            painter.drawText(
                QRectF(plot.right() + 10, y - 12, 60, 24),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                "10" + str(decade).translate(SUPERSCRIPT),
            )
        # Bottom axis: days.
        painter.setPen(AXIS_COLOUR)
        step = scale.day_step
        day = 0.0
        while day <= scale.day_max + 1e-9:
            x = scale.x(day)
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 6))
            painter.drawText(
                QRectF(x - 30, plot.bottom() + 8, 60, 22), Qt.AlignmentFlag.AlignHCenter, f"{day:g}"
            )
            day += step
        # The frame and the axis titles, with units.
        painter.setPen(QPen(AXIS_COLOUR, 1.5))
        painter.drawRect(plot)
        painter.drawText(
            QRectF(plot.left(), plot.bottom() + 34, plot.width(), metrics.height() + 4),
            Qt.AlignmentFlag.AlignHCenter,
            self.tr("Days since isolation (d)"),
        )
        self._vertical_text(
            painter,
            QPointF(18, plot.center().y()),
            self.tr("Cumulative population doublings (PD)"),
            PD_COLOUR,
            -90,
        )
        self._vertical_text(
            painter,
            QPointF(self.width() - 18, plot.center().y()),
            self.tr("Cells (log scale)"),
            CELLS_COLOUR,
            90,
        )

    def _vertical_text(
        self, painter: QPainter, centre: QPointF, text: str, colour: QColor, angle: float
    ) -> None:
        painter.save()
        painter.setPen(colour)
        painter.translate(centre)
        painter.rotate(angle)
        width = QFontMetricsF(painter.font()).horizontalAdvance(text)
        painter.drawText(
            QRectF(-width / 2 - 4, -12, width + 8, 24), Qt.AlignmentFlag.AlignCenter, text
        )
        painter.restore()

    def _markers(self, painter: QPainter, scale: ChartScale) -> None:
        plot = scale.plot
        painter.setFont(self._font(12, bold=True))
        metrics = QFontMetricsF(painter.font())
        marks = [(self.today_day, self.tr("Today"), TODAY_COLOUR, Qt.PenStyle.DotLine)]
        marks.append((self.ready_day, self.ready_text, READY_COLOUR, Qt.PenStyle.DashLine))
        for offset, (day, text, colour, style) in enumerate(marks):
            if day is None or day < 0:
                continue
            x = scale.x(day)
            painter.setPen(QPen(colour, 2.5, style))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            if not text:
                continue
            width = metrics.horizontalAdvance(text) + 12
            # The label sits inside the plot, left of the line when it would run off the edge.
            left = x + 6 if x + 6 + width <= plot.right() else x - 6 - width
            box = QRectF(
                left, plot.top() + 8 + offset * (metrics.height() + 8), width, metrics.height() + 4
            )
            painter.fillRect(box, QColor(255, 255, 255, 230))
            painter.setPen(colour)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _series(self, painter: QPainter, scale: ChartScale) -> None:
        cells = [QPointF(scale.x(p.day), scale.y_cells(p.cells)) for p in self.points]
        pds = [QPointF(scale.x(p.day), scale.y_pd(p.cumulative_pd)) for p in self.points]
        painter.setPen(QPen(CELLS_COLOUR, 2.5))
        for a, b in itertools.pairwise(cells):
            painter.drawLine(a, b)
        painter.setBrush(CELLS_COLOUR)
        for point in cells:
            painter.drawRect(QRectF(point.x() - 5, point.y() - 5, 10, 10))
        painter.setPen(QPen(PD_COLOUR, 3.5))
        for a, b in itertools.pairwise(pds):
            painter.drawLine(a, b)
        painter.setBrush(PD_COLOUR)
        painter.setFont(self._font(12, bold=True))
        for point in pds:
            painter.drawEllipse(point, 6, 6)
        metrics = QFontMetricsF(painter.font())
        for point, cell, data in zip(pds, cells, self.points, strict=True):
            if not data.harvest:
                continue
            # The passage label above its PD point, or below when the cells marker is there.
            width = metrics.horizontalAdvance(data.label) + 10
            box = QRectF(point.x() - width / 2, point.y() - 36, width, 24)
            if box.adjusted(-6, -6, 6, 6).contains(cell) or box.top() < 0:
                box.moveTop(point.y() + 12)
            painter.fillRect(box, QColor(255, 255, 255, 220))
            painter.setPen(PD_COLOUR)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, data.label)
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _legend(self, painter: QPainter) -> None:
        painter.setFont(self._font(12))
        metrics = QFontMetricsF(painter.font())
        entries = [
            (PD_COLOUR, "line", self.tr("Cumulative PD (left axis)")),
            (CELLS_COLOUR, "square", self.tr("Cells plated, then harvested (right axis)")),
        ]
        if self.ready_day is not None:
            entries.append((READY_COLOUR, "dash", self.tr("Projected ready")))
        x = self.plot_rect().left()
        y = 18.0
        for colour, kind, text in entries:
            if kind == "dash":
                painter.setPen(QPen(colour, 2.5, Qt.PenStyle.DashLine))
                painter.drawLine(QPointF(x, y + 10), QPointF(x + 28, y + 10))
            else:
                painter.setPen(QPen(colour, 3))
                painter.drawLine(QPointF(x, y + 10), QPointF(x + 28, y + 10))
                painter.setBrush(colour)
                if kind == "square":
                    painter.drawRect(QRectF(x + 9, y + 5, 10, 10))
                else:
                    painter.drawEllipse(QPointF(x + 14, y + 10), 5, 5)
                painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(AXIS_COLOUR)
            width = metrics.horizontalAdvance(text)
            painter.drawText(QRectF(x + 36, y, width + 4, 22), Qt.AlignmentFlag.AlignVCenter, text)
            x += 36 + width + 28
