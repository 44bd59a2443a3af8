"""Keeping a card under Teams' message size limit (about 28 KB; larger sends are refused)."""

from __future__ import annotations

import copy
import json

MAX_CARD_BYTES = 24_000  # leaves room for the Activity envelope around the card
SHORT_TEXT = 300
SHORTENED = "…shortened to fit in Teams; ask for less (e.g. `history Jane Doe 10`)."


def size_of(card: dict) -> int:
    return len(json.dumps(card, ensure_ascii=False).encode("utf-8"))


def fit(card: dict, limit: int = MAX_CARD_BYTES) -> dict:
    """`card` itself when small enough; else long texts cut, then trailing lines dropped."""
    if size_of(card) <= limit:
        return card
    card = copy.deepcopy(card)
    for element in card["body"]:
        _shorten(element)
    # Inputs and buttons carry the card's meaning; only plain lines may be dropped.
    while size_of(card) > limit:
        droppable = [
            i for i, e in enumerate(card["body"]) if e.get("type") == "TextBlock" and i > 0
        ]
        if not droppable:
            break
        del card["body"][droppable[-1]]
    position = next(
        (i for i, e in enumerate(card["body"]) if e.get("type") == "ActionSet"),
        len(card["body"]),
    )
    card["body"].insert(position, {"type": "TextBlock", "text": SHORTENED, "wrap": True})
    return card


def _shorten(element: dict) -> None:
    if element.get("type") == "TextBlock" and len(element["text"]) > SHORT_TEXT:
        element["text"] = element["text"][: SHORT_TEXT - 1] + "…"
    for fact in element.get("facts", ()):
        if len(fact["value"]) > SHORT_TEXT:
            fact["value"] = fact["value"][: SHORT_TEXT - 1] + "…"
    for item in element.get("items", ()):
        _shorten(item)
