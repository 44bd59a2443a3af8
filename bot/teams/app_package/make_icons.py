"""Draw the two Teams app icons (no image library needed):
`python bot/teams/app_package/make_icons.py`.

color.png: 192x192, white rising bars on the brand green. outline.png: 32x32, the same
bars in white on a transparent background, as Teams requires for the outline icon.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

GREEN = (46, 125, 91, 255)
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)


def bars(size: int, margin: int) -> list[tuple[int, int, int, int]]:
    """Three rising bars (x0, y0, x1, y1) inside a size x size square."""
    inner = size - 2 * margin
    gap = inner // 9
    width = (inner - 2 * gap) // 3
    boxes = []
    for index, height in enumerate((0.45, 0.7, 1.0)):
        x0 = margin + index * (width + gap)
        boxes.append((x0, margin + round(inner * (1 - height)), x0 + width, size - margin))
    return boxes


def draw(size: int, margin: int, background: tuple) -> list[list[tuple]]:
    pixels = [[background] * size for _ in range(size)]
    for x0, y0, x1, y1 in bars(size, margin):
        for y in range(y0, y1):
            for x in range(x0, x1):
                pixels[y][x] = WHITE
    return pixels


def png(pixels: list[list[tuple]]) -> bytes:
    height, width = len(pixels), len(pixels[0])
    raw = b"".join(b"\x00" + bytes(c for pixel in row for c in pixel) for row in pixels)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def main() -> None:
    here = Path(__file__).parent
    (here / "color.png").write_bytes(png(draw(192, 40, GREEN)))
    (here / "outline.png").write_bytes(png(draw(32, 4, CLEAR)))


if __name__ == "__main__":
    main()
