"""One row's cells checked and tidied into an ImportRow, or the reason it is refused.

Cell text is kept as text: a formula-looking cell (`=HYPERLINK(…)`) is stored as typed
and only ever exported with its quote prefix, never evaluated.
"""

from __future__ import annotations

import re

from handlers.companies.functions import function_key
from handlers.companies.names import MAX_COMPANY_CHARS, BadName, company_name
from handlers.imports.rows import ImportRow, Refusal
from handlers.ledger.grammar import MAX_CONTACT_CHARS, clean_text

MAX_ROLE_CHARS = 200
MAX_EMAIL_CHARS = 320
_EMAIL = re.compile(r"^[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[^@\s<>(),;:\"]{2,}$")


def row_from(line: int, cells: dict[str, str]) -> ImportRow | Refusal:
    """`cells` holds the file's text for each field it has (name, first_name, email, …)."""
    get = lambda field: clean_text(cells.get(field) or "")  # noqa: E731
    name = get("name") or " ".join(p for p in (get("first_name"), get("last_name")) if p)
    if not name or not any(ch.isalnum() for ch in name):
        return Refusal(line, "no name")
    if len(name) > MAX_CONTACT_CHARS:
        return Refusal(line, f"the name is longer than {MAX_CONTACT_CHARS} characters")
    email = get("email") or None
    if email is not None:
        email = email.removeprefix("mailto:").strip("<>")
        if len(email) > MAX_EMAIL_CHARS or not _EMAIL.match(email):
            return Refusal(line, f"“{email[:60]}” is not an email address")
    company = get("company") or None
    if company is not None:
        try:
            company = company_name(company[: MAX_COMPANY_CHARS + 1])
        except BadName as exc:
            return Refusal(line, f"company “{company[:60]}”: {exc}")
    role = get("role")[:MAX_ROLE_CHARS] or None
    department = get("function")
    return ImportRow(
        line=line,
        name=name,
        email=email,
        company=company,
        role=role,
        function=function_key(department) if department else None,
        reports_to=get("reports_to")[:MAX_CONTACT_CHARS] or None,
    )
