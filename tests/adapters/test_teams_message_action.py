""" "Log to relcap" on a Teams message: the message extension's invokes over HTTP at
/api/messages, as Teams sends them, and the dialog's cards checked against the schema."""

from __future__ import annotations

import copy

from tests.adapters.card_schema import assert_valid_card
from tests.adapters.teams_activities import button, fixture, message, texts
from tests.adapters.teams_server import entries, run, settings_for, teams_server

FETCH = fixture("message_action_fetch_task.json")
LINK = FETCH["value"]["messagePayload"]["linkToMessage"]


def _fetch(service_url: str, activity_id: str = "f:1") -> dict:
    body = copy.deepcopy(FETCH)
    body.update(id=activity_id, serviceUrl=service_url)
    return body


def _submit(service_url: str, data: dict, activity_id: str = "s:1") -> dict:
    """submitAction: the message again, and the dialog card's Action.Submit data."""
    body = _fetch(service_url, activity_id)
    body["name"] = "composeExtension/submitAction"
    body["value"]["data"] = data
    return body


def _dialog_card(answer: dict) -> dict:
    task = answer["task"]
    assert (task["type"], task["value"]["title"]) == ("continue", "Log to relcap")
    card = task["value"]["card"]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    return assert_valid_card(card["content"])


def _inputs(card: dict) -> dict[str, dict]:
    return {e["id"]: e for e in card["body"] if e["type"].startswith("Input.")}


def _filled(card: dict, **typed) -> dict:
    """What Teams submits: the Save button's data with every input's value."""
    data = dict(button(card, "Save")["data"])
    for name, element in _inputs(card).items():
        data[name] = str(element.get("value", ""))
    data.update({"field.sign": "credit", "field.points": "2"})
    data.update({f"field.{k}": v for k, v in typed.items()})
    return data


async def _contact(served, text: str) -> None:
    url = served.connector.url
    await served.post(message(f"contact add {text}", activity_id="c1", service_url=url))


def test_fetch_task_answers_the_log_form_prefilled_from_the_message(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            await _contact(served, "Jane Doe (Acme)")
            response = await served.post(_fetch(served.connector.url))
            assert response.status == 200
            card = _dialog_card(await response.json())
            inputs = _inputs(card)
            assert inputs["field.contact"]["value"] == "Jane Doe (Acme)"  # the author
            assert inputs["field.note"]["value"] == (
                "Jane Doe wrote: @Megan Bowen thanks for the quick fix & the early delivery!"
            )
            shown = texts(card)
            assert f"From Jane Doe · {LINK}" in shown
            assert "Contact suggested from the message: Jane Doe (Acme). Check it." in shown
            assert entries(served.app) == []

    run(scenario)


def test_submit_action_logs_one_entry_with_the_link_however_often(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            url = served.connector.url
            await _contact(served, "Jane Doe (Acme)")
            first = _dialog_card(await (await served.post(_fetch(url, "f:1"))).json())
            second = _dialog_card(await (await served.post(_fetch(url, "f:2"))).json())

            saved = await served.post(_submit(url, _filled(first), "s:1"))
            again = await served.post(_submit(url, _filled(second, points="5"), "s:2"))

            assert (saved.status, again.status) == (200, 200)
            recorded = _dialog_card(await saved.json())
            assert texts(recorded)[0].startswith("Credit +2 → Jane Doe (Acme)")
            assert texts(_dialog_card(await again.json()))[0] == "Already recorded:"
            [entry] = entries(served.app)
            assert (entry.amount, entry.link) == (2, LINK)
            # Undo on the result, pressed inside the dialog, goes through the core too.
            undo = await served.post(_submit(url, button(recorded, "Undo")["data"], "s:3"))
            assert texts(_dialog_card(await undo.json()))[0].startswith("Undone: +2 Jane Doe")
            assert [e.amount for e in entries(served.app)] == [2, -2]

    run(scenario)


def test_a_refused_field_shows_the_form_again_and_saves_nothing(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            url = served.connector.url
            card = _dialog_card(await (await served.post(_fetch(url))).json())

            answer = await served.post(_submit(url, _filled(card, contact="Jane Doe", points="11")))

            again = _dialog_card(await answer.json())
            assert any("1 to 10" in t for t in texts(again))
            assert f"From Jane Doe · {LINK}" in texts(again)  # the form as it was
            assert _inputs(again)["field.note"]["value"].startswith("Jane Doe wrote:")
            assert entries(served.app) == []

    run(scenario)


def test_another_command_or_no_tenant_is_answered_and_changes_nothing(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            url = served.connector.url
            other = _fetch(url)
            other["value"]["commandId"] = "somethingElse"
            answer = await (await served.post(other)).json()
            assert answer["task"]["type"] == "message"
            no_tenant = _fetch(url)
            no_tenant.pop("channelData")
            no_tenant["conversation"].pop("tenantId")
            answer = await (await served.post(no_tenant)).json()
            assert "organisation" in answer["task"]["value"]
            assert entries(served.app) == []

    run(scenario)
