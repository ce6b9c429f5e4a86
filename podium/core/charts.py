"""Server-rendered SVG charts: a bar chart (grouped or stacked by series) and a
line chart over a few categories (usually the months of a year).

The geometry (scale, ticks, bars, points, labels) is computed here, in Python, and
`core/charts/chart.html` draws it; no JavaScript and no charting library. A chart
carries everything WCAG 2.2 AA asks of it: a text alternative that summarises it
(`summary`), a data table (`table_rows`), and series told apart by pattern and
marker shape as well as colour, each named beside its marks.

Values are counts or percentages and are never negative: a negative value is a
programming error and raises `ValueError`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

# The drawing area: a viewBox the SVG scales to the width of its container.
WIDTH = 720
HEIGHT = 320
TOP = 40  # room for the key of a bar chart
BOTTOM = 40  # category labels
RIGHT_BAR = 12
RIGHT_LINE = 230  # the line chart's direct labels
CHAR_WIDTH = 7.5  # an estimate of one digit's width at the axis font size
KEY_LEFT, KEY_TOP, KEY_ROW = 8.0, 8.0, 20.0  # where a bar chart's key starts; its row height
LABEL_GAP = 15  # the least distance between two direct labels of a line chart
LABEL_CHARS = 20  # a direct label longer than this is shortened (the table has it whole)


@dataclass(frozen=True)
class Style:
    """How one series looks: a colour of at least 3:1 against white (WCAG 1.4.11),
    a fill pattern for bars and a marker shape and dash for lines, so no series is
    told apart by colour alone."""

    colour: str
    pattern: str  # solid, diagonal, dots, crosshatch, horizontal, vertical
    marker: str  # circle, square, triangle, diamond, cross, bar
    dash: str  # stroke-dasharray for lines; "" is solid


STYLES = (
    Style("#23386b", "solid", "circle", ""),
    Style("#0f6e6e", "diagonal", "square", "8 4"),
    Style("#8a4b08", "dots", "triangle", "3 3"),
    Style("#6b2d7b", "crosshatch", "diamond", "10 3 2 3"),
    Style("#4a5468", "horizontal", "cross", "2 6"),
    Style("#b3261e", "vertical", "bar", "14 4"),
)


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # None: no value (a line breaks there)


@dataclass(frozen=True)
class Tick:
    value: float
    y: float
    label: str

    @property
    def label_y(self) -> float:
        return self.y + 4


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    series: int  # index into the chart's series (and STYLES)
    value: float


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: float
    marker: str  # an SVG path drawing the series' marker shape here


@dataclass(frozen=True)
class Line:
    series: int
    name: str
    style: Style
    segments: tuple[str, ...]  # SVG polyline points, one per unbroken run
    points: tuple[Point, ...]
    label: str
    label_y: float
    label_x: float

    @property
    def label_marker(self) -> str:
        """The series' marker in front of its name, tying the name to the line."""
        return marker_path(self.style.marker, self.label_x - 10, self.label_y - 4)


@dataclass(frozen=True)
class KeyEntry:
    name: str
    style: Style
    pattern_id: str
    x: float
    y: float  # the top of its swatch

    @property
    def text_x(self) -> float:
        return self.x + 24

    @property
    def text_y(self) -> float:
        return self.y + 12


@dataclass(frozen=True)
class CategoryLabel:
    x: float
    text: str


@dataclass
class Chart:
    """What the template draws. `kind` is "bar" or "line"."""

    kind: str
    id: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str  # "" for counts, "%" for percentages
    summary: str
    axis_max: float
    ticks: tuple[Tick, ...]
    left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    category_labels: tuple[CategoryLabel, ...]
    stacked: bool = False
    rects: tuple[Rect, ...] = ()
    lines: tuple[Line, ...] = ()
    key: tuple[KeyEntry, ...] = ()
    category_heading: str = "Month"
    width: int = WIDTH
    height: int = HEIGHT
    styles: tuple[Style, ...] = field(default=STYLES)

    @property
    def tick_label_x(self) -> float:
        return self.left - 6

    @property
    def category_label_y(self) -> float:
        return self.plot_bottom + 20

    @property
    def patterns(self) -> list[tuple[str, Style]]:
        return [(f"{self.id}-p{i}", _style(i)) for i in range(len(self.series))]

    @property
    def table_rows(self) -> list[tuple[str, list[str], str]]:
        """(category, a cell per series, the total or "") for the data table."""
        rows = []
        for i, category in enumerate(self.categories):
            cells = [_format(s.values[i], self.unit) for s in self.series]
            total = ""
            if self.kind == "bar":
                total = _format(sum(s.values[i] or 0 for s in self.series), self.unit)
            rows.append((category, cells, total))
        return rows

    @property
    def totals(self) -> list[str]:
        return [_format(sum(v or 0 for v in s.values), self.unit) for s in self.series]

    @property
    def grand_total(self) -> str:
        return _format(sum(v or 0 for s in self.series for v in s.values), self.unit)


