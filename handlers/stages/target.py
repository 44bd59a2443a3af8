"""Whose stage or retrospective a command names: an account, or a contact (a contact at a
company stands for its account's stage). Near misses are listed, never guessed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from handlers.companies.placement import close_companies, known_company
from handlers.contacts.resolution import resolve
from handlers.context import Ctx
from handlers.formatting import contact_label
from handlers.ledger.grammar import clean_text, split_company
from handlers.messages import Reply, error

if TYPE_CHECKING:
    from storage.models import Company, Contact


@dataclass(frozen=True)
class Target:
    company: Company | None
    contact: Contact | None  # the contact named, if a contact was named

    @property
    def label(self) -> str:
        """The one the stage belongs to: the account, else the contact."""
        if self.company is not None:
            return self.company.name
        return contact_label(self.contact) if self.contact else "?"

    @property
    def owner(self) -> dict[str, int | None]:
        """Keyword arguments naming the stage's owner for `uow.stages`."""
        if self.company is not None:
            return {"company_id": self.company.id}
        return {"contact_id": self.contact.id if self.contact else None}


def find_target(ctx: Ctx, text: str, example: str) -> Target | Reply:
    text = clean_text(text)
    if not text:
        return error(f"Name an account or a contact, e.g. `{example}`.")
    company = known_company(ctx, text)
    if company is not None:
        return Target(company, None)
    name, company_text = split_company(text)
    resolution = resolve(ctx, name, company_text)
    if resolution.found:
        contact = resolution.contact
        return Target(contact.company_record if contact.company_id else None, contact)
    close = [c.name for c in close_companies(ctx, text)]
    close += [contact_label(c) for c in resolution.close]
    if close:
        return error(
            f"No account or contact called “{text[:200]}”. Did you mean {', '.join(close)}?"
        )
    return error(
        f"No account or contact called “{text[:200]}”. `company list` and `contacts` show them."
    )
