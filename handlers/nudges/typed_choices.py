"""`snooze`, `skip` and `not about` typed instead of pressed: the same as a question's
buttons, for the open question about the contact named, or the only one open.

    snooze [<contact>] [day | week]     skip [<contact>]     not about <contact>

With several questions open and no name (or a name that fits more than one), the reply
offers one button per contact and does nothing until one is pressed.
"""

from __future__ import annotations

import re

from handlers.context import Ctx
from handlers.formatting import contact_label
from handlers.help import unknown
from handlers.ledger.grammar import clean_text, split_company
from handlers.messages import Button, Reply, error
from handlers.nudges import answers
from handlers.nudges.message import MUTE, SKIP, SNOOZE
from storage.nudges.repository import OpenQuestion

_SPAN = re.compile(r"(?:^|\s+)(?:for\s+)?(?:a\s+|one\s+|1\s+)?(day|week)$", re.IGNORECASE)
_ABOUT = re.compile(r"^about(?:\s+|$)", re.IGNORECASE)


def snooze_command(ctx: Ctx, rest: str) -> Reply:
    text = clean_text(rest)
    span = _SPAN.search(text)
    unit = span.group(1).lower() if span else "day"
    name = text[: span.start()] if span else text
    picked = _pick(ctx, name, "snooze", (SNOOZE, f":{unit}"))
    if isinstance(picked, Reply):
        return picked
    return answers.snooze(ctx, f"{picked.nudge_id}:{unit}", {})


def skip_command(ctx: Ctx, rest: str) -> Reply:
    picked = _pick(ctx, clean_text(rest), "skip", (SKIP, ""))
    if isinstance(picked, Reply):
        return picked
    return answers.skip(ctx, str(picked.nudge_id), {})


def not_command(ctx: Ctx, rest: str) -> Reply:
    """`not about <contact>`; any other line starting with "not" is not a command."""
    text = clean_text(rest)
    about = _ABOUT.match(text)
    if about is None:
        return unknown(ctx, f"not {text}")
    name = text[about.end() :]
    if not name:
        return error("Name the contact, e.g. `not about Jane Doe`.")
    picked = _pick(ctx, name, "not about", (MUTE, ""))
    if isinstance(picked, Reply):
        return picked
    return answers.mute(ctx, str(picked.nudge_id), {})


def _pick(ctx: Ctx, name: str, verb: str, button: tuple[str, str]) -> OpenQuestion | Reply:
    """The one open question meant; else a reply whose buttons (`button`: action id and
    value suffix) do the same to the question pressed."""
    asked = ctx.uow.nudges.open_questions(ctx.user.id)
    if not asked:
        return error(f"No open question to {verb}. `nudges` shows when the next one comes.")
    if not name:
        if len(asked) == 1:
            return asked[0]
        return _choices(ctx, asked, f"{len(asked)} questions are open: which one?", button)
    fits = matching(ctx, asked, name)
    if len(fits) == 1:
        return fits[0]
    if fits:
        return _choices(ctx, fits, f"More than one open question fits “{name}”: which?", button)
    who = ", ".join(contact_label(contact_of(ctx, q)) for q in asked)
    return error(f"No open question about “{name}”. Open ones are about: {who}.")


def matching(ctx: Ctx, asked: list[OpenQuestion], name: str) -> list[OpenQuestion]:
    """The exact contact (name, alias, "Name (Company)") first, else a part of a name."""
    contact_name, company = split_company(name)
    exact = {
        c.id
        for c in ctx.contacts.find_exact(contact_name)
        if company is None or (c.company or "").casefold() == company.casefold()
    }
    fits = [q for q in asked if q.contact_id in exact]
    if fits:
        return fits
    wanted = name.casefold()
    return [q for q in asked if wanted in contact_label(contact_of(ctx, q)).casefold()]


def contact_of(ctx: Ctx, question: OpenQuestion):
    return ctx.contacts.get(question.contact_id, include_archived=True)


def _choices(ctx: Ctx, asked: list[OpenQuestion], text: str, button: tuple[str, str]) -> Reply:
    action_id, suffix = button
    buttons = tuple(
        Button(contact_label(contact_of(ctx, q)), action_id, f"{q.nudge_id}{suffix}") for q in asked
    )
    return Reply(text=text, kind="choose", buttons=buttons)
