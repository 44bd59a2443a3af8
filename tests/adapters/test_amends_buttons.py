"""*Plan the fix* and the goodwill replies as Slack and Teams see them: blocks and cards
pass the platforms' models, the button opens the date form, and the submission links a
promise to the debit."""

from __future__ import annotations

import asyncio

from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity
from sqlalchemy import select

from bot.teams.bot import RelcapTeamsBot
from storage.amends.models import FixPlan
from storage.nudges.models import Promise
from tests.adapters.slack_harness import button, text_of
from tests.adapters.teams_activities import actions, card_of, message, texts
from tests.adapters.teams_activities import button as card_button

DEBIT = "-3 Eli Stone (Acme): outage on the reporting service"


def plans(session_factory) -> list[tuple[int, str]]:
    with session_factory() as session:
        return [
            (plan.debit_id, text)
            for plan, text in session.execute(
                select(FixPlan, Promise.text).join(Promise, Promise.id == FixPlan.promise_id)
            )
        ]


def test_slack_debit_reply_offers_plan_the_fix_and_the_modal_links_a_promise(slack):
    answer = slack.command(f"log {DEBIT}").json()
    assert "Nothing in the account to absorb this" in text_of(answer["blocks"])
    plan = button(answer["blocks"], "Plan the fix")
    container = {"type": "message", "message_ts": "111.222", "channel_id": "D111"}
    assert slack.press({**plan}, {**container, "is_ephemeral": True}, "T111", "W111").status == 200
    view = slack.fake.wait_for("views.open")[0].args["view"]
    assert [b["block_id"] for b in view["blocks"]] == ["what", "due"]
    assert view["blocks"][1]["element"]["type"] == "datepicker"

    past = {
        "what": {"input": {"type": "plain_text_input", "value": "credit a month"}},
        "due": {"input": {"type": "datepicker", "selected_date": "2020-01-06"}},
    }
    refused = slack.submit(view, past).json()
    assert refused["response_action"] == "errors", refused
    assert list(refused["errors"]) == ["due"], refused
    assert "has passed" in refused["errors"]["due"]
    assert plans(slack.app.session_factory) == []

    good = {**past, "due": {"input": {"type": "datepicker", "selected_date": "2030-01-07"}}}
    assert slack.submit(view, good).status == 200
    [(debit_id, text)] = plans(slack.app.session_factory)
    assert text == "credit a month"
    assert debit_id == slack.entries()[0].id


def teams_send(adapter: TestAdapter, body: dict) -> list[Activity]:
    adapter.activity_buffer.clear()
    asyncio.run(adapter.receive_activity(Activity().deserialize(body)))
    return list(adapter.activity_buffer)


def test_teams_debit_card_offers_plan_the_fix_and_the_form_links_a_promise(core, session_factory):
    adapter = TestAdapter(RelcapTeamsBot(core, backoff=()).on_turn)
    teams_send(adapter, message("+9 Eli Stone (Acme): delivered early", activity_id="a0"))
    [sent] = teams_send(adapter, message(DEBIT, activity_id="a1"))
    card = card_of(sent)
    assert any("Your balance (9) covers this, but call Eli to own it." in t for t in texts(card))
    assert actions(card)[0]["title"] == "Plan the fix"
    [form_sent] = teams_send(
        adapter,
        message(value=card_button(card, "Plan the fix")["data"], activity_id="a2"),
    )
    form = card_of(form_sent)
    inputs = {e["id"]: e for e in form["body"] if e["type"].startswith("Input.")}
    assert inputs["field.due"]["type"] == "Input.Date"
    assert inputs["field.what"]["value"] == "make it right: outage on the reporting service"
    save = card_button(form, "Save")
    teams_send(
        adapter,
        message(
            value={**save["data"], "field.what": "send the RCA", "field.due": ""},
            activity_id="a3",
            reply_to_id="form-1",
        ),
    )
    shown = card_of(adapter.updated_activities[-1])
    assert any("Give the date the fix will be done by" in t for t in texts(shown))
    assert plans(session_factory) == []
    teams_send(
        adapter,
        message(
            value={**save["data"], "field.what": "send the RCA", "field.due": "2030-01-07"},
            activity_id="a4",
            reply_to_id="form-1",
        ),
    )
    assert [text for _, text in plans(session_factory)] == ["send the RCA"]
