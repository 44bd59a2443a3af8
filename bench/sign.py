"""The sign reader against the labelled corpus: a confusion table per part.

`python -m bench sign` prints the tables for the tuned and held-out parts and the whole
corpus; `tests/unit/test_sign_corpus.py` holds the reader to the same figures.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from handlers.ledger.sentiment import SignReader, SignReading

CORPUS = Path(__file__).parent.parent / "tests" / "data" / "sign_corpus.csv"
LABELS = ("credit", "debit", "unclear")
SIGN_LABEL = {1: "credit", -1: "debit", None: "unclear"}
WRONG_SIGN_LIMIT = 0.03  # a credit read as debit or the reverse, or a sign for an unclear note
UNCLEAR_LIMIT = 0.15  # read as unclear: the rep is asked


@dataclass(frozen=True)
class Note:
    label: str
    topic: str
    part: str
    text: str


@dataclass
class Table:
    """Counts of (label, reading); a reading is one of LABELS."""

    name: str
    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    misses: list[tuple[Note, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def add(self, note: Note, reading: str) -> None:
        key = (note.label, reading)
        self.counts[key] = self.counts.get(key, 0) + 1
        if reading != note.label:
            self.misses.append((note, reading))

    @property
    def wrong_sign(self) -> int:
        """Readings that book the wrong way: never asked, and not what the note says."""
        return sum(n for (label, read), n in self.counts.items() if read not in ("unclear", label))

    @property
    def unclear(self) -> int:
        return sum(n for (_, read), n in self.counts.items() if read == "unclear")

    def rate(self, count: int) -> float:
        return count / self.total if self.total else 0.0

    def over_limits(self) -> list[str]:
        """What this table breaks, in words; empty when within both limits."""
        broken = []
        if self.rate(self.wrong_sign) > WRONG_SIGN_LIMIT:
            broken.append(f"{self.name}: wrong sign on {self.rate(self.wrong_sign):.1%}")
        if self.rate(self.unclear) > UNCLEAR_LIMIT:
            broken.append(f"{self.name}: unclear on {self.rate(self.unclear):.1%}")
        return broken

    def lines(self) -> list[str]:
        head = f"| {self.name} ({self.total}) | read credit | read debit | read unclear |"
        out = [head, "|---|---:|---:|---:|"]
        for label in LABELS:
            cells = " | ".join(str(self.counts.get((label, read), 0)) for read in LABELS)
            out.append(f"| labelled {label} | {cells} |")
        out.append("")
        out.append(
            f"Wrong sign: {self.wrong_sign} ({self.rate(self.wrong_sign):.1%}, limit "
            f"{WRONG_SIGN_LIMIT:.0%}) · unclear: {self.unclear} ({self.rate(self.unclear):.1%}, "
            f"limit {UNCLEAR_LIMIT:.0%})"
        )
        return out


def load(path: Path = CORPUS) -> list[Note]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [Note(r["label"], r["topic"], r["part"], r["note"]) for r in csv.DictReader(handle)]


class Reader(Protocol):
    def read(self, text: str) -> SignReading: ...


def measure(notes: Iterable[Note], name: str, reader: Reader | None = None) -> Table:
    reader = reader or SignReader()
    table = Table(name)
    for note in notes:
        table.add(note, SIGN_LABEL[reader.read(note.text).sign])
    return table


def tables(notes: list[Note], reader: Reader | None = None) -> list[Table]:
    """One table per part present (a held-out set joins the tuned part once it has been
    measured, so between sets there is none), then the whole corpus."""
    reader = reader or SignReader()
    parts = [
        measure([n for n in notes if n.part == part], part, reader)
        for part in ("tuned", "held-out")
        if any(n.part == part for n in notes)
    ]
    return [*parts, measure(notes, "all", reader)]


def run(_kinds: list[str]) -> dict:
    """The bench suite: prints the tables and the misses; the database kinds do not apply."""
    results = {}
    for table in tables(load()):
        print("\n".join(table.lines()), end="\n\n")
        if table.name != "all":
            for note, read in table.misses:
                print(f"  {table.name}: {note.label} read as {read}: {note.text}")
            print()
        results[table.name] = {
            "notes": table.total,
            "wrong_sign": table.wrong_sign,
            "unclear": table.unclear,
            "table": {f"{label}->{read}": n for (label, read), n in sorted(table.counts.items())},
        }
    return results
