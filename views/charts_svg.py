"""Charts and the district map drawn as SVG on the server: no script, no library, no tiles.

Each drawing is a standalone SVG (its colours and fonts are attributes, not CSS), so the same
text is shown inline, downloaded as an .svg file and turned into a PNG by static/charts.js.
Every text is escaped. A bar or a district that narrows the search is a link to that search.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from archive.messages import N_
from forms.common import translated

from .pattern_data import Bar, Chart

COLOURS = {"abuse": "#7a1f1f", "claim": "#4a3b86"}
LIGHT = {"abuse": "#d9a3a3", "claim": "#b7acd9"}
INK, MUTED, LINE, PAPER = "#1d2329", "#4f5a65", "#d9d6cf", "#ffffff"
FONT = 'font-family="DejaVu Sans, Verdana, sans-serif"'
WIDTH = 640
OUTLINE = Path(__file__).resolve().parent.parent / "geodata" / "pakistan-outline.json"
# Balochistan's extent (longitude, latitude): the map always shows it, and widens to show any
# other district holding entries.
BALOCHISTAN = (60.8, 24.8, 70.3, 32.2)
LEGEND_HEIGHT = 60
NEIGHBOURS = [(N_("IRAN"), 61.4, 28.0), (N_("AFGHANISTAN"), 64.5, 31.3),
              (N_("Arabian Sea"), 64.6, 24.93), (N_("INDIA"), 71.5, 26.0)]  # fmt: skip
# The drawings' own words (the legends, the outline's name, what an empty chart says).
WORDS = {
    "nothing": _l("Nothing to count."),
    "day": _l("dated to the day"),
    "approximate": _l("approximate (month, year or range)"),
    "undated": _l("No dated entries."),
    "pakistan": _l("Pakistan (Natural Earth)"),
    "per_district": _l("Entries per district:"),
    "place": _l("a place in the gazetteer"),
}
# Marks a drawing's part whose words are the archive's own names (content: never translated).
NAMED = ' translate="no"'


def _said(word: str) -> str:
    """One of the drawings' own words in the reader's language, escaped for SVG."""
    return escape(str(WORDS[word]))


def _svg(chart_id: str, title: str, width: int, height: int, body: list[str]) -> Markup:
    # Drawn left to right in both languages (the axes and anchors are placed so); each text
    # runs in its own script's direction inside.
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="svg-{escape(chart_id)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="svg-{escape(chart_id)}-title" {FONT} font-size="12" direction="ltr">'
        f'<title id="svg-{escape(chart_id)}-title">{escape(title)}</title>'
        f'<rect width="{width}" height="{height}" fill="{PAPER}"/>'
    )
    return Markup(head + "".join(body) + "</svg>")


def _link(href: str | None, inner: str, label: str, named: bool = False) -> str:
    """`inner` with `label` said on hover and to screen readers; a link when `href`.
    `named`: the label holds the archive's own names (content)."""
    mark = NAMED if named else ""
    if not href:
        return f"<g{mark}><title>{escape(label)}</title>{inner}</g>"
    said = escape(label)
    return f'<a href="{escape(href)}" aria-label="{said}"{mark}><title>{said}</title>{inner}</a>'


def draw(chart: Chart, title: str) -> Markup:
    """The chart as SVG, whatever its shape."""
    if chart.shape == "timeline":
        return timeline_svg(chart, title)
    return bars_svg(chart, title)


def bars_svg(chart: Chart, title: str) -> Markup:
    """Horizontal bars, the label on the left and the number (or the total in words) after."""
    colour = COLOURS[chart.category]
    label_width, row, top = 210, 22, 8
    figures = chart.shape == "figures"
    room = WIDTH - label_width - (190 if figures else 60)
    most = max((b.count for b in chart.bars), default=0) or 1
    body = []
    for n, bar in enumerate(chart.bars):
        y = top + n * row
        length = max(1.0, room * bar.count / most) if bar.count else 0
        value = bar.text if figures else format_decimal(bar.count)
        mark = NAMED if bar.named else ""
        inner = (
            f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end" fill="{INK}"{mark}>'
            f"{escape(_short(bar.label, 32))}</text>"
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{row - 6}" '
            f'fill="{colour}"/>'
            f'<text x="{label_width + length + 5:.1f}" y="{y + 14}" fill="{INK}">'
            f"{escape(_short(value, 40))}</text>"
        )
        said = _("%(label)s: %(value)s", label=bar.label, value=value)
        body.append(_link(bar.href, inner, said, bar.named))
    if not chart.bars:
        body.append(f'<text x="10" y="20" fill="{MUTED}">{_said("nothing")}</text>')
    height = top * 2 + max(1, len(chart.bars)) * row
    return _svg(chart.chart_id, title, WIDTH, height, body)


