"""`company add|rename|alias|domain|merge|list`: the workspace's customer companies."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers.companies.names import BadName, company_name, domain, split_domains
from handlers.companies.placement import close_companies, known_company
from handlers.context import Ctx
from handlers.formatting import plural
from handlers.ledger.grammar import clean_text
from handlers.messages import Reply, ReplyField, error
from storage.companies import NameTaken

if TYPE_CHECKING:
    from storage.models import Company

# One message holds this many at most (Slack: 50 blocks, ten fields to a section).
LISTED = 40

USAGE = (
    "company add Acme Logistics acme.example · company rename Acme to Acme Logistics · "
    "company alias Acme Logistics: Acme · company domain Acme: acme.example · "
    "company merge Acme Logistcs into Acme Logistics · company list"
)


def company_command(ctx: Ctx, rest: str) -> Reply:
    verb, _, args = clean_text(rest).partition(" ")
    handler = SUBCOMMANDS.get(verb.lower())
    if handler is None:
        return error(f"Company commands: {USAGE}")
    try:
        return handler(ctx, args.strip())
    except BadName as exc:
        return error(str(exc))
    except NameTaken as exc:
        return error(f"“{exc.text}” already names {exc.company.name}.")


def find_company(ctx: Ctx, text: str, example: str) -> Company | Reply:
    """The company `text` names exactly; otherwise a reply with the close ones, if any."""
    text = clean_text(text)
    if not text:
        return error(f"Name a company, e.g. `{example}`.")
    found = known_company(ctx, text)
    if found is not None:
        return found
    close = close_companies(ctx, text)
    if close:
        names = ", ".join(c.name for c in close)
        return error(f"No company called “{text[:200]}”. Did you mean {names}?")
    return error(
        f"No company called “{text[:200]}”. `company list` shows them; "
        f"`company add {text[:200]}` adds it."
    )


def _two(args: str, separators: tuple[str, ...]) -> tuple[str, str] | None:
    for separator in separators:
        left, found, right = args.partition(separator)
        if found and left.strip() and right.strip():
            return left.strip(), right.strip()
    return None


def add(ctx: Ctx, args: str) -> Reply:
    name, domains = split_domains(args)
    name = company_name(name)
    ctx.contacts.lock_for_create()  # an add racing another of the same name finds it
    existing = known_company(ctx, name)
    if existing is not None:
        return error(f"{existing.name} already exists.")
    close = close_companies(ctx, name)
    company = ctx.uow.companies.add(name, ctx.now, ctx.user.id, domains)
    on = f" ({', '.join(domains)})" if domains else ""
    text = f"Added the company {company.name}{on}."
    if close:  # asked for by name, so made; but say what it resembles
        text += (
            f" It is close to {', '.join(c.name for c in close)}: "
            f"`company merge {company.name} into {close[0].name}` if they are one."
        )
    return Reply(text=text)


def rename(ctx: Ctx, args: str) -> Reply:
    names = _two(args, (" to ", " -> ", " → "))
    if names is None:
        return error("Write it as: company rename Acme to Acme Logistics")
    company = find_company(ctx, names[0], "company rename Acme to Acme Logistics")
    if isinstance(company, Reply):
        return company
    new_name = company_name(names[1])
    old = company.name
    ctx.uow.companies.rename(company, new_name)
    return Reply(text=f"Renamed the company {old} to {company.name}.")


def alias(ctx: Ctx, args: str) -> Reply:
    names = _two(args, (": ", " as ", " = "))
    if names is None:
        return error("Write it as: company alias Acme Logistics: Acme")
    company = find_company(ctx, names[0], "company alias Acme Logistics: Acme")
    if isinstance(company, Reply):
        return company
    other = company_name(names[1])
    ctx.uow.companies.add_alias(company, other)
    return Reply(text=f"{company.name} is also “{other}” now.")


def add_domain(ctx: Ctx, args: str) -> Reply:
    if ": " in args:
        parts = _two(args, (": ",))
    else:
        head, _, tail = args.rpartition(" ")
        parts = (head, tail) if head and tail else None
    if parts is None:
        return error("Write it as: company domain Acme: acme.example")
    company = find_company(ctx, parts[0], "company domain Acme: acme.example")
    if isinstance(company, Reply):
        return company
    domains = [domain(token.rstrip(",")) for token in parts[1].split()]
    for value in domains:
        ctx.uow.companies.add_domain(company, value)
    return Reply(text=f"{company.name}: email at {', '.join(domains)} places a contact there now.")


def merge(ctx: Ctx, args: str) -> Reply:
    names = _two(args, (" into ",))
    if names is None:
        return error("Write it as: company merge Acme Logistcs into Acme Logistics")
    example = "company merge Acme Logistcs into Acme Logistics"
    source = find_company(ctx, names[0], example)
    if isinstance(source, Reply):
        return source
    target = find_company(ctx, names[1], example)
    if isinstance(target, Reply):
        return target
    if source.id == target.id:
        return error(f"“{names[0]}” and “{names[1]}” are both {target.name}: nothing to merge.")
    moved = ctx.uow.companies.merge(source, target, ctx.user.external_id, ctx.now)
    return Reply(
        text=f"Merged {source.name} into {target.name}: "
        f"{plural(moved['contacts'], 'contact')} moved; “{source.name}” now finds "
        f"{target.name}."
    )


def list_companies(ctx: Ctx, _args: str = "") -> Reply:
    listing = ctx.uow.companies.list()
    if not listing:
        return Reply(
            text="No companies yet. `company add Acme Logistics acme.example` adds one; "
            "`Jane Doe (Acme)` in a note adds it too."
        )
    fields = []
    for company in listing[:LISTED]:
        extra = [plural(company.contacts, "contact")]
        if company.aliases:
            extra.append("also " + ", ".join(company.aliases))
        if company.domains:
            extra.append(", ".join(company.domains))
        fields.append(ReplyField(company.name, " · ".join(extra)))
    text = f"Companies ({len(listing)}):"
    if len(listing) > LISTED:
        text = f"Companies (first {LISTED} of {len(listing)}; `contacts <company>` shows one):"
    duplicates = ctx.uow.companies.possible_duplicates()
    if duplicates:
        pairs = "; ".join(f"{a} / {b}" for a, b in duplicates)
        first = duplicates[0]
        text += (
            f"\nPossible duplicates: {pairs} "
            f"(`company merge {first[0]} into {first[1]}` joins them)."
        )
    return Reply(text=text, kind="companies", fields=tuple(fields))


SUBCOMMANDS = {
    "add": add,
    "rename": rename,
    "alias": alias,
    "domain": add_domain,
    "merge": merge,
    "list": list_companies,
    "": list_companies,
}
