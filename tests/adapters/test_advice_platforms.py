"""The call brief and the next step's buttons as Slack and Teams see them: blocks pass
slack-sdk's models (checked on every call the fake receives), cards the 1.5 schema."""

from __future__ import annotations

from sqlalchemy import select

from storage.nudges.models import Promise
from tests.adapters.card_schema import schema_errors
from tests.adapters.slack_harness import button, text_of
from tests.adapters.slack_models import assert_valid_blocks
from tests.adapters.teams_activities import button as card_button
from tests.adapters.teams_activities import card_of, message, texts
from tests.adapters.test_teams_handler import Harness

EPHEMERAL = {"type": "message", "message_ts": "111.222", "channel_id": "D111", "is_ephemeral": True}
NOTES = (
    "+5 Maria Rossi (Acme): delivered the pilot early",
    "-3 Maria Rossi: the outage in the EU region",
    "+1 Maria Rossi: credited the day #made-it-right",  # closed: the step is not the fix
    "fact Maria Rossi help: a benchmark of fill rates",
    "fact Maria Rossi worries: the ERP cutover in March",
)


def promises(session_factory) -> list[Promise]:
    with session_factory() as session:
        return list(session.scalars(select(Promise)))


def test_slack_brief_and_its_plain_text(slack):
    for note in NOTES:
        slack.command(note)
    answer = slack.command("prep Maria Rossi").json()
    assert_valid_blocks(answer["blocks"])
    shown = text_of(answer["blocks"])
    assert "Call brief: Maria Rossi (Acme)" in shown and "*Talking points*" in shown
    assert "Offer a benchmark of fill rates to Maria before the ERP cutover in March." in shown

    slack.press(button(answer["blocks"], "Send me as text"), EPHEMERAL, team="T111", user="W111")

    sent = slack.fake.wait_for("response_url")[0].args
    assert_valid_blocks(sent["blocks"])
    plain = text_of(sent["blocks"])
    assert plain.startswith("Call brief: Maria Rossi (Acme)")
    assert "\n\nTalking points:\n- Listen first: ask how the ERP cutover in March" in plain


def test_slack_account_brief_and_the_plan_the_fix_step(slack):
    slack.command("+6 Marcus Chen (Acme): co-wrote the rollout plan")
    slack.command("-2 Dana Reyes (Acme): the outage in the EU region")
    slack.command("account Acme needs CFO, finance")
    answer = slack.command("prep Acme").json()
    assert_valid_blocks(answer["blocks"])
    shown = text_of(answer["blocks"])
    assert "Account brief: Acme" in shown and "*Open debits*" in shown
    slack.press(button(answer["blocks"], "Send me as text"), EPHEMERAL, team="T111", user="W111")
    sent = slack.fake.wait_for("response_url")[0].args
    assert_valid_blocks(sent["blocks"])
    assert text_of(sent["blocks"]).startswith("Account brief: Acme")
    balance = slack.command("balance Dana Reyes").json()
    assert_valid_blocks(balance["blocks"])
    assert "Plan the fix for the outage in the EU region" in text_of(balance["blocks"])
    assert button(balance["blocks"], "Plan the fix")


def test_slack_track_as_promise_opens_a_modal_that_saves_the_step(slack, session_factory):
    for note in NOTES:
        slack.command(note)
    answer = slack.command("balance Maria Rossi").json()
    assert "*Next step from*\nHow we can help (today)" in text_of(answer["blocks"])

    slack.press(button(answer["blocks"], "Track as promise"), EPHEMERAL, team="T111", user="W111")

    view = slack.fake.wait_for("views.open")[0].args["view"]
    assert [b["block_id"] for b in view["blocks"]] == ["what", "due"]
    assert view["blocks"][1]["element"]["type"] == "datepicker"
    step = "Offer a benchmark of fill rates to Maria before the ERP cutover in March."
    values = {
        "what": {"input": {"type": "plain_text_input", "value": step}},
        "due": {"input": {"type": "datepicker", "selected_date": "2026-11-01"}},
    }
    refused = slack.submit(view, values).json()
    assert refused["response_action"] == "errors" and list(refused["errors"]) == ["due"]
    assert promises(session_factory) == []
    values["due"]["input"]["selected_date"] = "2026-12-01"
    assert slack.submit(view, values).status == 200
    assert [(p.text, str(p.due_date)) for p in promises(session_factory)] == [(step, "2026-12-01")]


def test_teams_brief_card_and_its_plain_text(core):
    harness = Harness(core)
    for n, note in enumerate(NOTES):
        harness.card(message(note, activity_id=f"n{n}"))
    card = harness.card(message("prep Maria Rossi", activity_id="p1"))
    assert texts(card)[0] == "Call brief: Maria Rossi (Acme) · Fri 20 Nov 2026"
    facts = [f for e in card["body"] if e["type"] == "FactSet" for f in e["facts"]]
    assert "Talking points" in [f["title"] for f in facts]

    sent = harness.send(
        message(value=card_button(card, "Send me as text")["data"], activity_id="p2")
    )
    [plain] = [card_of(a) for a in sent]
    lines = texts(plain)
    assert lines[0] == "Call brief: Maria Rossi (Acme) · Fri 20 Nov 2026"
    assert (
        "Talking points:" in lines
        and "- How we can help: a benchmark of fill rates (today)" in lines
    )
    assert not [a for a in plain["body"] if a["type"] == "ActionSet"]


def test_teams_track_as_promise_form(core, session_factory):
    harness = Harness(core)
    for n, note in enumerate(NOTES):
        harness.card(message(note, activity_id=f"n{n}"))
    card = harness.card(message("balance Maria Rossi", activity_id="b1"))
    form = harness.card(
        message(value=card_button(card, "Track as promise")["data"], activity_id="b2")
    )
    inputs = {e["id"]: e for e in form["body"] if e["type"].startswith("Input.")}
    assert inputs["field.due"]["type"] == "Input.Date"
    save = card_button(form, "Save")
    submitted = {
        **save["data"],
        "field.what": inputs["field.what"]["value"],
        "field.due": "2026-12-01",
    }
    harness.send(message(value=submitted, activity_id="b3"))
    assert [str(p.due_date) for p in promises(session_factory)] == ["2026-12-01"]


def test_teams_account_brief_card(core):
    harness = Harness(core)
    notes = (
        "+6 Marcus Chen (Acme): co-wrote the rollout plan",
        "-2 Dana Reyes (Acme): the outage in the EU region",
        "account Acme needs CFO, finance",
    )
    for n, note in enumerate(notes):
        harness.card(message(note, activity_id=f"a{n}"))
    card = harness.card(message("prep Acme", activity_id="a9"))
    assert texts(card)[0] == "Account brief: Acme · Fri 20 Nov 2026"
    facts = [f["title"] for e in card["body"] if e["type"] == "FactSet" for f in e["facts"]]
    assert "Open debits" in facts and "Not met yet" in facts
    balance = harness.card(message("balance Dana Reyes", activity_id="a10"))
    assert card_button(balance, "Plan the fix")
    assert schema_errors(card) == [] and schema_errors(balance) == []
