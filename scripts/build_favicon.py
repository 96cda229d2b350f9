#!/usr/bin/env python3
"""Draw the site's icon (a shield with a P, in the site's green) into the static folder.

    python scripts/build_favicon.py

Writes src/paritrana/web/static/web/favicon.svg (the drawing itself), favicon.ico (PNG images
of 16, 32 and 48 pixels, for /favicon.ico and browsers without SVG icons) and
apple-touch-icon.png (180 pixels). No imaging library: the shapes are rasterised here with 4x4
supersampling and written with zlib, so the output is deterministic. Our own drawing, no
third-party art.
"""

from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "paritrana" / "web" / "static" / "web"
GREEN = (0x0B, 0x6E, 0x4F)  # --accent in paritrana.css
WHITE = (0xFF, 0xFF, 0xFF)

# On a 32 x 32 grid. The shield: flat top corners, curved sides meeting in a point.
SHIELD_PATH = "M16 1.5 28 5.5V15C28 22.5 22.5 27.8 16 30.5 9.5 27.8 4 22.5 4 15V5.5Z"
# The P: a stem and a bowl (a half ring), cut out with the even-odd rule.
P_PATH = (
    "M11.5 8.5H17.5A4.75 4.75 0 0 1 17.5 18H14.5V23.5H11.5Z"
    "M14.5 11.2V15.3H17.5A2.05 2.05 0 0 0 17.5 11.2Z"
)

SVG = f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="32" height="32">
<title>Paritrana</title>
<path fill="#{"".join(f"{c:02x}" for c in GREEN)}" d="{SHIELD_PATH}"/>
<path fill="#fff" fill-rule="evenodd" d="{P_PATH}"/>
</svg>
"""


def _cubic(p0, p1, p2, p3, steps=24):
    for i in range(1, steps + 1):
        t = i / steps
        u = 1 - t
        yield (
            u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
            u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
        )


def _shield() -> list[tuple[float, float]]:
    points = [(16.0, 1.5), (28.0, 5.5), (28.0, 15.0)]
    points += _cubic((28, 15), (28, 22.5), (22.5, 27.8), (16, 30.5))
    points += _cubic((16, 30.5), (9.5, 27.8), (4, 22.5), (4, 15))
    points += [(4.0, 5.5)]
    return points


def _half_circle(cx: float, cy: float, r: float, clockwise: bool, steps=32):
    """From the top of the circle to its bottom (or back) along its right half."""
    angles = [-math.pi / 2 + math.pi * i / steps for i in range(steps + 1)]
    if not clockwise:
        angles.reverse()
    return [(cx + r * math.cos(a), cy + r * math.sin(a)) for a in angles]


def _p_outer() -> list[tuple[float, float]]:
    return [
        (11.5, 8.5),
        *_half_circle(17.5, 13.25, 4.75, True),
        (14.5, 18),
        (14.5, 23.5),
        (11.5, 23.5),
    ]


def _p_hole() -> list[tuple[float, float]]:
    return [(14.5, 11.2), (14.5, 15.3), *_half_circle(17.5, 13.25, 2.05, False)]


def _inside(polygon: list[tuple[float, float]], x: float, y: float) -> bool:
    inside = False
    j = len(polygon) - 1
    for i, (xi, yi) in enumerate(polygon):
        xj, yj = polygon[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def rasterise(size: int) -> bytes:
    """RGBA rows of the icon at size x size pixels."""
    shield, outer, hole = _shield(), _p_outer(), _p_hole()
    samples = 4
    rows = bytearray()
    for py in range(size):
        rows.append(0)  # PNG filter: none
        for px in range(size):
            green = white = 0
            for sy in range(samples):
                for sx in range(samples):
                    x = (px + (sx + 0.5) / samples) * 32 / size
                    y = (py + (sy + 0.5) / samples) * 32 / size
                    if _inside(outer, x, y) and not _inside(hole, x, y):
                        white += 1
                    elif _inside(shield, x, y):
                        green += 1
            covered = green + white
            if covered == 0:
                rows += bytes(4)
                continue
            pairs = zip(GREEN, WHITE, strict=True)
            colour = [round((g * green + w * white) / covered) for g, w in pairs]
            rows += bytes([*colour, round(255 * covered / samples**2)])
    return bytes(rows)


def png(size: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rasterise(size), 9))
        + chunk(b"IEND", b"")
    )


def ico(sizes: tuple[int, ...]) -> bytes:
    """An ICO file holding one PNG image per size (read by every browser and Windows Vista+)."""
    images = [png(size) for size in sizes]
    offset = 6 + 16 * len(images)
    directory = b""
    for size, image in zip(sizes, images, strict=True):
        directory += struct.pack(
            "<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(image), offset
        )
        offset += len(image)
    return struct.pack("<HHH", 0, 1, len(images)) + directory + b"".join(images)


def main() -> None:
    (OUT / "favicon.svg").write_text(SVG, encoding="utf-8")
    (OUT / "favicon.ico").write_bytes(ico((16, 32, 48)))
    (OUT / "apple-touch-icon.png").write_bytes(png(180))
    for name in ("favicon.svg", "favicon.ico", "apple-touch-icon.png"):
        print(f"{OUT / name}: {(OUT / name).stat().st_size} bytes")


if __name__ == "__main__":
    main()
