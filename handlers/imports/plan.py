"""The import plan: which rows create a contact, which fill in a saved one, which change
nothing and which are refused, decided before anything is written.

A row is matched by email first, then by exact name at the same company. A close name
(or a close company name) is reported and never merged: the row is refused with the
saved name it is close to. Saved values are never overwritten: an import fills what is
blank and names what differs. Companies are placed by exact name, alias or domain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process, utils

from handlers.companies.placement import CLOSE_SCORE as CLOSE_COMPANY
from handlers.contacts.resolution import CLOSE_SCORE as CLOSE_CONTACT
from handlers.imports.rows import ImportRow, Refusal, SourceRead
from storage.contact_import import KnownCompanies, KnownContact
from storage.directory import name_key

# Fields an import may fill on a saved contact, with how the report names them.
FILLED = {"company_id": "company", "email": "email", "role": "role", "function": "function"}
PROGRESS_EVERY = 1000


@dataclass
class Update:
    line: int
    contact: KnownContact
    values: dict[str, object]
    texts: list[str]


@dataclass
class ReportingLine:
    line: int
    contact: KnownContact
    manager: KnownContact


@dataclass
class Plan:
    kind: str
    rows: int
    notes: list[str] = field(default_factory=list)
    creates: list[tuple[int, KnownContact]] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    line_notes: list[Refusal] = field(default_factory=list)
    reporting: list[ReportingLine] = field(default_factory=list)
    # New companies by placeholder id (negative, until written): -1 is new_companies[0].
    new_companies: list[str] = field(default_factory=list)
    company_names: dict[int, str] = field(default_factory=dict)

    @property
    def changes_anything(self) -> bool:
        return bool(self.creates or self.updates or self.reporting)


class _Matcher:
    """The saved contacts and companies, and the file's rows planned so far, indexed."""

    def __init__(self, plan: Plan, contacts: list[KnownContact], companies: KnownCompanies):
        self.plan = plan
        self.companies = companies
        self.by_email: dict[str, KnownContact] = {}
        self.by_name: dict[str, list[KnownContact]] = {}
        self.by_name_company: dict[tuple[str, int | None], list[KnownContact]] = {}
        self.people: dict[int | None, list[str]] = {}
        self.people_rows: dict[int | None, list[KnownContact]] = {}
        self.by_id = {c.id: c for c in contacts}
        self.line_of: dict[int, int] = {}  # id(contact) → the file line that planned or filled it
        self.company_cache: dict[str, int | Refusal] = {}
        self.new_by_key: dict[str, int] = {}
        plan.company_names.update({cid: name for cid, name in companies.names})
        for contact in contacts:
            self._index(contact)

    def _index(self, contact: KnownContact) -> None:
        if contact.email:
            self.by_email.setdefault(name_key(contact.email), contact)
        key = name_key(contact.name)
        self.by_name.setdefault(key, []).append(contact)
        self.by_name_company.setdefault((key, contact.company_id), []).append(contact)
        self.people.setdefault(contact.company_id, []).append(contact.name)
        self.people_rows.setdefault(contact.company_id, []).append(contact)

    def company(self, row: ImportRow) -> int | Refusal | None:
        if not row.company:
            if row.email:
                return self.companies.by_domain.get(row.email.rpartition("@")[2].casefold())
            return None
        key = name_key(row.company)
        cached = self.company_cache.get(key)
        if cached is not None:
            return cached if isinstance(cached, int) else Refusal(row.line, cached.reason)
        found = self.companies.by_key.get(key)
        if found is None and "." in key:
            found = self.companies.by_domain.get(key.rstrip("."))
        if found is None:
            found = self._close_company(row)
        self.company_cache[key] = found
        return found

    def _close_company(self, row: ImportRow) -> int | Refusal:
        corpus = [name for _, name in self.companies.names] + self.plan.new_companies
        close = (
            process.extractOne(
                row.company,
                corpus,
                scorer=fuzz.ratio,
                processor=utils.default_process,
                score_cutoff=CLOSE_COMPANY,
            )
            if len(row.company) >= 3 and corpus
            else None
        )
        if close is not None:
            return Refusal(
                row.line,
                f"company “{row.company}” is close to “{close[0]}”: not guessed; write it as "
                f"that name, or `company add {row.company}` first if it is another company",
            )
        self.plan.new_companies.append(row.company)
        placeholder = -len(self.plan.new_companies)
        self.plan.company_names[placeholder] = row.company
        return placeholder

    def saved(self, row: ImportRow, company_id: int | None) -> KnownContact | Refusal | None:
        """The contact the row names, by email then exact name at the company."""
        if row.email:
            found = self.by_email.get(name_key(row.email))
            if found is not None:
                return found
        key = name_key(row.name)
        same = self.by_name_company.get((key, company_id), [])
        if not same and not row.company and not row.email:
            same = self.by_name.get(key, [])  # no company given: the name alone, if unique
        if len(same) > 1:
            where = f" at {self.plan.company_names.get(company_id)}" if company_id else ""
            return Refusal(
                row.line, f"{len(same)} contacts are named {row.name}{where}: not guessed"
            )
        return same[0] if same else None

    def close_name(self, row: ImportRow, company_id: int | None) -> str | None:
        names = self.people.get(company_id)
        if not names or len(row.name) < 3:
            return None
        close = process.extractOne(
            row.name,
            names,
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            score_cutoff=CLOSE_CONTACT,
        )
        return close[0] if close else None

    def add(self, line: int, contact: KnownContact) -> None:
        self._index(contact)
        self.line_of[id(contact)] = line


