"""Small server-side SVG charts for the PDFs: no JavaScript, no fonts or files to fetch.

`criterion_bars` draws one horizontal bar per criterion on a 0..100 scale (the candidate's
score) with a marker at the group's median, the label above each bar so long Indonesian
criterion names need no truncation. The SVG is returned as markup to be placed inline in the
HTML that WeasyPrint renders; every text is escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from paritrana.reports.numbers import decimal_id

WIDTH = 640
LEFT = 4
TRACK = 500  # width of the 0..100 track
ROW = 34  # height of one criterion: label line and bar
BAR = 12
TOP = 30  # room for the legend
AXIS = 24  # room for the tick labels
CANDIDATE = "#1f4e79"
MEDIAN = "#c0392b"
TRACK_FILL = "#e8ecf1"
GRID = "#b8c2cc"
FONT = "DejaVu Sans, Liberation Sans, sans-serif"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # 0..100, None: no score
    median: float | None  # the group's median on the same criterion


def _x(value: float) -> float:
    return LEFT + TRACK * max(0.0, min(100.0, value)) / 100


def _text(x: float, y: float, text: str, *, size: int = 11, **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}"{extra}>{escape(text)}</text>'


def _legend(candidate: str, median: str) -> list[str]:
    return [
        f'<rect x="{LEFT}" y="6" width="14" height="10" fill="{CANDIDATE}"/>',
        _text(LEFT + 20, 15, candidate, size=10),
        f'<line x1="{LEFT + 260}" y1="4" x2="{LEFT + 260}" y2="18" stroke="{MEDIAN}" '
        'stroke-width="2.5"/>',
        _text(LEFT + 268, 15, median, size=10),
    ]


def _grid(height: float) -> list[str]:
    parts = []
    for tick in (0, 25, 50, 75, 100):
        x = _x(tick)
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 4}" x2="{x:.1f}" y2="{height - AXIS + 4}" '
            f'stroke="{GRID}" stroke-width="0.6" stroke-dasharray="2,2"/>'
        )
        parts.append(
            _text(x, height - AXIS + 16, str(tick), size=9, text_anchor="middle", fill="#555")
        )
    return parts


def _row(index: int, bar: Bar, missing: str) -> list[str]:
    y = TOP + index * ROW
    bar_y = y + 16
    parts = [
        _text(LEFT, y + 11, bar.label, size=10.5),
        f'<rect x="{LEFT}" y="{bar_y}" width="{TRACK}" height="{BAR}" fill="{TRACK_FILL}"/>',
    ]
    if bar.value is None:
        parts.append(_text(LEFT + 6, bar_y + 10, missing, size=9, fill="#555", font_style="italic"))
    else:
        width = _x(bar.value) - LEFT
        parts.append(
            f'<rect x="{LEFT}" y="{bar_y}" width="{width:.1f}" height="{BAR}" fill="{CANDIDATE}"/>'
        )
    if bar.median is not None:
        x = _x(bar.median)
        parts.append(
            f'<line x1="{x:.1f}" y1="{bar_y - 3}" x2="{x:.1f}" y2="{bar_y + BAR + 3}" '
            f'stroke="{MEDIAN}" stroke-width="2.5"/>'
        )
    value = decimal_id(bar.value, 1)
    median = decimal_id(bar.median, 1)
    parts.append(
        _text(LEFT + TRACK + 10, bar_y + 10, value, size=10.5, font_weight="bold", fill=CANDIDATE)
    )
    parts.append(_text(LEFT + TRACK + 52, bar_y + 10, f"({median})", size=9.5, fill=MEDIAN))
    return parts


def criterion_bars(
    bars: Sequence[Bar],
    *,
    candidate_label: str,
    median_label: str,
    missing_label: str = "-",
    title: str = "",
) -> str:
    """An SVG chart (markup) of criterion scores 0..100 against the group's medians."""
    height = TOP + ROW * len(bars) + AXIS
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="{FONT}" role="img" '
        f'aria-label="{escape(title or candidate_label)}">',
        *_legend(candidate_label, median_label),
        *_grid(height),
    ]
    for index, bar in enumerate(bars):
        parts.extend(_row(index, bar, missing_label))
    parts.append("</svg>")
    return "".join(parts)
