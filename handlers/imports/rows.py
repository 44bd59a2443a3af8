"""What a file's rows become before matching: one neutral row per person, or a refusal."""

from __future__ import annotations

from dataclasses import dataclass, field


class ImportFailed(ValueError):
    """The whole file cannot be read (not a CSV, no name column, …): nothing is imported."""


@dataclass(frozen=True)
class ImportRow:
    """One person as the file gives them; `line` is where the row starts in the file."""

    line: int
    name: str
    email: str | None = None
    company: str | None = None
    role: str | None = None
    function: str | None = None
    reports_to: str | None = None


@dataclass(frozen=True)
class Refusal:
    line: int
    reason: str


@dataclass
class SourceRead:
    """Rows read from one file, the lines refused on reading, and notes on the whole file."""

    kind: str  # "HubSpot", "Salesforce", "mapped CSV", "vCard"
    rows: list[ImportRow] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
