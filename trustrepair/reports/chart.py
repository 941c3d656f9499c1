"""One small chart painter for screen and paper: lines over dates, and bars per period.

A chart is laid out here, without Qt, as a :class:`Drawing`: a list of strokes, dots, boxes
and labels in a box of ``width`` × ``height`` units. The same drawing becomes SVG for HTML
summaries (:func:`to_svg`), and is painted with ``QPainter`` on the Over time screen and into
PDF pages (``trustrepair/ui/chart_painter.py``), so the three always agree and the PDF stays
vector. A plotting library would bring a second rendering path (and start-up weight) for
what is a few polylines and labels; see ``docs/architecture.md``.

Text in a drawing (series names, dates, a partner's name) is only ever drawn as text: SVG
escapes it, ``QPainter.drawText`` never interprets it.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

from trustrepair.domain.dates import short_month

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
"""Line colours that stay apart for most colour-blind readers (Okabe & Ito)."""
INK = "#333333"
MUTED = "#777777"
GRID = "#dddddd"
KEPT = "#009E73"
MISSED = "#D55E00"
APPRECIATED = "#0072B2"

MAX_DOTS = 120
"""Above this many points a line is drawn without a dot on each point."""

CHART_SCHEME = "trustrepair-chart:"
"""How a drawing travels inside Qt's HTML for printing (``<img src="trustrepair-chart:…">``)."""


@dataclass(frozen=True)
class Stroke:
    """A line through points; ``dash`` for a partner's series."""

    points: tuple[tuple[float, float], ...]
    color: str
    width: float = 2.0
    dash: bool = False


@dataclass(frozen=True)
class Dot:
    """A point marker."""

    x: float
    y: float
    r: float
    color: str


@dataclass(frozen=True)
class Box:
    """A filled rectangle (a bar, a legend swatch)."""

    x: float
    y: float
    w: float
    h: float
    color: str


@dataclass(frozen=True)
class Label:
    """A line of text; ``anchor`` is start, middle or end."""

    x: float
    y: float
    text: str
    size: float = 11.0
    color: str = INK
    anchor: str = "start"


Item = Stroke | Dot | Box | Label


@dataclass(frozen=True)
class Drawing:
    """A laid-out chart, ready for SVG or a painter."""

    width: float
    height: float
    items: tuple[Item, ...]
    description: str = ""
    """What the chart shows, in words (its accessible name; the table beside it has it all)."""


@dataclass(frozen=True)
class ChartLine:
    """One series: its name and its (day, value) points, values on a 0–10 scale."""

    label: str
    points: tuple[tuple[date, float], ...]
    dash: bool = False


@dataclass(frozen=True)
class ChartBars:
    """Counts per period: each period's start, and one count per kind of bar."""

    periods: tuple[date, ...]
    kinds: tuple[tuple[str, str], ...]  # (label, colour)
    counts: tuple[tuple[int, ...], ...]  # one row per period, one count per kind


LEFT, RIGHT, TOP, BOTTOM = 34.0, 30.0, 12.0, 40.0


