"""The one-click answers to a daily question: Answer, Log a note, Snooze, Skip, and
Not about this contact."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from handlers import forms
from handlers.actions import row_id
from handlers.context import Ctx
from handlers.formatting import contact_label
from handlers.ledger.grammar import field_text
from handlers.loyalty.answers import LOYALTY_KEY
from handlers.loyalty.answers import read_answer as read_loyalty
from handlers.messages import InputField, InputRequest, Reply, error
from handlers.nudges.message import ANSWER_FORM
from handlers.nudges.prefs import current_schedule
from handlers.stages import answers as stage_answers

if TYPE_CHECKING:
    from storage.nudges.models import Nudge

OPEN = ("sent",)
SNOOZE_DAYS = {"day": 1, "week": 7}
MAX_ANSWER_CHARS = 1000


def _open_nudge(ctx: Ctx, value: str, late_ok: bool = False) -> Nudge | Reply:
    """The rep's question behind a button value. An expired one still takes an answer
    (`late_ok`: a fact learned late is still a fact); expiry only stops reminders."""
    ident = row_id(value.partition(":")[0])
    if ident is None:
        return error("That button's value is not valid.")
    nudge = ctx.uow.nudges.of(ctx.user.id, ident)
    if nudge is None or nudge.kind != "question":
        return error("That question no longer exists.")
    if nudge.status == "expired" and late_ok:
        return nudge
    if nudge.status == "expired":
        return Reply(
            text="That question has expired and takes no more snoozes or skips. Answer it "
            "still (`answer <contact>: …`), or log a note."
        )
    if nudge.status not in OPEN:
        return Reply(text=f"That question is already {nudge.status}.")
    return nudge


def _question_text(nudge: Nudge) -> str:
    return nudge.payload.get("text", "") if nudge.payload else ""


def answer(ctx: Ctx, value: str, _values: dict) -> Reply:
    nudge = _open_nudge(ctx, value, late_ok=True)
    if isinstance(nudge, Reply):
        return nudge
    contact = ctx.contacts.get(nudge.contact_id, include_archived=True)
    late = ""
    if nudge.status == "expired":
        late = " (this question expired; a late answer is still kept)"
    return Reply(
        text=f"{contact_label(contact)}: {_question_text(nudge)}{late}",
        kind="form",
        input_request=InputRequest(
            title="Answer",
            action_id=ANSWER_FORM,
            value=str(nudge.id),
            fields=(InputField("answer", "Your answer", kind="multiline"),),
        ),
    )


def submit_answer(ctx: Ctx, value: str, values: dict) -> Reply:
    nudge = _open_nudge(ctx, value, late_ok=True)
    if isinstance(nudge, Reply):
        return nudge
    return record_answer(ctx, nudge, field_text(values, "answer"))


def record_answer(ctx: Ctx, nudge: Nudge, text: str) -> Reply:
    """Files the answer under the question's own contact and key, on time or late."""
    if not text:
        return error("Write an answer, or press Skip.")
    if len(text) > MAX_ANSWER_CHARS:
        return error(f"That answer is {len(text):,} characters; the most is {MAX_ANSWER_CHARS:,}.")
    question = ctx.services.catalog.get(nudge.question_id or "")
    side = question.side if question else "professional"
    contact = ctx.contacts.get(nudge.contact_id, include_archived=True)
    late = nudge.status == "expired"
    if nudge.fact_key == LOYALTY_KEY:
        # The competitor test is kept as its own dated rows, its verdict read from the words.
        answer, why = read_loyalty(text)
        ctx.uow.loyalty.record(nudge.contact_id, answer, why, ctx.user.id, ctx.now)
        text = f"{answer} — {why}" if answer and why else answer or why
    else:
        ctx.facts.record(nudge.contact_id, nudge.fact_key, side, text, ctx.user.id, ctx.now)
    more = stage_answers.follow_up(ctx, question, nudge.fact_key, contact, text)
    ctx.uow.nudges.close(nudge, "answered", ctx.now)
    who = "only you" if side == "personal" else "everyone in the workspace"
    came = " It came after the question expired, and is kept all the same." if late else ""
    return Reply(
        text=f"Noted for {contact_label(contact)} ({nudge.fact_key}): {text} "
        f"(visible to {who}).{came}" + "".join(f"\n{line}" for line in more if line),
        kind="fact",
        replaces_original=True,
    )


def log_note(ctx: Ctx, value: str, _values: dict) -> Reply:
    nudge = _open_nudge(ctx, value)
    if isinstance(nudge, Reply):
        return nudge
    contact = ctx.contacts.get(nudge.contact_id, include_archived=True)
    return forms.log_form(prefill_contact=contact.name if contact else "")


def snooze(ctx: Ctx, value: str, _values: dict) -> Reply:
    nudge = _open_nudge(ctx, value)
    if isinstance(nudge, Reply):
        return nudge
    span = SNOOZE_DAYS.get(value.partition(":")[2])
    if span is None:
        return error("That button's value is not valid.")
    until = current_schedule(ctx).local_today(ctx.now) + timedelta(days=span)
    ctx.uow.nudges.close(nudge, "snoozed", ctx.now, snooze_until=until)
    return Reply(
        text=f"Snoozed until {until:%a %d %b}: I'll ask again then.", replaces_original=True
    )


def skip(ctx: Ctx, value: str, _values: dict) -> Reply:
    nudge = _open_nudge(ctx, value)
    if isinstance(nudge, Reply):
        return nudge
    ctx.uow.nudges.close(nudge, "skipped", ctx.now)
    return Reply(text="Skipped. A different question next time.", replaces_original=True)


def mute(ctx: Ctx, value: str, _values: dict) -> Reply:
    nudge = _open_nudge(ctx, value)
    if isinstance(nudge, Reply):
        return nudge
    ctx.uow.nudges.close(nudge, "excluded", ctx.now)
    contact = ctx.contacts.get(nudge.contact_id, include_archived=True)
    ctx.uow.nudges.mute(ctx.user.id, nudge.contact_id, ctx.now)
    return Reply(
        text=f"I won't ask you about {contact_label(contact)} again.", replaces_original=True
    )


def open_question(ctx: Ctx) -> Nudge | None:
    """The rep's newest question still waiting for an answer."""
    return ctx.uow.nudges.open_question(ctx.user.id)
