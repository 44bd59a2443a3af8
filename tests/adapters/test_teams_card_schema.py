"""Every kind of reply the core produces, rendered as Teams sends it, passes the official
Adaptive Card 1.5 schema (tests/adapters/schemas)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.addresses import addressing_by_platform
from bot.console.sender import ConsoleSender
from bot.teams.bot import welcome
from bot.teams.cards import form_card, reply_card
from bot.teams.replies import card_activity
from bot.teams.submissions import input_id, parse_submission
from handlers.messages import ActionEvent, Reply, WorkspaceRef
from tests.adapters.card_schema import assert_valid_card, newer_than_declared, schema_errors
from tests.adapters.teams_activities import card_of
from tests.conftest import Rep
from tests.unit.nudging import Inbox, make_pass, reachable, tick

MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SLACK = WorkspaceRef("slack", "T0001")

# Every Reply.kind the core hands to an adapter; a new kind must join this test.
EVERY_KIND = {
    "account",
    "balance",
    "balance_list",
    "brief",
    "brief_text",
    "chart",
    "choose",
    "contacts",
    "digest",
    "error",
    "fact",
    "form",
    "help",
    "history",
    "info",
    "nudge",
    "nudge_prefs",
    "overview",
    "pending",
    "profile",
    "promise",
    "promise_check",
    "promises",
    "recorded",
    "reminder",
    "team_digest",
    "undone",
}


@dataclass
class Rendered:
    """Each reply as the card Teams would be sent (after size fitting), with its kind."""

    cards: list[tuple[str, dict]] = field(default_factory=list)

    def reply(self, reply: Reply) -> Reply:
        self.cards.append((reply.kind, card_of(card_activity(reply_card(reply), reply.text))))
        return reply

    def refused(self, form: Reply, values: dict, rep: Rep) -> Reply:
        """Submit `form`'s card with `values` as Teams would; the core refuses them and the
        form comes back, filled in, with the error."""
        [save] = reply_card(form)["actions"]
        data = {**save["data"], **{input_id(name): v for name, v in values.items()}}
        submission = parse_submission(data)
        event = ActionEvent(
            rep.workspace, rep.ref, submission.action_id, submission.value, submission.values
        )
        answer = rep.core.handle_action(event)
        assert answer.is_error, answer.text
        card = form_card(submission.form, answer.text)
        self.cards.append(("form", card_of(card_activity(card, answer.text))))
        return answer


class Session:
    """A rep driving the core; every reply is rendered as a Teams card on the way."""

    def __init__(self, rep: Rep, rendered: Rendered) -> None:
        self.rep, self.rendered = rep, rendered

    def say(self, text: str) -> Reply:
        return self.rendered.reply(self.rep.say(text))

    def press(self, label: str, reply: Reply) -> Reply:
        return self.rendered.reply(self.rep.press(label, reply))

    def submit(self, form: Reply, values: dict) -> Reply:
        request = form.input_request
        rep = self.rep
        event = ActionEvent(rep.workspace, rep.ref, request.action_id, request.value, values)
        return self.rendered.reply(self.rep.core.handle_action(event))


def test_every_kind_of_reply_renders_as_a_valid_card(ana, core, clock):
    rendered = Rendered()
    rep = Session(ana, rendered)
    rendered.reply(welcome())
    for text in (
        "help",
        "hello there",
        "+2 Jane Doe (Acme): delivered the migration **early** <b>really</b> 🎉",
        "-1 Bob Stone (Initech): missed the Q3 report deadline",
        "Cara Diaz: fixed their outage",
        "Cara Diaz: left a voicemail and sent an email, no reply",
        "Cara Diaz: called back #attempt #touch",
        "loyal Bob Stone unsure: a new buyer since the spring",
        "loyal Bob Stone maybe",
        "contact add Jane Doe (Globex) jane@globex.example",
        "balance",
        "accounts",
        "accounts --team",
        "account Acme needs CFO, finance",
        "account Acme",
        "chart account Acme",
        "account Acmee",
        "history Bob Stone",
        "chart Bob Stone",
        "fact Bob Stone career: wants to run ops for EMEA",
        "fact Bob Stone birthday: 24 November",  # Tuesday: reminded on Monday's pass
        "fact Bob Stone go-live: 2026-11-31",  # refused: November has 30 days
        "profile Bob Stone",
        "prep Bob Stone",
        "prep Bob Stone --text",
        "contacts",
        "nudges",
        "promise Bob Stone: send the revised proposal by Monday",
        "promises",
        "digest",
        "balance Nobody Here",
        "undo",
    ):
        rep.say(text)
    rep.say("balance Jane Doe")  # two of them: a choice
    rep.press("Acme", ana.last)
    pending = rep.say("Jane Doe: sent the case study")
    rep.press("Acme", pending)
    log = rep.say("log")
    bad = {"contact": "Bob Stone", "sign": "credit", "points": "99", "note": "ok", "when": ""}
    rendered.refused(log, bad, ana)
    rendered.refused(log, {**bad, "points": "2", "sign": "maybe"}, ana)
    rep.submit(log, {**bad, "points": "2"})
    rep.say("fact")  # the fact form

    reachable(ana)
    inbox = Inbox()
    clock.now = MONDAY_9
    tick(make_pass(core, ConsoleSender(inbox)))
    for _, reply in inbox.messages:
        rendered.reply(reply)
    [question] = inbox.of("ana", "nudge")
    [check] = inbox.of("ana", "promise_check")
    answer = rep.press("Answer", question)
    rep.submit(answer, {"answer": "run ops for EMEA next year"})
    move = rep.press("Move", check)
    rendered.refused(move, {"due": "whenever"}, ana)
    rep.submit(move, {"due": "Friday"})

    rendered.reply(team_digest(core, clock))

    seen = {kind for kind, _ in rendered.cards}
    assert seen >= EVERY_KIND, f"not rendered: {sorted(EVERY_KIND - seen)}"
    for kind, card in rendered.cards:
        assert schema_errors(card) == [], kind


def team_digest(core, clock) -> Reply:
    """The weekly team digest (sent to a channel) of a workspace with one rep in the red."""
    posts: list[Reply] = []

    class Recorder:
        platform = "slack"

        async def send(self, workspace, user, address, reply: Reply) -> None:
            posts.append(reply)

    core.services.addressing = addressing_by_platform()  # as the bootstrap wires it
    lead = Rep(core, "U1", workspace=SLACK)
    lead.say("-2 Dana Ray: wrong invoice")
    assert not lead.say("digest channel <#C0SALES1|sales>").is_error
    core.remember_address(SLACK, lead.ref, "slack", {"channel": "D-U1"})
    clock.now = MONDAY_9 + timedelta(days=7)
    tick(make_pass(core, Recorder()))
    [digest] = [r for r in posts if r.kind == "team_digest"]
    return digest


def test_the_schema_check_catches_what_teams_refuses():
    card = reply_card(Reply(text="Jane"))
    assert_valid_card(card)
    assert schema_errors({**card, "body": [{"type": "TextBlock"}]}) == [
        "body/0: 'text' is a required property"
    ]
    number = {"type": "Input.Number", "id": "field.points", "value": "1"}
    assert schema_errors({**card, "body": [number]}) == [
        "body/0/value: '1' is not of type 'number'"
    ]


def test_a_card_using_more_than_its_declared_version_is_caught():
    card = reply_card(Reply(text="Jane"))
    assert newer_than_declared(card) == []
    table = {"type": "Table", "columns": [{"width": 1}], "rows": []}
    assert newer_than_declared({**card, "body": [table]}) == [
        f"body/0: Table needs 1.5 (card declares {card['version']})"
    ]
