"""The growth chart: where each day, PD and cell number falls (tested as arithmetic), and
what it paints (tested on a grabbed image)."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage

from labtracker.services.culture import GrowthPoint
from ui.growth_chart import (
    CELLS_COLOUR,
    PD_COLOUR,
    READY_COLOUR,
    ChartPoint,
    ChartScale,
    GrowthChart,
    chart_points,
    nice_step,
)

ISOLATED = datetime(2026, 1, 1, 6, 0, tzinfo=UTC)


def growth(harvest_id, passage, days, seeded, harvested, pd, cumulative):
    return GrowthPoint(
        harvest_id,
        passage,
        ISOLATED + timedelta(days=days),
        (f"A999926000001-P{passage}-1",),
        seeded,
        harvested,
        pd,
        cumulative,
        31.6,
    )


SERIES = [
    growth(1, 0, 7, 300_000, 12e6, 5.32, 5.32),
    growth(2, 1, 13, 1_400_000, 22e6, 3.97, 9.30),
]


def test_points_start_at_the_cells_plated_and_follow_each_harvest():
    points = chart_points(SERIES, ISOLATED, 300_000)
    assert [(p.day, p.cumulative_pd, p.cells, p.label, p.harvest) for p in points] == [
        (0.0, 0.0, 300_000.0, "Plated", False),
        (7.0, 5.32, 12e6, "P0", True),
        (13.0, 9.30, 22e6, "P1", True),
    ]
    assert chart_points(SERIES, None, 300_000) == []  # not isolated: nothing to draw
    assert [p.label for p in chart_points([], ISOLATED, 300_000)] == ["Plated"]


@pytest.mark.parametrize(
    ("span", "ticks", "step"),
    [(10, 5, 2), (9.3, 5, 2), (13.65, 8, 2), (20, 8, 2.5), (0.7, 5, 0.2), (400, 5, 100), (0, 5, 1)],
)
def test_tick_steps_are_round(span, ticks, step):
    assert nice_step(span, ticks) == pytest.approx(step)


def test_scale_maps_days_pd_and_log_cells_onto_the_plot():
    plot = QRectF(100, 50, 600, 300)
    points = chart_points(SERIES, ISOLATED, 300_000)
    scale = ChartScale.fit(plot, points, extra_days=[17.6])
    # Room for every point and for the projected ready day, on round numbers.
    assert scale.day_max >= 17.6 and scale.day_max % scale.day_step == pytest.approx(0)
    assert scale.pd_max >= 9.30 and scale.pd_max % scale.pd_step == pytest.approx(0)
    assert (scale.decade_min, scale.decade_max) == (5, 8)  # 3 × 10⁵ … 2.2 × 10⁷ cells

    assert scale.x(0) == 100 and scale.x(scale.day_max) == 700
    assert scale.x(scale.day_max / 2) == pytest.approx(400)
    assert scale.day_at(scale.x(13)) == pytest.approx(13)
    assert scale.y_pd(0) == 350 and scale.y_pd(scale.pd_max) == 50
    assert scale.y_cells(1e5) == pytest.approx(350)
    assert scale.y_cells(1e8) == pytest.approx(50)
    assert scale.y_cells(1e6) == pytest.approx(250)  # one decade in three: a third of the way
    assert scale.y_cells(12e6) < scale.y_cells(300_000)  # more cells, higher up
    # Nothing to scale (no harvest yet): sensible axes all the same.
    empty = ChartScale.fit(plot, [])
    assert empty.day_max >= 1 and empty.pd_max >= 1 and empty.decade_max > empty.decade_min
    assert math.isfinite(empty.y_cells(0))


def _grab(qtbot, chart: GrowthChart) -> QImage:
    chart.resize(900, 440)
    chart.show()
    qtbot.waitExposed(chart)
    return chart.grab().toImage()


def _count(image: QImage, colour: QColor, step: int = 2) -> int:
    found = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            if image.pixelColor(x, y) == colour:
                found += 1
    return found


def _near(image: QImage, x: float, y: float, colour: QColor, radius: int = 3) -> bool:
    return any(
        image.pixelColor(round(x) + dx, round(y) + dy) == colour
        for dx in range(-radius, radius + 1)
        for dy in range(-radius, radius + 1)
    )


def test_chart_paints_both_series_and_the_projected_ready_line(qtbot):
    chart = GrowthChart()
    qtbot.addWidget(chart)
    chart.set_data(chart_points(SERIES, ISOLATED, 300_000), ready_day=17.6, ready_text="Ready")
    image = _grab(qtbot, chart)
    assert _count(image, QColor("white")) < image.width() * image.height() // 4 * 0.98
    assert _count(image, PD_COLOUR) > 100
    assert _count(image, CELLS_COLOUR) > 50
    assert _count(image, READY_COLOUR) > 20
    scale = chart.scale()
    p1 = chart.points[-1]
    # The P1 markers sit where the scale says.
    assert _near(image, scale.x(p1.day), scale.y_pd(p1.cumulative_pd), PD_COLOUR)
    assert _near(image, scale.x(p1.day), scale.y_cells(p1.cells), CELLS_COLOUR)
    # The dashed ready line runs down the plot at day 17.6.
    column = round(scale.x(17.6))
    assert any(
        _near(image, column, y, READY_COLOUR, 1)
        for y in range(round(scale.plot.center().y()), round(scale.plot.bottom()))
    )


def test_without_a_harvest_it_says_so_instead_of_drawing(qtbot):
    chart = GrowthChart()
    qtbot.addWidget(chart)
    chart.set_data(chart_points([], ISOLATED, 300_000))
    assert not chart.has_harvest()
    assert chart.empty_text == "No harvest counted yet"
    image = _grab(qtbot, chart)
    assert _count(image, PD_COLOUR) == 0 and _count(image, CELLS_COLOUR) == 0
    # …but it is not blank: the sentence is painted.
    assert _count(image, QColor("white"), 1) < image.width() * image.height()
    chart.set_data([])
    assert not chart.has_harvest()


def test_a_single_harvest_is_drawn_as_a_point(qtbot):
    chart = GrowthChart()
    qtbot.addWidget(chart)
    only = ChartPoint(7.0, 5.32, 12e6, "P0")
    chart.set_data([only])
    assert chart.has_harvest()
    image = _grab(qtbot, chart)
    scale = chart.scale()
    assert _near(image, scale.x(7.0), scale.y_pd(5.32), PD_COLOUR)
