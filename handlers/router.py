"""Text to command, action id to handler. The same table serves every platform."""

from __future__ import annotations

from collections.abc import Callable

from handlers import actions, forms
from handlers.accounts import commands as accounts
from handlers.accounts import listing, lookup, view
from handlers.advice import commands as advice
from handlers.advice import next_step
from handlers.amends import goodwill as amends
from handlers.amends import plan as amends_plan
from handlers.balance import chart
from handlers.balance import commands as balance
from handlers.calendar.routes import CALENDAR_ACTIONS, CALENDAR_COMMANDS
from handlers.capture import form as capture
from handlers.companies import commands as companies
from handlers.companies import people
from handlers.contacts import commands as contacts
from handlers.context import Ctx
from handlers.dates.commands import log_note_for
from handlers.help import help_command, unknown
from handlers.ledger import notes
from handlers.ledger.grammar import clean_text, has_contact_separator, starts_like_note
from handlers.ledger.pending import pending_command
from handlers.loyalty.answers import loyal_command
from handlers.messages import Reply, error
from handlers.nudges.routes import NUDGE_ACTIONS, NUDGE_COMMANDS
from handlers.profile import commands as profile
from handlers.retros import commands as retros
from handlers.stages import commands as stages

CommandHandler = Callable[[Ctx, str], Reply]
ActionHandler = Callable[[Ctx, str, dict], Reply]


def log_command(ctx: Ctx, rest: str) -> Reply:
    """`log <note>`; `log` alone opens the form."""
    if not clean_text(rest):
        return forms.log_form()
    return notes.log(ctx, rest)


def fact_command(ctx: Ctx, rest: str) -> Reply:
    """`fact <contact> <key>: <value>`; `fact` alone (or with a contact) opens the form."""
    if ":" not in rest:
        return forms.fact_form(list(ctx.services.questions.keys), clean_text(rest))
    return profile.fact_command(ctx, rest)


def chart_command(ctx: Ctx, rest: str) -> Reply:
    """`chart account Acme` draws the account's coverage map; `chart Jane Doe` a balance."""
    word, _, company = rest.strip().partition(" ")
    if word.lower() == "account" and company.strip():
        return accounts.chart_account(ctx, company)
    return chart.chart_command(ctx, rest)


COMMANDS: dict[str, CommandHandler] = {
    "log": log_command,
    "balance": balance.balance_command,
    "history": balance.history_command,
    "undo": notes.undo_command,
    "pending": pending_command,
    "profile": profile.profile_command,
    "fact": fact_command,
    "loyal": loyal_command,
    "stage": stages.stage_command,
    "retro": retros.retro_command,
    "contact": contacts.contact_command,
    "contacts": contacts.contacts_command,
    "company": companies.company_command,
    "chart": chart_command,
    "account": accounts.account_command,
    "accounts": listing.accounts_command,
    "prep": advice.prep_command,
    "help": help_command,
    **NUDGE_COMMANDS,
    **CALENDAR_COMMANDS,
}

INVOCATIONS = ("/relcap", "relcap")

# Commands whose arguments never hold a ':'. A line that starts with one of these words
# and has a ':' is a note about a contact so named ("Help Desk: fixed it", "Undo Labs: …").
COLON_FREE = frozenset(
    {"balance", "history", "undo", "pending", "profile", "contacts", "help", "chart", "accounts"}
    | {"prep", "account", "stage"}
    | {"snooze", "skip", "not"}
)


def show(ctx: Ctx, value: str, _values: dict) -> Reply:
    what, contact_id = actions.show_target(value)
    contact = ctx.contacts.get(contact_id)
    if contact is None:
        return error("That contact no longer exists.")
    views = {
        "balance": balance.account,
        "history": balance.history,
        "profile": profile.profile,
        "prep": advice.brief,
    }
    return views[what](ctx, contact)


ACTIONS: dict[str, ActionHandler] = {
    actions.NOTE_SIGN: notes.choose_sign,
    actions.NOTE_CONTACT: notes.choose_contact,
    actions.NOTE_NEW_CONTACT: notes.create_contact,
    actions.NOTE_DISCARD: notes.discard,
    actions.NOTE_COMPANY: notes.choose_company,
    actions.NOTE_NEW_COMPANY: notes.create_company,
    actions.CONTACT_COMPANY: people.choose_contact_company,
    actions.CONTACT_NEW_COMPANY: people.new_contact_company,
    actions.ENTRY_FLIP: notes.flip_entry,
    actions.ENTRY_UNDO: notes.undo_entry,
    actions.SHOW: show,
    actions.DATE_NOTE: log_note_for,
    lookup.SHOW: accounts.open_account,
    view.MAP: accounts.map_action,
    view.WIDEN: accounts.track_widening,
    stages.MOVE: stages.move_button,
    retros.CREDIT: retros.credit,
    forms.LOG_FORM: forms.submit_log,
    forms.FACT_FORM: forms.submit_fact,
    amends.PLAN: amends_plan.plan,
    amends.PLAN_FORM: amends_plan.submit_plan,
    capture.OPEN: capture.open_form,
    capture.LOG: capture.submit,
    **NUDGE_ACTIONS,
    **advice.ACTIONS,
    **next_step.ACTIONS,
    **CALENDAR_ACTIONS,
}


def strip_invocation(text: str) -> str:
    """A leading `/relcap` or `relcap` is accepted and ignored."""
    first, _, rest = text.partition(" ")
    return rest.strip() if first.lower() in INVOCATIONS else text


def route_text(ctx: Ctx, text: str) -> Reply:
    # Control characters (NUL included) never reach a handler or the database.
    text = strip_invocation(clean_text(text))
    if not text:
        return help_command(ctx)
    if starts_like_note(text):
        return notes.log(ctx, text)
    word, _, rest = text.partition(" ")
    command = COMMANDS.get(word.lower())
    separated = has_contact_separator(text)  # a bare URL is no "Contact: note"
    if command is not None and not (word.lower() in COLON_FREE and separated):
        return command(ctx, rest)
    if separated:
        return notes.log(ctx, text)
    return unknown(ctx, text)


def route_action(ctx: Ctx, action_id: str, value: str, values: dict) -> Reply:
    handler = ACTIONS.get(action_id)
    if handler is None:
        return error("That button is no longer supported; run the command again.")
    try:
        return handler(ctx, value, values)
    except actions.BadValue:
        return error("That button's value is not valid; run the command again.")
