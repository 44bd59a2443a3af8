"""/relcap, buttons, modals and App Home over HTTP, as Slack would see them."""

from __future__ import annotations

import json

from bot.slack.stash import option_key
from tests.adapters.slack_harness import button, text_of

NOTE = "+2 Jane Doe (Acme): delivered the migration two days early"
READ_NOTE = "Jane Doe: fixed their outage over the weekend"  # sign read from the wording
DM = "D024BE91L"


def test_slash_command_answers_privately_unless_shared(slack):
    slack.command(f"log {NOTE}")

    private = slack.command("balance Jane Doe").json()
    shared = slack.command("balance Jane Doe --share").json()

    assert private["response_type"] == "ephemeral"
    assert "Jane Doe (Acme): balance 2" in text_of(private["blocks"])
    assert shared["response_type"] == "in_channel"
    assert text_of(shared["blocks"]) == text_of(private["blocks"])
    assert len(slack.entries()) == 1


def test_slash_help_lists_the_commands(slack):
    answer = slack.command("help").json()

    assert answer["response_type"] == "ephemeral"
    assert "`balance Jane Doe`" in text_of(answer["blocks"])


def test_slash_log_without_text_opens_a_modal(slack):
    answer = slack.command("log")

    assert answer.status == 200
    assert answer.body == b""
    opened = slack.fake.wait_for("views.open")[0].args
    assert opened["trigger_id"] == "111.111.xxx"
    view = opened["view"]
    assert [b["block_id"] for b in view["blocks"]] == ["contact", "sign", "points", "note", "when"]
    assert view["blocks"][1]["element"]["type"] == "static_select"


def _log_values(points: str = "2", note: str = "sent the case study") -> dict:
    return {
        "contact": {"input": {"type": "external_select", "selected_option": {"value": "Jane Doe"}}},
        "sign": {"input": {"type": "static_select", "selected_option": {"value": "credit"}}},
        "points": {"input": {"type": "number_input", "value": points}},
        "note": {"input": {"type": "plain_text_input", "value": note}},
        "when": {"input": {"type": "plain_text_input", "value": None}},
    }


def test_a_modal_with_bad_points_shows_the_error_on_that_field(slack):
    slack.command("log")
    view = slack.fake.wait_for("views.open")[0].args["view"]

    answer = slack.submit(view, _log_values(points="11")).json()

    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == ["points"]
    assert "1 to 10" in answer["errors"]["points"]
    assert slack.entries() == []


def test_a_submitted_modal_logs_the_note_once_and_reports_in_the_dm(slack):
    slack.command("log")
    view = slack.fake.wait_for("views.open")[0].args["view"]

    first = slack.submit(view, _log_values())
    again = slack.submit(view, _log_values())  # the same view submitted twice

    assert (first.status, first.body, again.status) == (200, b"", 200)
    assert [(e.amount, e.note) for e in slack.entries()] == [(2, "sent the case study")]
    posted = slack.fake.wait_for("chat.postMessage")[0].args
    assert posted["channel"] == "W111"
    assert "Credit +2 → Jane Doe" in text_of(posted["blocks"])


def test_a_button_press_updates_the_original_message(slack):
    slack.event(slack.dm(READ_NOTE))
    posted = slack.fake.wait_for("chat.postMessage")[0].args
    flip = button(posted["blocks"], "Make it a debit")
    container = {
        "type": "message",
        "message_ts": "1700000000.000100",
        "channel_id": DM,
        "is_ephemeral": False,
    }

    assert slack.press(flip, container).status == 200

    update = slack.fake.wait_for("chat.update")[0].args
    assert (update["channel"], update["ts"]) == (DM, "1700000000.000100")
    assert "Debit −1 → Jane Doe" in text_of(update["blocks"])
    assert [e.amount for e in slack.entries()] == [1, -1, -1]  # entry, reversal, flipped


def test_a_double_clicked_button_changes_the_ledger_once(slack):
    slack.event(slack.dm(NOTE))
    posted = slack.fake.wait_for("chat.postMessage")[0].args
    undo = button(posted["blocks"], "Undo")
    container = {
        "type": "message",
        "message_ts": "1700000000.000100",
        "channel_id": DM,
        "is_ephemeral": False,
    }

    assert [slack.press(undo, container).status for _ in range(2)] == [200, 200]

    assert [e.amount for e in slack.entries()] == [2, -2]
    assert len(slack.fake.wait_for("chat.update")) == 1
    second = slack.fake.wait_for("response_url")[0].args
    assert "already undone" in second["text"]
    assert second["replace_original"] is False


def test_a_button_on_an_ephemeral_answer_replaces_it_through_the_response_url(slack):
    answer = slack.command(f"log {READ_NOTE}").json()
    undo = button(answer["blocks"], "Undo")
    container = {
        "type": "message",
        "message_ts": "111.222",
        "channel_id": "D111",
        "is_ephemeral": True,
    }

    slack.press(undo, container, team="T111", user="W111")

    replaced = slack.fake.wait_for("response_url")[0].args
    assert replaced["replace_original"] is True
    assert replaced["text"].startswith("Undone: +1 Jane Doe")
    assert slack.fake.of("chat.update") == []


