"""Keeping a message under Teams' size limit.

Teams refuses a message whose whole activity, as sent, is over about 28 KB, so that is
what is measured: the card inside its activity, serialized the way botbuilder sends it
(msrest's `json.dumps`, non-ASCII as \\u escapes). A card that is too big first has its
images recompressed (nothing is lost), then long texts cut and trailing lines dropped,
then images left out; the "shortened" line is added only when something was cut.
"""

from __future__ import annotations

import base64
import binascii
import copy
import io
import json
from collections.abc import Iterator

MAX_PAYLOAD_BYTES = 28_000
# Room for what botbuilder fills in when it sends (from, recipient, conversation,
# serviceUrl) when the caller could not include it; a team channel's ids run long.
ENVELOPE_BYTES = 1_500
SHORT_TEXT = 300
SHORTENED = "…shortened to fit in Teams; ask for less (e.g. `history Jane Doe 10`)."
IMAGE_LEFT_OUT = "({alt}: too large to show in Teams.)"
PNG_DATA = "data:image/png;base64,"


def payload_bytes(body: object) -> int:
    """Bytes of `body` as botbuilder puts it on the wire."""
    return len(json.dumps(body).encode("ascii"))


def fit(card: dict, room: int) -> dict:
    """`card` itself when it takes at most `room` bytes; else a smaller copy."""
    if payload_bytes(card) <= room:
        return card
    card = copy.deepcopy(card)
    for element in _elements(card["body"]):
        _recompress(element)
    if payload_bytes(card) <= room:
        return card
    notice = {"type": "TextBlock", "text": SHORTENED, "wrap": True}
    room -= payload_bytes(notice) + 2  # the notice and its separator go in as well
    cut = False
    for element in _elements(card["body"]):
        cut = _shorten(element) or cut
    # Inputs and buttons carry the card's meaning; only plain lines may be dropped.
    while payload_bytes(card) > room:
        droppable = [
            i for i, e in enumerate(card["body"]) if e.get("type") == "TextBlock" and i > 0
        ]
        if not droppable:
            break
        del card["body"][droppable[-1]]
        cut = True
    if payload_bytes(card) > room:
        cut = _leave_out_images(card["body"]) or cut
    if cut:
        position = next(
            (i for i, e in enumerate(card["body"]) if e.get("type") == "ActionSet"),
            len(card["body"]),
        )
        card["body"].insert(position, notice)
    return card


def _elements(items: list[dict]) -> Iterator[dict]:
    """Every element, containers' items included, outermost first."""
    for element in items:
        yield element
        yield from _elements(element.get("items", ()))


def _recompress(element: dict) -> None:
    """A chart as a 256-colour PNG: the same picture at about a third of the bytes."""
    if element.get("type") != "Image" or not element.get("url", "").startswith(PNG_DATA):
        return
    try:
        data = base64.b64decode(element["url"][len(PNG_DATA) :], validate=True)
    except (binascii.Error, ValueError):
        return
    smaller = palette_png(data)
    if smaller is not None and len(smaller) < len(data):
        element["url"] = PNG_DATA + base64.b64encode(smaller).decode("ascii")


def palette_png(data: bytes) -> bytes | None:
    """`data` (a PNG) with its colours reduced to a palette, or None if it cannot be read."""
    # Imported here: only an oversized card needs it (Pillow comes with matplotlib).
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            out = io.BytesIO()
            image.quantize(colors=256).save(out, format="PNG", optimize=True)
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    return out.getvalue()


def _shorten(element: dict) -> bool:
    """Cut the element's long texts; whether there were any."""
    cut = False
    if element.get("type") == "TextBlock" and len(element["text"]) > SHORT_TEXT:
        element["text"] = element["text"][: SHORT_TEXT - 1] + "…"
        cut = True
    for fact in element.get("facts", ()):
        if len(fact["value"]) > SHORT_TEXT:
            fact["value"] = fact["value"][: SHORT_TEXT - 1] + "…"
            cut = True
    return cut


def _leave_out_images(items: list[dict]) -> bool:
    """Replace each image by a line naming it; whether there were any."""
    cut = False
    for index, element in enumerate(items):
        if element.get("type") == "Image":
            text = IMAGE_LEFT_OUT.format(alt=element.get("altText") or "The picture")
            items[index] = {"type": "TextBlock", "text": text, "wrap": True}
            cut = True
        elif "items" in element:
            cut = _leave_out_images(element["items"]) or cut
    return cut
