"""`answer` typed in chat: the answer goes to the question the rep names or numbers,
never to one they did not name or pick.

    answer <contact>: <text>     answer <n> <text>     answer <text>  (one open only)

With several open and no name, nothing is stored: the reply numbers the questions and
offers one button each. A button carries only the question's id and opens its answer
form, so no typed text rides in a button or waits server-side; the numbered list makes
`answer 2 <text>` a one-word edit of the line the rep already wrote.
"""

from __future__ import annotations

import re

from handlers.context import Ctx
from handlers.formatting import contact_label
from handlers.messages import Button, Reply, error
from handlers.nudges import answers
from handlers.nudges.message import ANSWER
from handlers.nudges.typed_choices import contact_of, matching
from storage.nudges.repository import OpenQuestion

_NUMBERED = re.compile(r"^#?(\d{1,2})\s+(\S.*)$")
MAX_NAME_WORDS = 5  # longer text before a ':' is part of the answer, not a name
NONE_OPEN = "No open question to answer. Record a fact with `fact <contact> <key>: …`."


def answer_command(ctx: Ctx, rest: str) -> Reply:
    text = " ".join(rest.split())
    asked = ctx.uow.nudges.open_questions(ctx.user.id)
    numbered = _NUMBERED.match(text)
    if numbered and asked:
        number = int(numbered.group(1))
        if not 1 <= number <= len(asked):
            return error(f"There is no question {number}: {_count(asked)} open.")
        return _answer(ctx, asked[number - 1], numbered.group(2))
    head, colon, said = text.partition(":")
    if colon and head.strip() and len(head.split()) <= MAX_NAME_WORDS:
        named = _named(ctx, asked, head.strip(), said.strip())
        if named is not None:
            return named
    if not asked:
        return error(NONE_OPEN)
    if len(asked) == 1:
        return _answer(ctx, asked[0], text)
    return _choices(ctx, asked)


def _named(ctx: Ctx, asked: list[OpenQuestion], name: str, said: str) -> Reply | None:
    """The answer for the contact named before the ':'; None when it names no contact."""
    fits = matching(ctx, asked, name)
    if len(fits) == 1:
        return _answer(ctx, fits[0], said)
    if fits:
        return _choices(ctx, fits)
    late = matching(ctx, ctx.uow.nudges.open_questions(ctx.user.id, expired=True), name)
    if late:
        return _answer(ctx, late[0], said)  # the newest that expired unanswered
    if ctx.contacts.find_exact(name):
        return error(f"No question about “{name}” is open. Record it with `fact {name} <key>: …`.")
    return None


def _answer(ctx: Ctx, question: OpenQuestion, text: str) -> Reply:
    if not text:
        return answers.answer(ctx, str(question.nudge_id), {})
    return answers.submit_answer(ctx, str(question.nudge_id), {"answer": text})


def _count(asked: list[OpenQuestion]) -> str:
    return "1 is" if len(asked) == 1 else f"{len(asked)} are"


def _choices(ctx: Ctx, asked: list[OpenQuestion]) -> Reply:
    labels = [contact_label(contact_of(ctx, q)) for q in asked]
    listed = "; ".join(f"{n} · {label}" for n, label in enumerate(labels, 1))
    return Reply(
        text=f"{len(asked)} questions are open ({listed}). Nothing was saved: write "
        "`answer <n> <text>` or `answer <contact>: <text>`, or press one to answer it.",
        kind="choose",
        buttons=tuple(
            Button(f"{n} · {label}", ANSWER, str(q.nudge_id))
            for n, (label, q) in enumerate(zip(labels, asked, strict=True), 1)
        ),
    )
