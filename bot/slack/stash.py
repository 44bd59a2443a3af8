"""Text kept server-side so that buttons and options carry short keys, never user text.

Slack refuses a button value over 2,000 characters and cuts option values at 150, while
a rep may type a longer note or contact name. A key stands in for the text; this
process remembers what each key stood for (bounded, oldest forgotten first). A key
from before a restart is not found; callers fall back to what can be rebuilt.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import OrderedDict
from typing import Generic, TypeVar

T = TypeVar("T")
CAPACITY = 10_000
OPTION_PREFIX = "o:"  # an option key: the same label always gets the same key


def option_key(label: str) -> str:
    """A stable key for an option's label (so every process renders the same value)."""
    return OPTION_PREFIX + hashlib.sha256(label.encode("utf-8")).hexdigest()[:20]


def new_token() -> str:
    return secrets.token_urlsafe(12)


class Stash(Generic[T]):
    def __init__(self, capacity: int = CAPACITY) -> None:
        self._capacity = capacity
        self._items: OrderedDict[str, T] = OrderedDict()

    def put(self, key: str, item: T) -> str:
        self._items[key] = item
        self._items.move_to_end(key)
        while len(self._items) > self._capacity:
            self._items.popitem(last=False)
        return key

    def get(self, key: str) -> T | None:
        return self._items.get(key)