def line_chart(
    lines: Sequence[ChartLine],
    *,
    width: float = 640,
    height: float = 240,
    y_max: float = 10,
    description: str = "",
) -> Drawing:
    """Each series as a line over the dates of its points (0 to ``y_max`` upwards)."""
    items: list[Item] = []
    days = [d for line in lines for d, _ in line.points]
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM
    first, last = (min(days), max(days)) if days else (date.today(), date.today())
    if first == last:
        first, last = first - timedelta(days=3), last + timedelta(days=3)
    span = (last - first).days

    def x_of(day: date) -> float:
        return LEFT + plot_w * (day - first).days / span

    def y_of(value: float) -> float:
        return TOP + plot_h * (1 - max(0.0, min(value, y_max)) / y_max)

    for tick in range(0, int(y_max) + 1, 2):
        y = y_of(tick)
        items.append(Stroke(((LEFT, y), (LEFT + plot_w, y)), GRID, 0.6))
        items.append(Label(LEFT - 6, y + 4, str(tick), 9, MUTED, "end"))
    items.extend(_date_axis(first, last, x_of, TOP + plot_h, plot_w))
    for index, line in enumerate(lines):
        color = PALETTE[index % len(PALETTE)]
        points = tuple((x_of(d), y_of(v)) for d, v in sorted(line.points))
        if len(points) > 1:
            items.append(Stroke(points, color, 2.0, line.dash))
        if len(points) <= MAX_DOTS:
            items.extend(Dot(x, y, 2.6, color) for x, y in points)
    items.extend(
        _legend(
            [(line.label, PALETTE[i % len(PALETTE)]) for i, line in enumerate(lines)],
            height - 10,
            width,
        )
    )
    return Drawing(width, height, tuple(items), description)


def bar_chart(
    bars: ChartBars, *, width: float = 640, height: float = 200, description: str = ""
) -> Drawing:
    """Counts per period as grouped bars, with a legend."""
    items: list[Item] = []
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM
    top = max((c for row in bars.counts for c in row), default=0)
    scale_max = max(4, top)
    n = max(1, len(bars.periods))
    slot = plot_w / n
    kinds = max(1, len(bars.kinds))
    bar_w = max(0.6, min(14.0, slot * 0.8 / kinds))
    for tick in _count_ticks(scale_max):
        y = TOP + plot_h * (1 - tick / scale_max)
        items.append(Stroke(((LEFT, y), (LEFT + plot_w, y)), GRID, 0.6))
        items.append(Label(LEFT - 6, y + 4, str(tick), 9, MUTED, "end"))
    for i, row in enumerate(bars.counts):
        base = LEFT + slot * i + (slot - bar_w * kinds) / 2
        for k, count in enumerate(row):
            if count <= 0:
                continue
            h = plot_h * count / scale_max
            items.append(Box(base + k * bar_w, TOP + plot_h - h, bar_w, h, bars.kinds[k][1]))
    if bars.periods:
        first, last = bars.periods[0], bars.periods[-1] + timedelta(days=1)

        def x_of(day: date) -> float:
            return LEFT + plot_w * (day - first).days / max(1, (last - first).days)

        items.extend(_date_axis(first, last, x_of, TOP + plot_h, plot_w))
    items.extend(_legend(list(bars.kinds), height - 10, width))
    return Drawing(width, height, tuple(items), description)