def _label(plan: Plan, contact: KnownContact) -> str:
    company = plan.company_names.get(contact.company_id) if contact.company_id else None
    return f"{contact.name} ({company})" if company else contact.name


def _fill(plan: Plan, row: ImportRow, contact: KnownContact, company_id: int | None) -> Update:
    """Blank fields take the file's value; a saved value that differs is kept and named."""
    incoming = {"company_id": company_id, "email": row.email, "role": row.role}
    incoming["function"] = row.function
    values: dict[str, object] = {}
    texts: list[str] = []
    for column, value in incoming.items():
        saved = getattr(contact, column)
        if value is None or value == saved:
            continue
        if column == "email" and saved and name_key(saved) == name_key(str(value)):
            continue
        shown = plan.company_names.get(value) if column == "company_id" else value
        if saved is None:
            values[column] = value
            texts.append(f"{FILLED[column]} {shown}")
        else:
            kept = plan.company_names.get(saved) if column == "company_id" else saved
            plan.line_notes.append(
                Refusal(row.line, f"{contact.name}: keeps the saved {FILLED[column]} “{kept}” "
                        f"(the file says “{shown}”)")
            )  # fmt: skip
    for column, value in values.items():
        setattr(contact, column, value)
    return Update(row.line, contact, values, texts)


def build_plan(
    read: SourceRead,
    contacts: list[KnownContact],
    companies: KnownCompanies,
    progress: Callable[[int], None] | None = None,
) -> Plan:
    """Decide every row of `read` against the saved contacts and companies."""
    plan = Plan(read.kind, len(read.rows) + len(read.refused), notes=list(read.notes))
    plan.refused.extend(read.refused)
    matcher = _Matcher(plan, contacts, companies)
    wanted_managers: list[tuple[ImportRow, KnownContact, int | None]] = []
    for done, row in enumerate(read.rows, start=1):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(PROGRESS_EVERY)
        contact = _plan_row(plan, matcher, row)
        if contact is not None and row.reports_to:
            wanted_managers.append((row, contact, contact.company_id))
    if progress is not None:
        progress(len(read.rows) % PROGRESS_EVERY)
    _plan_reporting(plan, matcher, wanted_managers)
    plan.refused.sort(key=lambda r: r.line)
    plan.line_notes.sort(key=lambda r: r.line)
    return plan


def _plan_row(plan: Plan, matcher: _Matcher, row: ImportRow) -> KnownContact | None:
    company_id = matcher.company(row)
    if isinstance(company_id, Refusal):
        plan.refused.append(company_id)
        return None
    found = matcher.saved(row, company_id)
    if isinstance(found, Refusal):
        plan.refused.append(found)
        return None
    if found is not None:
        earlier = matcher.line_of.get(id(found))
        if earlier is not None:
            plan.refused.append(
                Refusal(row.line, f"{row.name}: the same contact as line {earlier}")
            )
            return None
        update = _fill(plan, row, found, company_id)
        matcher.line_of[id(found)] = row.line
        if update.values:
            plan.updates.append(update)
        else:
            plan.unchanged.append(row.line)
        return found
    close = matcher.close_name(row, company_id)
    if close is not None:
        where = plan.company_names.get(company_id) if company_id else None
        saved = f"{close} ({where})" if where else close
        plan.refused.append(
            Refusal(
                row.line,
                f"{row.name} is close to {saved}: not merged; correct the name, or add "
                "them with `contact add` if it is another person",
            )
        )
        return None
    contact = KnownContact(None, row.name, row.email, company_id, row.role, row.function, None)
    matcher.add(row.line, contact)
    plan.creates.append((row.line, contact))
    return contact


def _plan_reporting(plan: Plan, matcher: _Matcher, wanted: list) -> None:
    """Managers by exact name at the same company (else a unique name anywhere); a line
    that would make a loop is refused, as `contact reports` refuses it."""
    manager_of: dict[int, KnownContact] = {}
    for contact in matcher.by_id.values():
        boss = matcher.by_id.get(contact.reports_to_id)
        if boss is not None:
            manager_of[id(contact)] = boss
    for row, contact, company_id in wanted:
        key = name_key(row.reports_to)
        managers = matcher.by_name_company.get((key, company_id)) or matcher.by_name.get(key, [])
        if len(managers) != 1:
            why = "not found" if not managers else f"named by {len(managers)} contacts"
            plan.line_notes.append(
                Refusal(row.line, f"manager “{row.reports_to}” {why}: reporting line left out")
            )
            continue
        manager = managers[0]
        current = manager_of.get(id(contact))
        if current is manager:
            continue
        if current is not None:
            plan.line_notes.append(
                Refusal(row.line, f"{contact.name}: keeps the saved manager {current.name} "
                        f"(the file says {manager.name})")
            )  # fmt: skip
            continue
        chain, above = [contact.name], manager
        while above is not None and above is not contact:
            chain.append(above.name)
            above = manager_of.get(id(above))
        if above is contact:
            plan.line_notes.append(
                Refusal(row.line, f"{' → '.join([*chain, contact.name])} would make a loop: "
                        "reporting line left out")
            )  # fmt: skip
            continue
        manager_of[id(contact)] = manager
        plan.reporting.append(ReportingLine(row.line, contact, manager))
        if contact.id is not None and row.line in plan.unchanged:
            plan.unchanged.remove(row.line)


def describe(plan: Plan, contact: KnownContact) -> str:
    """`Jane Doe (Acme) <jane@acme.example>, VP Operations`."""
    parts = [_label(plan, contact)]
    if contact.email:
        parts[0] += f" <{contact.email}>"
    if contact.role:
        parts.append(contact.role)
    return ", ".join(parts)
