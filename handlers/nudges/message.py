"""The daily question as a message: the question, why this contact today, the context,
and the one-click answers."""

from __future__ import annotations

from datetime import datetime

from handlers.formatting import BAND_MARK, days_ago, shorten
from handlers.health.contact_health import contact_health_from
from handlers.messages import Button, Reply, ReplyField
from handlers.nudges.choice import Choice
from handlers.policy import Policy
from handlers.profile.question_bank import QuestionBank
from storage.nudges.inputs import ContactRow

ANSWER = "nudge.answer"  # "<nudge id>": opens the answer form
ANSWER_FORM = "nudge.answer_form"  # "<nudge id>" with values {"answer": …}
NOTE = "nudge.note"  # "<nudge id>": opens the log form for the contact
SNOOZE = "nudge.snooze"  # "<nudge id>:day" | "<nudge id>:week"
SKIP = "nudge.skip"  # "<nudge id>"
MUTE = "nudge.mute"  # "<nudge id>": not about this contact
# A question is claimed and stored in one INSERT, before its row id exists: its buttons
# carry this mark, and delivery puts the row's id in its place (`with_own_id`).
OWN_ID = "{nudge}"


def why_text(choice: Choice, bank: QuestionBank) -> str:
    question = choice.question
    if choice.reason == "snoozed":
        return "you snoozed this question until today"
    if question.situation is not None:
        return question.why.format(**choice.values)
    fact_key = bank.keys.get(question.fact_key)
    label = fact_key.label.lower() if fact_key else question.fact_key
    side = "professional" if question.side == "professional" else "personal"
    if choice.reason.endswith("_stale"):
        return f"what you know of {choice.values['name']}'s {label} is out of date ({side} side)"
    return f"nothing known yet of {choice.values['name']}'s {label} ({side} side)"


def with_own_id(payload: dict, nudge_id: int) -> dict:
    """The stored message with its row id in the buttons' values."""
    buttons = payload.get("buttons")
    if not buttons:
        return payload
    ident = str(nudge_id)
    return {
        **payload,
        "buttons": [
            [label, action, value.replace(OWN_ID, ident) if value else value, style]
            for label, action, value, style in buttons
        ],
    }


def question_message(
    nudge_id: int | str,
    choice: Choice,
    contact: ContactRow,
    known: dict[str, datetime],
    last_note: str | None,
    bank: QuestionBank,
    policy: Policy,
    now: datetime,
    stage: str | None = None,
) -> Reply:
    score = contact_health_from(contact, known, bank, policy, now, stage)
    label = f"{contact.name} ({contact.company})" if contact.company else contact.name
    facts_known = [key for key in bank.keys if key in known]
    ident = str(nudge_id)
    return Reply(
        text=f"Today's question about {label}: " + choice.question.text.format(**choice.values),
        kind="nudge",
        color=score.band,
        subject=label,
        fields=(
            ReplyField("Why today", why_text(choice, bank)),
            ReplyField(
                "Account",
                f"{BAND_MARK[score.band]} balance {contact.balance} · health {score.score}",
            ),
            ReplyField("Last touch", days_ago(score.days_since_touch)),
            ReplyField("Last note", shorten(last_note, 120) if last_note else "none yet"),
            ReplyField("Known", ", ".join(facts_known) if facts_known else "nothing yet"),
        ),
        buttons=(
            Button("Answer", ANSWER, ident, "primary"),
            Button("Log a note", NOTE, ident),
            Button("Snooze a day", SNOOZE, f"{ident}:day"),
            Button("Snooze a week", SNOOZE, f"{ident}:week"),
            Button("Skip", SKIP, ident),
            Button("Not about this contact", MUTE, ident, "danger"),
        ),
    )
