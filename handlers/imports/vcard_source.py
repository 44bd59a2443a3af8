"""vCards (.vcf, one or many per file) read with vobject, one card at a time so a bad
card is refused by its line and the others still read."""

from __future__ import annotations

import re

from handlers.imports.cleaning import row_from
from handlers.imports.decoding import decode
from handlers.imports.rows import ImportFailed, ImportRow, Refusal, SourceRead

_BEGIN = re.compile(r"^BEGIN:VCARD\s*$", re.IGNORECASE)
_END = re.compile(r"^END:VCARD\s*$", re.IGNORECASE)


def _cards(text: str) -> list[tuple[int, str]]:
    """(line where the card begins, its text) for each BEGIN…END block."""
    cards, start, lines = [], None, []
    for number, line in enumerate(text.splitlines(), start=1):
        if _BEGIN.match(line):
            start, lines = number, [line]
        elif start is not None:
            lines.append(line)
            if _END.match(line):
                cards.append((start, "\r\n".join(lines) + "\r\n"))
                start = None
    return cards


def _value(card, name: str) -> str:
    item = getattr(card, name, None)
    value = item.value if item is not None else ""
    if isinstance(value, list):  # ORG is "company;department"
        value = value[0] if value else ""
    return str(value or "")


def _cells(card) -> dict[str, str]:
    name = _value(card, "fn")
    if not name.strip() and getattr(card, "n", None) is not None:
        parts = card.n.value
        name = " ".join(str(p) for p in (parts.given, parts.family) if p)
    return {
        "name": name,
        "email": _value(card, "email"),
        "company": _value(card, "org"),
        "role": _value(card, "title"),
    }


def read_vcards(data: bytes) -> SourceRead:
    import vobject  # only an import of a .vcf pays for it

    text, encoding_note = decode(data)
    cards = _cards(text)
    if not cards:
        raise ImportFailed("no vCard in the file (no BEGIN:VCARD … END:VCARD)")
    read = SourceRead("vCard")
    if encoding_note:
        read.notes.append(encoding_note)
    for line, block in cards:
        try:
            card = vobject.readOne(block)
        except Exception as exc:  # vobject raises ParseError and plain ValueErrors
            reason = str(exc).splitlines()[0][:100] if str(exc) else type(exc).__name__
            read.refused.append(Refusal(line, f"not a readable vCard: {reason}"))
            continue
        row = row_from(line, _cells(card))
        if isinstance(row, ImportRow):
            read.rows.append(row)
        else:
            read.refused.append(row)
    return read
