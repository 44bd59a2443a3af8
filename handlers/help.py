"""`help`: every command with one example."""

from __future__ import annotations

from handlers.context import Ctx
from handlers.messages import Reply, ReplyField

COMMANDS = (
    ("+2 Jane Doe: delivered the migration early", "log a credit (1–{max} points; + alone is 1)"),
    ("-1 Jane Doe: missed the Q3 report deadline", "log a debit"),
    (
        "Jane Doe (Acme): fixed their outage #problem-solved @yesterday",
        "no sign: read from the wording; #tag sets a category, @when dates it",
    ),
    (
        "+2 Jane Doe: credited the month #made-it-right",
        "closes Jane's newest open debit (a debit's reply offers Plan the fix)",
    ),
    (
        "Jane Doe: left a voicemail, no reply",
        "an attempt: no points, and last heard stays put (#attempt forces it, #touch undoes it)",
    ),
    ("log credit 2 Jane Doe: sent the case study", "the same, with a command word"),
    ("log", "the same as a form, field by field"),
    ("balance", "your contacts, at risk first"),
    ("accounts", "your accounts (companies), single-threaded and at risk first"),
    ("accounts --team", "every account of the workspace"),
    (
        "account Acme",
        "one account: its people by function, coverage, health and the move that widens it",
    ),
    ("account Acme needs CFO, finance", "a stakeholder you have not met yet"),
    ("chart account Acme", "the account's coverage map, as a picture"),
    ("balance Jane Doe", "one contact: where the balance stands, why, and what to do next"),
    (
        "prep Jane Doe",
        "the call brief: balance, debits and issues, the competitor test, promises, facts and "
        "their age, talking points (--text: plain text for an email)",
    ),
    (
        "prep Acme",
        "the account brief: standing, its strongest and at-risk contacts, open debits, "
        "who is not met yet, talking points (--text too)",
    ),
    ("history Jane Doe 20", "the last entries"),
    ("undo", "reverse your last entry (asks first if it is older than a day)"),
    ("undo #12", "reverse entry 12, as numbered in `history`"),
    ("chart Jane Doe", "the balance over time, as a picture"),
    ("profile Jane Doe", "what is known about Jane"),
    (
        "fact Jane Doe career: wants to run ops for EMEA",
        "record a fact (add --shared to show a personal one to everyone)",
    ),
    (
        "fact Jane Doe birthday: 14 March",
        "a date that matters (birthday, work-anniversary, renewal, go-live, contract-end), "
        "reminded days before",
    ),
    (
        "loyal Jane Doe yes: told us about the rival bid",
        "the competitor test: would they call you if a competitor offered the same? "
        "yes, unsure or no",
    ),
    ("contact add Jane Doe (Acme) jane@acme.example", "add a contact"),
    (
        "contact rename Jane Doe to Janet Doe",
        "rename (also: alias … as …, merge … into …, archive …, cadence … 14)",
    ),
    ("contacts acme", "list or search contacts (a company's name lists its contacts)"),
    (
        "contact role Jane Doe: VP Operations, operations",
        "title and function (the function is optional)",
    ),
    ("contact reports Jane Doe to Marcus Chen", "a reporting line (loops are refused)"),
    ('contact add "CFO" (Acme) --not-met', "a stakeholder we know of but have not met"),
    (
        "company add Acme Logistics acme.example",
        "add a company (also: rename … to …, alias A: B, domain A: x.example, merge A into B)",
    ),
    ("company", "the companies, their contacts and possible duplicates"),
    ("nudges time 08:30", "your daily question: nudges shows when; time, days, tz, pause, off"),
    ("promise Jane Doe: send the revised proposal by Friday", "track a promise (promises lists)"),
    ("answer she wants to run ops for EMEA", "answer today's question"),
    (
        "snooze Jane Doe week",
        "set today's question aside (a day unless `week`); also: skip …, not about …",
    ),
    (
        "calendar add https://calendar.example/private.ics",
        "after a meeting with a contact, ask how it went (calendar lists; calendar remove 1)",
    ),
    ("pending", "your notes waiting for a choice"),
    ("digest", "your weekly digest, now (digest channel #sales posts the team's)"),
    ("help", "this list"),
)


def help_command(ctx: Ctx, _rest: str = "") -> Reply:
    return Reply(
        text="relcap keeps a relationship account for each of your contacts. Commands:",
        kind="help",
        fields=tuple(
            ReplyField(example, what.format(max=ctx.policy.max_points))
            for example, what in COMMANDS
        ),
    )


def unknown(ctx: Ctx, text: str) -> Reply:
    word = text.split()[0] if text.split() else text
    commands = ", ".join(dict.fromkeys(example.split()[0] for example, _ in COMMANDS[5:]))
    return Reply(
        text=f"I don't know “{word[:40]}”. To log a note put a ':' after the name, "
        f"e.g. +2 Jane Doe: delivered the migration early. Commands: {commands}. "
        "`help` shows an example of each.",
        kind="help",
    )
