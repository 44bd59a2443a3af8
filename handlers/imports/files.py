"""One entry for a file: read it by its kind (vCard or CSV), then plan it against the
workspace the unit of work is bound to."""

from __future__ import annotations

from collections.abc import Callable

from handlers.imports.csv_source import read_csv
from handlers.imports.plan import Plan, build_plan
from handlers.imports.rows import SourceRead
from handlers.imports.vcard_source import read_vcards
from storage.unit_of_work import UnitOfWork

VCARD_SUFFIXES = (".vcf", ".vcard")


def read_file(name: str, data: bytes, mapping: dict[str, str] | None = None) -> SourceRead:
    """ImportFailed when the file as a whole cannot be read."""
    if name.casefold().endswith(VCARD_SUFFIXES) or data.lstrip()[:11].upper() == b"BEGIN:VCARD":
        return read_vcards(data)
    return read_csv(data, mapping)


def plan_import(
    uow: UnitOfWork, read: SourceRead, progress: Callable[[int], None] | None = None
) -> Plan:
    """The plan against the saved contacts and companies (uow bound to the workspace)."""
    repo = uow.contact_imports
    return build_plan(read, repo.contacts(), repo.companies(), progress)