def timeline_svg(chart: Chart, title: str) -> Markup:
    """Columns per period: dark for entries dated to the day, light for those dated only to a
    month, a year or a range inside the period (approximate)."""
    colour, light = COLOURS[chart.category], LIGHT[chart.category]
    left, top, plot_h, bottom = 40, 28, 160, 40
    bars = chart.bars
    step = (WIDTH - left - 10) / max(1, len(bars))
    most = max((b.count for b in bars), default=0) or 1
    body = [
        f'<rect x="{left}" y="6" width="10" height="10" fill="{colour}"/>'
        f'<text x="{left + 14}" y="15" fill="{INK}">{_said("day")}</text>'
        f'<rect x="{left + 130}" y="6" width="10" height="10" fill="{light}"/>'
        f'<text x="{left + 144}" y="15" fill="{INK}">'
        f"{_said('approximate')}</text>",
        f'<line x1="{left}" y1="{top + plot_h}" x2="{WIDTH - 10}" y2="{top + plot_h}" '
        f'stroke="{MUTED}"/>',
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end" fill="{MUTED}">'
        f"{format_decimal(most)}</text>",
        f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end" fill="{MUTED}">'
        f"{format_decimal(0)}</text>",
    ]
    every = max(1, math.ceil(len(bars) / 12))
    for n, bar in enumerate(bars):
        x = left + n * step
        whole = plot_h * bar.count / most
        loose = plot_h * bar.approximate / most
        inner = (
            f'<rect x="{x + 1:.1f}" y="{top + plot_h - whole:.1f}" width="{max(1, step - 2):.1f}" '
            f'height="{whole - loose:.1f}" fill="{colour}"/>'
            f'<rect x="{x + 1:.1f}" y="{top + plot_h - loose:.1f}" '
            f'width="{max(1, step - 2):.1f}" height="{loose:.1f}" fill="{light}"/>'
            f'<rect x="{x:.1f}" y="{top}" width="{step:.1f}" height="{plot_h}" fill="none" '
            f'pointer-events="all"/>'
        )
        said = _("%(label)s: %(value)s", label=bar.label, value=format_decimal(bar.count))
        if bar.approximate:
            said = _("%(label)s: %(value)s, %(approximate)s of them approximate",
                     label=bar.label, value=format_decimal(bar.count),
                     approximate=format_decimal(bar.approximate))  # fmt: skip
        body.append(_link(bar.href if bar.count else None, inner, said))
        if n % every == 0:
            body.append(
                f'<text x="{x + step / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
                f'fill="{INK}" font-size="11">{escape(bar.label)}</text>'
            )
    if not bars:
        body.append(f'<text x="{left}" y="{top + 20}" fill="{MUTED}">{_said("undated")}</text>')
    return _svg(chart.chart_id, title, WIDTH, top + plot_h + bottom, body)


