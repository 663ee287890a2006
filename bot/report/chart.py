"""The report's timeline chart as geometry for an inline SVG: phases as bars along a time
axis, step and statement events as marks. Legible in black and white (shapes and
patterns, not colour alone) and at any span from minutes to months."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.report.model import Report

Place = Callable[[dt.datetime], float]  # a time -> its x on the chart
WIDTH, LEFT, RIGHT = 1000.0, 96.0, 16.0
PHASE_Y, PHASE_H = 12.0, 34.0
STEP_Y, STATEMENT_Y = 78.0, 132.0  # lane centres
LABEL_ROWS = (-14.0, -25.0, -36.0, 19.0)  # statement label baselines, from the lane
AXIS_Y = 164.0
LEGEND_Y = 200.0
HEIGHT = 236.0
CHAR = 6.0  # approximate width of a character at the chart's label size
MAX_TICKS = 8
_MINUTE, _HOUR, _DAY = 60, 3600, 86400
_INTERVALS = (
    1 * _MINUTE, 2 * _MINUTE, 5 * _MINUTE, 10 * _MINUTE, 15 * _MINUTE, 30 * _MINUTE,
    _HOUR, 2 * _HOUR, 3 * _HOUR, 6 * _HOUR, 12 * _HOUR,
    _DAY, 2 * _DAY, 7 * _DAY, 14 * _DAY, 28 * _DAY, 56 * _DAY, 91 * _DAY,
)  # fmt: skip
LEGEND = (
    ("done", "Step done on time"),
    ("late", "Step done late"),
    ("skipped", "Step skipped"),
    ("drafted", "Statement drafted"),
    ("approved", "Statement approved"),
    ("published", "Statement published"),
)


@dataclass(frozen=True)
class Bar:
    number: int
    x: float
    width: float
    label: str  # what fits inside the bar (may be empty)
    title: str  # the full text, as a tooltip
    pattern: int  # which fill: bars alternate so neighbours differ in black and white


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    kind: str
    title: str
    label: str  # empty when there is no room for it
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class LegendItem:
    x: float
    kind: str
    text: str


@dataclass(frozen=True)
class Chart:
    width: float
    height: float
    left: float
    right: float
    phase_y: float
    phase_h: float
    step_y: float
    statement_y: float
    axis_y: float
    legend_y: float
    bars: tuple[Bar, ...]
    marks: tuple[Mark, ...]
    ticks: tuple[Tick, ...]
    legend: tuple[LegendItem, ...]
    start: dt.datetime
    end: dt.datetime


def chart(report: Report) -> Chart:
    start = report.summary.opened_at
    end = report.summary.closed_at or report.now
    if report.chart_events:
        end = max(end, report.chart_events[-1].at)
    end = max(end, start + dt.timedelta(minutes=1))
    scale = (WIDTH - LEFT - RIGHT) / (end - start).total_seconds()

    def x(at: dt.datetime) -> float:
        return round(LEFT + max(0.0, (at - start).total_seconds()) * scale, 1)

    bars = []
    for number, span in enumerate(report.phases, 1):
        if span.entered_at is None:
            continue
        left, right = x(span.entered_at), x(span.left_at or end)
        width = max(right - left, 1.0)
        full = f"{number} {span.title}"
        bars.append(Bar(number, left, width, _fit(full, str(number), width), full, number % 4))
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        phase_y=PHASE_Y,
        phase_h=PHASE_H,
        step_y=STEP_Y,
        statement_y=STATEMENT_Y,
        axis_y=AXIS_Y,
        legend_y=LEGEND_Y,
        bars=tuple(bars),
        marks=_marks(report, x),
        ticks=ticks(start, end, report.tz, x),
        legend=tuple(LegendItem(LEFT + i * 150.0, k, t) for i, (k, t) in enumerate(LEGEND)),
        start=start,
        end=end,
    )


def _fit(text: str, short: str, width: float) -> str:
    room = int((width - 8) / CHAR)
    if room >= len(text):
        return text
    if room >= 8:
        return text[: room - 1].rstrip() + "…"
    return short if room >= len(short) else ""


def _marks(report: Report, x: Place) -> tuple[Mark, ...]:
    """Statement marks carry labels, staggered over four rows so they do not overlap;
    step marks are too many to label (their ids are in the tooltip and the table)."""
    marks = []
    rows_end = [float("-inf")] * len(LABEL_ROWS)  # right end of the last label in each row
    for event in report.chart_events:
        at = x(event.at)
        when = event.at.astimezone(report.tz).strftime("%Y-%m-%d %H:%M %Z")
        title = f"{event.label}: {event.kind}, {when}"
        if event.lane == "step":
            marks.append(Mark(at, STEP_Y, event.kind, title, "", 0.0, 0.0))
            continue
        label, label_y = "", 0.0
        width = len(event.label) * CHAR
        centre = min(max(at, LEFT + width / 2), WIDTH - width / 2)  # kept inside the chart
        for row, row_end in enumerate(rows_end):
            if centre - width / 2 > row_end + 4:
                label, label_y = event.label, STATEMENT_Y + LABEL_ROWS[row]
                rows_end[row] = centre + width / 2
                break
        marks.append(Mark(at, STATEMENT_Y, event.kind, title, label, centre, label_y))
    return tuple(marks)


def ticks(start: dt.datetime, end: dt.datetime, tz: ZoneInfo, x: Place) -> tuple[Tick, ...]:
    """Round times in the organisation's zone: at most MAX_TICKS over the span."""
    span = (end - start).total_seconds()
    step = next((s for s in _INTERVALS if span / s <= MAX_TICKS), _INTERVALS[-1])
    local = start.astimezone(tz)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if step >= _DAY:
        days = step // _DAY
        first = midnight + dt.timedelta(days=1)
        moments = [first + dt.timedelta(days=days * n) for n in range(int(span // step) + 2)]
        fmt = "%b %d" if span < 300 * _DAY else "%Y-%m-%d"
    else:
        since = (local - midnight).total_seconds()
        first = midnight + dt.timedelta(seconds=(since // step + 1) * step)
        moments = [first + dt.timedelta(seconds=step * n) for n in range(int(span // step) + 2)]
        fmt = "%H:%M" if span <= _DAY else "%b %d %H:%M"
    # Aware arithmetic in the zone steps wall-clock time: across a DST change the ticks
    # stay on round local hours.
    return tuple(
        Tick(x(m.astimezone(dt.UTC)), m.strftime(fmt))
        for m in moments
        if start <= m.astimezone(dt.UTC) <= end
    )