def _style(index: int) -> Style:
    return STYLES[index % len(STYLES)]


def _format(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    if float(value).is_integer():
        return f"{int(value):,}{unit}"
    return f"{value:,.1f}{unit}"


def _check(series: Sequence[Series], categories: Sequence[str]) -> None:
    for s in series:
        if len(s.values) != len(categories):
            raise ValueError(f"Series {s.name!r} has {len(s.values)} values for {len(categories)}.")
        if any(v is not None and v < 0 for v in s.values):
            raise ValueError(f"Series {s.name!r} has a negative value.")


def nice_step(rough: float) -> float:
    """The nearest 1, 2 or 5 × 10ⁿ at or above `rough` (at least 1: counts are whole)."""
    if rough <= 1:
        return 1
    exponent = math.floor(math.log10(rough))
    fraction = rough / 10**exponent
    nice = 1 if fraction <= 1 else 2 if fraction <= 2 else 5 if fraction <= 5 else 10
    return float(nice * 10**exponent)


def scale(largest: float, *, ticks: int = 4, fixed_max: float | None = None) -> list[float]:
    """Tick values from 0 to the axis maximum: at most `ticks` + 1 of them, evenly
    spaced at a round step. With nothing to show (largest 0) the axis runs 0 to 1."""
    if fixed_max is not None:
        # A pinned axis (0 to 100 per cent) is cut into `ticks` equal parts.
        step = fixed_max / ticks
        top = fixed_max
    else:
        step = nice_step(max(largest, 0) / ticks)
        top = max(math.ceil(largest / step) * step, step)
    count = round(top / step)
    return [step * i for i in range(count + 1)]


def _frame(
    chart_id: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    largest: float,
    right: float,
    unit: str,
    fixed_max: float | None,
    top: float = TOP,
) -> dict[str, object]:
    values = scale(largest, fixed_max=fixed_max)
    axis_max = values[-1]
    labels = [_format(v, unit) for v in values]
    left = 12 + CHAR_WIDTH * max(len(t) for t in labels)
    plot_top, plot_bottom = float(top), float(HEIGHT - BOTTOM)
    ticks = tuple(
        Tick(v, plot_bottom - (plot_bottom - plot_top) * v / axis_max, label)
        for v, label in zip(values, labels, strict=True)
    )
    plot_right = WIDTH - right
    band = (plot_right - left) / max(len(categories), 1)
    # Months read "Aug" … "Jul"; a long category is cut to fit its band.
    fits = max(int(band / 7), 3)
    category_labels = tuple(
        CategoryLabel(left + band * (i + 0.5), c if len(c) <= fits else c[: fits - 1] + "…")
        for i, c in enumerate(categories)
    )
    return {
        "id": chart_id,
        "title": title,
        "categories": tuple(categories),
        "series": tuple(series),
        "unit": unit,
        "axis_max": axis_max,
        "ticks": ticks,
        "left": left,
        "plot_right": plot_right,
        "plot_top": plot_top,
        "plot_bottom": plot_bottom,
        "category_labels": category_labels,
    }


def _y(value: float, axis_max: float, top: float, bottom: float) -> float:
    return bottom - (bottom - top) * value / axis_max


def bar_chart(
    *,
    chart_id: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    stacked: bool = False,
    unit: str = "",
    full_categories: Sequence[str] | None = None,
) -> Chart:
    """Bars per category, one per series side by side (grouped) or one on top of
    another (stacked). `full_categories` are the categories' names in words for the
    summary and table ("August 2025"), when `categories` are short ("Aug")."""
    _check(series, categories)
    n = len(categories)
    if stacked:
        largest = max((sum(s.values[i] or 0 for s in series) for i in range(n)), default=0)
    else:
        largest = max((v or 0 for s in series for v in s.values), default=0)
    key = _key(chart_id, series)
    top = key[-1].y + KEY_ROW + 10 if key else float(TOP)
    frame = _frame(chart_id, title, categories, series, largest, RIGHT_BAR, unit, None, top)
    left, right = float(frame["left"]), float(frame["plot_right"])  # type: ignore[arg-type]
    top, bottom = float(frame["plot_top"]), float(frame["plot_bottom"])  # type: ignore[arg-type]
    axis_max = float(frame["axis_max"])  # type: ignore[arg-type]
    band = (right - left) / max(n, 1)
    rects: list[Rect] = []
    for i in range(n):
        if stacked:
            width = band * 0.6
            x = left + band * i + (band - width) / 2
            base = 0.0
            for s_index, s in enumerate(series):
                value = s.values[i] or 0
                if value:
                    y_top = _y(base + value, axis_max, top, bottom)
                    y_base = _y(base, axis_max, top, bottom)
                    rects.append(Rect(x, y_top, width, y_base - y_top, s_index, value))
                base += value
        else:
            group = band * 0.8
            width = group / max(len(series), 1)
            for s_index, s in enumerate(series):
                value = s.values[i] or 0
                if value:
                    x = left + band * i + (band - group) / 2 + width * s_index
                    y_top = _y(value, axis_max, top, bottom)
                    rects.append(Rect(x, y_top, width, bottom - y_top, s_index, value))
    names = tuple(full_categories or categories)
    chart = Chart(
        kind="bar",
        stacked=stacked,
        rects=tuple(rects),
        key=key,
        summary="",
        **frame,  # type: ignore[arg-type]
    )
    chart.categories = names
    chart.summary = _bar_summary(chart)
    return chart


def _span(categories: Sequence[str]) -> str:
    return f"{categories[0]} to {categories[-1]}" if len(categories) > 1 else "".join(categories)


def _key(chart_id: str, series: Sequence[Series]) -> tuple[KeyEntry, ...]:
    """The key of a bar chart, a swatch of each pattern and its name, in rows that
    fit the drawing's width."""
    entries: list[KeyEntry] = []
    x, y = KEY_LEFT, KEY_TOP
    for s_index, s in enumerate(series):
        width = 24 + CHAR_WIDTH * len(s.name)
        if entries and x + width > WIDTH - RIGHT_BAR:
            x, y = KEY_LEFT, y + KEY_ROW
        entries.append(KeyEntry(s.name, _style(s_index), f"{chart_id}-p{s_index}", x, y))
        x += width + 20
    return tuple(entries)


def _bar_summary(chart: Chart) -> str:
    n = len(chart.categories)
    kind = "Stacked bar chart" if chart.stacked else "Bar chart"
    span = _span(chart.categories)
    if not n or not any(v for s in chart.series for v in s.values):
        return f"{kind}: {chart.title}, {span}. Nothing to show: every value is 0."
    totals = ", ".join(
        f"{s.name} {total}" for s, total in zip(chart.series, chart.totals, strict=True)
    )
    sums = [sum(s.values[i] or 0 for s in chart.series) for i in range(n)]
    peak = max(range(n), key=lambda i: sums[i])
    return (
        f"{kind}: {chart.title}, {span}. In all: {totals} ({chart.grand_total} together). "
        f"The most in one {chart.category_heading.lower()}: {chart.categories[peak]}, "
        f"{_format(sums[peak], chart.unit)}. The table below gives every figure."
    )


def marker_path(shape: str, x: float, y: float, r: float = 4.5) -> str:
    """An SVG path for a marker centred on (x, y)."""
    if shape == "square":
        return f"M{x - r:.1f},{y - r:.1f}h{2 * r:.1f}v{2 * r:.1f}h{-2 * r:.1f}z"
    if shape == "triangle":
        return f"M{x:.1f},{y - r - 1:.1f}L{x + r + 1:.1f},{y + r:.1f}L{x - r - 1:.1f},{y + r:.1f}z"
    if shape == "diamond":
        d = r + 1
        return f"M{x:.1f},{y - d:.1f}L{x + d:.1f},{y:.1f}L{x:.1f},{y + d:.1f}L{x - d:.1f},{y:.1f}z"
    if shape == "cross":
        a = r * 0.45
        return (
            f"M{x - r:.1f},{y - a:.1f}h{r - a:.1f}v{a - r:.1f}h{2 * a:.1f}v{r - a:.1f}"
            f"h{r - a:.1f}v{2 * a:.1f}h{a - r:.1f}v{r - a:.1f}h{-2 * a:.1f}v{a - r:.1f}"
            f"h{a - r:.1f}z"
        )
    if shape == "bar":
        return f"M{x - r:.1f},{y - 2:.1f}h{2 * r:.1f}v4h{-2 * r:.1f}z"
    # A circle, drawn as two arcs.
    arc = f"a{r:.1f},{r:.1f} 0 1,0"
    return f"M{x - r:.1f},{y:.1f}{arc} {2 * r:.1f},0{arc} {-2 * r:.1f},0z"


def _spread(wanted: list[float], low: float, high: float) -> list[float]:
    """Move label positions apart to at least LABEL_GAP, keeping their order and
    staying within [low, high] where there is room."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    placed = [0.0] * len(wanted)
    last = low - LABEL_GAP
    for i in order:
        placed[i] = max(wanted[i], last + LABEL_GAP)
        last = placed[i]
    overflow = last - high
    if overflow > 0:
        for i in order:
            placed[i] = max(placed[i] - overflow, low)
    return placed


def line_chart(
    *,
    chart_id: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    fixed_max: float | None = None,
    full_categories: Sequence[str] | None = None,
) -> Chart:
    """A line per series across the categories, each with its marker shape and dash
    and its name at its last point. `fixed_max` pins the axis (100 for percentages)."""
    _check(series, categories)
    largest = max((v or 0 for s in series for v in s.values), default=0)
    frame = _frame(chart_id, title, categories, series, largest, RIGHT_LINE, unit, fixed_max)
    left, right = float(frame["left"]), float(frame["plot_right"])  # type: ignore[arg-type]
    top, bottom = float(frame["plot_top"]), float(frame["plot_bottom"])  # type: ignore[arg-type]
    axis_max = float(frame["axis_max"])  # type: ignore[arg-type]
    band = (right - left) / max(len(categories), 1)
    drafts = []
    for s_index, s in enumerate(series):
        style = _style(s_index)
        points: list[Point] = []
        segments: list[str] = []
        run: list[str] = []
        for i, value in enumerate(s.values):
            if value is None:
                if run:
                    segments.append(" ".join(run))
                run = []
                continue
            x, y = left + band * (i + 0.5), _y(min(value, axis_max), axis_max, top, bottom)
            points.append(Point(x, y, value, marker_path(style.marker, x, y)))
            run.append(f"{x:.1f},{y:.1f}")
        if run:
            segments.append(" ".join(run))
        name = s.name if len(s.name) <= LABEL_CHARS else s.name[: LABEL_CHARS - 1] + "…"
        last = points[-1] if points else None
        label = f"{name} {_format(last.value, unit)}" if last else f"{name} (none)"
        drafts.append((s_index, s, style, tuple(segments), tuple(points), label, last))
    label_ys = _spread([d[6].y + 4 if d[6] else bottom for d in drafts], top + 4, bottom + 4)
    lines = tuple(
        Line(s_index, s.name, style, segments, points, label, label_y, right + 22)
        for (s_index, s, style, segments, points, label, _), label_y in zip(
            drafts, label_ys, strict=True
        )
    )
    names = tuple(full_categories or categories)
    chart = Chart(kind="line", lines=lines, summary="", **frame)  # type: ignore[arg-type]
    chart.categories = names
    chart.summary = _line_summary(chart)
    return chart


def _line_summary(chart: Chart) -> str:
    span = _span(chart.categories)
    known = [(s, [(i, v) for i, v in enumerate(s.values) if v is not None]) for s in chart.series]
    if not any(values for _, values in known):
        return f"Line chart: {chart.title}, {span}. Nothing to show yet."
    parts = []
    for s, values in known:
        if not values:
            parts.append(f"{s.name}: no figures")
            continue
        (first_i, first), (last_i, last) = values[0], values[-1]
        if first_i == last_i:
            parts.append(f"{s.name}: {_format(last, chart.unit)} in {chart.categories[last_i]}")
            continue
        parts.append(
            f"{s.name}: {_format(first, chart.unit)} in {chart.categories[first_i]}, "
            f"{_format(last, chart.unit)} in {chart.categories[last_i]}"
        )
    return (
        f"Line chart: {chart.title}, {span}. " + "; ".join(parts) + ". "
        "The table below gives every figure."
    )
