"""Which column holds which field: a known export by its headers, or the rep's `--map`."""

from __future__ import annotations

from dataclasses import dataclass

import prompts
from handlers.imports.rows import ImportFailed


def header_key(text: str) -> str:
    return " ".join(text.replace("\ufeff", "").casefold().split())


@dataclass(frozen=True)
class ColumnMap:
    """Field → column index, and the format's label ("HubSpot", "mapped CSV")."""

    label: str
    index: dict[str, int]


def fields() -> list[str]:
    return list(prompts.load("imports")["fields"])


def parse_map(text: str) -> dict[str, str]:
    """`name=Full Name,email=E-mail` → {"name": "Full Name", "email": "E-mail"}."""
    mapping: dict[str, str] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        field, equals, header = part.partition("=")
        field = field.strip().casefold().replace("-", "_").replace(" ", "_")
        if not equals or not header.strip():
            raise ImportFailed(f"--map takes field=Header pairs, e.g. name=Full Name; not {part!r}")
        if field not in fields():
            raise ImportFailed(
                f"--map: {field!r} is not a field (the fields: {', '.join(fields())})"
            )
        mapping[field] = header.strip()
    if not mapping:
        raise ImportFailed("--map is empty; e.g. --map name=Full Name,email=E-mail")
    return mapping


def _resolve(label: str, wanted: dict[str, str], header: list[str], strict: bool) -> ColumnMap:
    positions = {}
    for i, name in enumerate(header):
        positions.setdefault(header_key(name), i)
    index = {}
    for field, column in wanted.items():
        found = positions.get(header_key(column))
        if found is not None:
            index[field] = found
        elif strict:
            raise ImportFailed(
                f"--map {field}={column}: no column {column!r} in the header ({_listed(header)})"
            )
    if "name" not in index and not ({"first_name", "last_name"} & index.keys()):
        raise ImportFailed(
            f"no name column in the header ({_listed(header)}); "
            "say which with --map name=Full Name (or first_name=…,last_name=…)"
        )
    return ColumnMap(label, index)


def _listed(header: list[str]) -> str:
    shown = ", ".join(h.strip() for h in header[:12] if h.strip())
    return shown + (", …" if len(header) > 12 else "") if shown else "it is empty"


def column_map(header: list[str], mapping: dict[str, str] | None) -> ColumnMap:
    """The columns of `header`; ImportFailed saying what is missing when none fit."""
    if mapping:
        return _resolve("mapped CSV", mapping, header, strict=True)
    present = {header_key(h) for h in header}
    for spec in prompts.load("imports")["formats"].values():
        if all(header_key(h) in present for h in spec["requires"]):
            return _resolve(spec["label"], spec["columns"], header, strict=False)
    raise ImportFailed(
        f"not a HubSpot or Salesforce contact export (the header is: {_listed(header)}); "
        "say which column is which with --map name=Full Name,email=E-mail,company=Company"
    )
