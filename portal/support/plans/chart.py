"""The progress chart's geometry: no database, no templates. A chart is drawn for one outcome
across reviews on the five-point scale; the template draws the SVG and a table of the same
points, so the chart never carries information the table does not."""

from __future__ import annotations

from dataclasses import dataclass

# The SVG's own units: at 320 CSS pixels wide it is drawn one to one, so its text stays readable
# on the narrowest phone; wider screens scale it up to at most 480 pixels.
WIDTH = 320
HEIGHT = 180
LEFT = 34
RIGHT = 20
TOP = 16
BOTTOM = 40
SCALE_MAX = 5


@dataclass(frozen=True)
class ChartPoint:
    cycle_number: int
    score: int
    x: float
    y: float


@dataclass(frozen=True)
class ChartTick:
    score: int
    y: float


@dataclass(frozen=True)
class ProgressChart:
    points: list[ChartPoint]
    ticks: list[ChartTick]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM

    @property
    def polyline(self) -> str:
        return " ".join(f"{point.x:g},{point.y:g}" for point in self.points)

    @property
    def label_y(self) -> int:
        return HEIGHT - BOTTOM + 22


def _y(score: int) -> float:
    plot = HEIGHT - TOP - BOTTOM
    return round(HEIGHT - BOTTOM - (score - 1) * plot / (SCALE_MAX - 1), 1)


def progress_chart(points: list[tuple[int, int]]) -> ProgressChart:
    """Place (cycle number, score) points, oldest first, evenly across the chart."""
    span = WIDTH - LEFT - RIGHT - 20
    count = len(points)
    placed = []
    for index, (cycle_number, score) in enumerate(points):
        step = span / (count - 1) if count > 1 else 0
        x = LEFT + 10 + (index * step if count > 1 else span / 2)
        placed.append(ChartPoint(cycle_number, score, round(x, 1), _y(score)))
    ticks = [ChartTick(score, _y(score)) for score in range(1, SCALE_MAX + 1)]
    return ProgressChart(points=placed, ticks=ticks)