def test_app_home_shows_the_rep_accounts_at_risk_first(slack):
    slack.event(slack.dm(NOTE))
    slack.event(slack.dm("-3 Bob Roe (Initech): missed the renewal call", event_id="Ev-bob"))
    opened = {
        "type": "app_home_opened",
        "user": "U2147483697",
        "channel": DM,
        "tab": "home",
        "event_ts": "1515449522000016",
    }
    payload = slack.dm("", event_id="Ev-home")
    payload["event"] = opened

    assert slack.event(payload).status == 200

    published = slack.fake.wait_for("views.publish")[0].args
    assert published["user_id"] == "U2147483697"
    view = published["view"]
    assert view["type"] == "home"
    text = text_of(view["blocks"])
    assert text.index("Initech") < text.index("Acme")
    assert "*⚠ 🔴 Initech*\nhealth " in text
    assert "1 contact · not known in " in text
    labels = [
        e["text"]["text"] for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert labels[0] == "Initech"  # the most at-risk account, one click away
    assert {"Log a note", "Record a fact", "Refresh"} <= set(labels)


def test_app_home_log_button_opens_the_modal(slack):
    log_button = {"action_id": "relcap.run#0", "value": "log"}
    payload_container = {"type": "view", "view_id": "VHOME"}

    assert slack.press(log_button, payload_container).status == 200

    view = slack.fake.wait_for("views.open")[0].args["view"]
    assert json.loads(view["private_metadata"])["action_id"] == "form.log"


def test_a_workspace_never_sees_another_workspace_contacts(slack):
    slack.event(slack.dm(NOTE, team="TALPHA"))

    other = slack.command("balance Jane Doe", team="TBETA").json()
    other_list = slack.command("balance", team="TBETA").json()
    mine = slack.command("contacts", team="TALPHA", user="U2147483697").json()

    assert text_of(other["blocks"]).startswith(":warning: No contact called “Jane Doe”")
    assert "no contacts yet" in text_of(other_list["blocks"])
    assert "Jane Doe (Acme) · balance 2" in text_of(mine["blocks"])


def test_slash_fact_opens_the_fact_modal_with_the_contact_filled_in(slack):
    slack.command("fact Jane Doe")

    view = slack.fake.wait_for("views.open")[0].args["view"]
    contact = view["blocks"][0]
    assert contact["block_id"] == "contact"
    assert contact["element"]["type"] == "external_select"
    assert contact["element"]["initial_option"]["text"]["text"] == "Jane Doe"
    assert contact["element"]["initial_option"]["value"] == option_key("Jane Doe")
    assert [b["block_id"] for b in view["blocks"]] == ["contact", "key", "value"]


def _suggest(slack, view: dict, typed: str, team: str = "T111", user: str = "W111") -> list:
    payload = {
        "type": "block_suggestion",
        "action_id": "input",
        "block_id": "contact",
        "value": typed,
        "team": {"id": team, "domain": "workspace-domain"},
        "user": {"id": user, "team_id": team},
        "api_app_id": "A111",
        "view": view,
    }
    answer = slack.interaction(payload)
    assert answer.status == 200
    options = answer.json()["options"]
    assert all(o["value"] == option_key(o["text"]["text"]) for o in options)  # keys, not names
    return [o["text"]["text"] for o in options]


def test_the_contact_field_suggests_contacts_as_the_rep_types(slack):
    slack.command(f"log {NOTE}")
    slack.command("log +1 Ajanta Rao (Initech): intro call")
    slack.command("log +1 Bob Stone: demo", team="TOTHER")
    slack.command("log")
    view = slack.fake.wait_for("views.open")[0].args["view"]
    assert view["blocks"][0]["element"]["type"] == "external_select"

    assert _suggest(slack, view, "jan") == ["jan", "Ajanta Rao (Initech)", "Jane Doe (Acme)"]
    assert _suggest(slack, view, "jane doe (acme)") == ["Jane Doe (Acme)"]
    assert _suggest(slack, view, "bob") == ["bob"]  # another workspace's Bob is not offered


def test_simultaneous_clicks_on_undo_reverse_the_entry_once(slack):
    from concurrent.futures import ThreadPoolExecutor

    slack.event(slack.dm(NOTE))
    undo = button(slack.fake.wait_for("chat.postMessage")[0].args["blocks"], "Undo")
    container = {
        "type": "message",
        "message_ts": "1700000000.000100",
        "channel_id": DM,
        "is_ephemeral": False,
    }

    with ThreadPoolExecutor(3) as pool:
        answers = list(pool.map(lambda _: slack.press(undo, container), range(3)))

    assert [a.status for a in answers] == [200, 200, 200]
    assert [e.amount for e in slack.entries()] == [2, -2]


def test_picking_among_close_contacts_places_the_note_in_the_original_message(slack):
    slack.event(slack.dm(NOTE))
    slack.event(slack.dm("+1 Jane Do: sent the follow-up", event_id="Ev-close"))
    asked = slack.fake.wait_for("chat.postMessage", 2)[1].args
    pick = button(asked["blocks"], "Jane Doe (Acme)")
    container = {
        "type": "message",
        "message_ts": "1700000000.000200",
        "channel_id": DM,
        "is_ephemeral": False,
    }

    slack.press(pick, container)

    update = slack.fake.wait_for("chat.update")[0].args
    assert update["ts"] == "1700000000.000200"
    assert "Credit +1 → Jane Doe (Acme)" in text_of(update["blocks"])
    assert [(e.amount, e.source_id) for e in slack.entries()] == [
        (2, "Ev0PV52K21"),
        (1, "Ev-close"),
    ]