def _count_ticks(top: int) -> list[int]:
    step = max(1, -(-top // 4))
    return list(range(0, top + 1, step))


def _date_axis(first: date, last: date, x_of: Any, y: float, plot_w: float) -> list[Item]:
    """Month (or year) ticks along the bottom, at most about eight labels."""
    items: list[Item] = [Stroke(((LEFT, y), (LEFT + plot_w, y)), MUTED, 0.8)]
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = next(s for s in (1, 2, 3, 6, 12, 24, 60, 120) if months / s <= 8)
    if step >= 12:
        tick = date(first.year if (first.month, first.day) == (1, 1) else first.year + 1, 1, 1)
    else:
        tick = date(first.year, first.month, 1)
        if tick < first:
            tick = _add_months(tick, 1)
    while tick <= last:
        x = x_of(tick)
        items.append(Stroke(((x, y), (x, y + 4)), MUTED, 0.8))
        text = str(tick.year) if step >= 12 else f"{short_month(tick)} {tick.year}"
        items.append(Label(x, y + 16, text, 9, MUTED, "middle"))
        tick = _add_months(tick, step)
    return items


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def _legend(entries: list[tuple[str, str]], y: float, width: float) -> list[Item]:
    items: list[Item] = []
    x = LEFT
    for label, color in entries:
        items.append(Box(x, y - 8, 10, 10, color))
        items.append(Label(x + 14, y + 1, label, 10, INK))
        x += 24 + 6.2 * len(label)
        if x > width - 60:
            break
    return items


# ---------------------------------------------------------------------- SVG
def to_svg(drawing: Drawing) -> Markup:
    """The drawing as an inline SVG element (vector, text as text), safe to put in HTML."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {drawing.width:g} {drawing.height:g}" '
        f'width="{drawing.width:g}" height="{drawing.height:g}" '
        f"aria-label={quoteattr(drawing.description)}>"
    ]
    for item in drawing.items:
        if isinstance(item, Stroke):
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in item.points)
            dash = ' stroke-dasharray="6 4"' if item.dash else ""
            parts.append(
                f'<polyline fill="none" stroke="{item.color}" stroke-width="{item.width:g}" '
                f'stroke-linejoin="round" points="{points}"{dash}/>'
            )
        elif isinstance(item, Dot):
            parts.append(
                f'<circle cx="{item.x:.1f}" cy="{item.y:.1f}" r="{item.r:g}" fill="{item.color}"/>'
            )
        elif isinstance(item, Box):
            parts.append(
                f'<rect x="{item.x:.1f}" y="{item.y:.1f}" width="{item.w:.1f}" '
                f'height="{item.h:.1f}" fill="{item.color}"/>'
            )
        else:
            parts.append(
                f'<text x="{item.x:.1f}" y="{item.y:.1f}" font-size="{item.size:g}" '
                f'fill="{item.color}" text-anchor="{item.anchor}" '
                f'font-family="DejaVu Sans, sans-serif">{escape(item.text)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text and attribute above is escaped


# ---------------------------------------------------------------------- travelling in HTML
def encode(drawing: Drawing) -> str:
    """The drawing as a compact ASCII token (for Qt's HTML, where SVG cannot be drawn)."""
    rows: list[list[Any]] = []
    for item in drawing.items:
        if isinstance(item, Stroke):
            rows.append(
                [
                    "s",
                    [round(v, 1) for p in item.points for v in p],
                    item.color,
                    item.width,
                    int(item.dash),
                ]
            )
        elif isinstance(item, Dot):
            rows.append(["d", round(item.x, 1), round(item.y, 1), item.r, item.color])
        elif isinstance(item, Box):
            rows.append(
                [
                    "b",
                    round(item.x, 1),
                    round(item.y, 1),
                    round(item.w, 1),
                    round(item.h, 1),
                    item.color,
                ]
            )
        else:
            rows.append(
                [
                    "t",
                    round(item.x, 1),
                    round(item.y, 1),
                    item.text,
                    item.size,
                    item.color,
                    item.anchor,
                ]
            )
    data = {"w": drawing.width, "h": drawing.height, "i": rows, "a": drawing.description}
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii")


def decode(token: str) -> Drawing:
    """A drawing from :func:`encode`'s token (ValueError when it is not one)."""
    try:
        data = json.loads(base64.urlsafe_b64decode(token.encode("ascii")))
        items: list[Item] = []
        for row in data["i"]:
            kind = row[0]
            if kind == "s":
                flat = row[1]
                pairs = tuple((float(flat[i]), float(flat[i + 1])) for i in range(0, len(flat), 2))
                items.append(Stroke(pairs, str(row[2]), float(row[3]), bool(row[4])))
            elif kind == "d":
                items.append(Dot(float(row[1]), float(row[2]), float(row[3]), str(row[4])))
            elif kind == "b":
                items.append(
                    Box(float(row[1]), float(row[2]), float(row[3]), float(row[4]), str(row[5]))
                )
            else:
                items.append(
                    Label(
                        float(row[1]),
                        float(row[2]),
                        str(row[3]),
                        float(row[4]),
                        str(row[5]),
                        str(row[6]),
                    )
                )
        return Drawing(float(data["w"]), float(data["h"]), tuple(items), str(data.get("a", "")))
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise ValueError("not a chart") from exc
