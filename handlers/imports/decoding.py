"""Bytes to text as exports come: a BOM, UTF-8, or Latin-1 (Windows-1252) from older tools."""

from __future__ import annotations

import codecs


def decode(data: bytes) -> tuple[str, str | None]:
    """The text and a note when it was not plain UTF-8 (None when it was)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace").lstrip("\ufeff"), "read as UTF-16"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        where = data.count(b"\n", 0, exc.start) + 1
    try:  # Windows-1252 is Latin-1 with the typographic quotes where exports put them
        text = data.decode("cp1252")
        label = "Windows-1252 (Latin-1)"
    except UnicodeDecodeError:
        text, label = data.decode("latin-1"), "Latin-1"
    return text, f"not UTF-8 (first at line {where}): read as {label}"