def _short(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


@lru_cache(maxsize=1)
def outline() -> list[list[list[float]]]:
    """Pakistan's outline (Natural Earth, public domain; geodata/README.md), as rings."""
    return json.loads(OUTLINE.read_text())["rings"]


def district_map(
    kind: str,
    title: str,
    counts: list[tuple[dict[str, Any], int, str]],
    places: list[dict[str, Any]],
) -> Markup:
    """Districts holding entries as circles at their headquarters, their area by count, each a
    link to the search narrowed to it; the gazetteer's places as small grey points; a legend.

    `counts` holds (district with coordinates, count, link) for the districts to mark.
    """
    frame = _frame([(d["longitude"], d["latitude"]) for d, _, _ in counts])
    project, height = _projection(frame)
    colour = COLOURS[kind]
    body = [_outline_path(project), _neighbours(project, height)]
    for place in places:
        x, y = project(place["longitude"], place["latitude"])
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.8" fill="{MUTED}"{NAMED}>'
            f"<title>{escape(place['name'])} ({escape(place['district'])})</title></circle>"
        )
    most = max((n for _, n, _ in counts), default=0) or 1
    for district, count, href in sorted(counts, key=lambda item: -item[1]):
        x, y = project(district["longitude"], district["latitude"])
        radius = 4 + 22 * math.sqrt(count / most)
        inner = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{colour}" '
            f'fill-opacity="0.55" stroke="{colour}" stroke-width="1.5"/>'
            f'<text x="{x:.1f}" y="{y - radius - 3:.1f}" text-anchor="middle" fill="{INK}" '
            f'font-size="11">{escape(district["name"])} {format_decimal(count)}</text>'
        )
        said = _("%(label)s: %(value)s", label=district["name"], value=format_decimal(count))
        body.append(_link(href, inner, said, named=True))
    body.append(_legend(colour, most, height))
    return _svg(f"{kind}-map", title, WIDTH, height + LEGEND_HEIGHT, body)


def _neighbours(project, height: int) -> str:
    """Names around Pakistan, for orientation (where the frame shows them)."""
    parts = []
    for name, lon, lat in NEIGHBOURS:
        x, y = project(lon, lat)
        if 40 < x < WIDTH - 40 and 15 < y < height - 10:
            parts.append(
                f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" fill="{MUTED}" '
                f'font-style="italic">{escape(translated(name))}</text>'
            )
    return "".join(parts)


def _frame(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    west, south, east, north = BALOCHISTAN
    for lon, lat in points:
        west, east = min(west, lon - 0.6), max(east, lon + 0.6)
        south, north = min(south, lat - 0.6), max(north, lat + 0.6)
    return west, south, east, north


def _projection(frame: tuple[float, float, float, float]):
    """Equirectangular, with longitudes narrowed by the cosine of the middle latitude: true to
    shape at this size, and needing no library."""
    west, south, east, north = frame
    squeeze = math.cos(math.radians((south + north) / 2))
    scale = (WIDTH - 20) / ((east - west) * squeeze)
    height = round((north - south) * scale) + 20

    def project(lon: float, lat: float) -> tuple[float, float]:
        return 10 + (lon - west) * squeeze * scale, 10 + (north - lat) * scale

    return project, height


def _outline_path(project) -> str:
    parts = []
    for ring in outline():
        points = [project(lon, lat) for lon, lat in ring]
        parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
    return (
        f'<path d="{"".join(parts)}" fill="#f1efe9" stroke="{MUTED}" stroke-width="1">'
        f"<title>{_said('pakistan')}</title></path>"
    )


def _legend(colour: str, most: int, top: int) -> str:
    """The circles' sizes as drawn (area by count), and what a grey point is."""
    middle = top + LEGEND_HEIGHT / 2
    parts = [
        f'<rect x="0" y="{top}" width="{WIDTH}" height="{LEGEND_HEIGHT}" fill="{PAPER}"/>'
        f'<line x1="0" y1="{top}" x2="{WIDTH}" y2="{top}" stroke="{LINE}"/>'
        f'<text x="10" y="{middle + 4}" fill="{INK}">{_said("per_district")}</text>'
    ]
    x = 150.0
    for value in sorted({most, max(1, most // 2), 1}, reverse=True):
        radius = 4 + 22 * math.sqrt(value / most)
        parts.append(
            f'<circle cx="{x + radius:.1f}" cy="{middle}" r="{radius:.1f}" fill="{colour}" '
            f'fill-opacity="0.55" stroke="{colour}"/>'
            f'<text x="{x + 2 * radius + 4:.1f}" y="{middle + 4}" fill="{INK}">'
            f"{format_decimal(value)}</text>"
        )
        x += 2 * radius + 44
    parts.append(
        f'<circle cx="{x + 6:.1f}" cy="{middle}" r="2" fill="{MUTED}"/>'
        f'<text x="{x + 14:.1f}" y="{middle + 4}" fill="{INK}">'
        f"{_said('place')}</text>"
    )
    return "".join(parts)


__all__ = ["Bar", "district_map", "draw", "outline"]
