"""Tenant isolation: two Slack workspaces and two Teams tenants, each with a rep of the
same id and a contact of the same name. Nothing one does (commands, tampered button
values, exports) ever shows or changes the other's rows."""

from __future__ import annotations

import asyncio
import json

import aiohttp

from bot.teams.http import TEAMS_KEY
from tests.adapters.fake_bot_connector import FakeBotConnector
from tests.adapters.teams_activities import OTHER_TENANT, TENANT, execute_invoke, message
from tests.reliability.in_process import served
from tests.reliability.ledger_rows import export, pending_rows, row_ids
from tests.reliability.slack_requests import (
    command_body,
    deliver_all,
    note,
    post,
    press_body,
    send_form,
)

TEAM_A, TEAM_B = "TALPHA", "TBRAVO"
REP = "U1"  # the same rep id in both workspaces
READS = (
    "balance Jane Doe",
    "history Jane Doe",
    "profile Jane Doe",
    "prep Jane Doe",
    "contacts",
    "contacts Jane",
    "accounts",
    "promises",
    "help",
)
BUTTONS = (
    ("entry.undo", "{entry}"),
    ("entry.flip", "{entry}"),
    ("promise.track", "{entry}"),
    ("amends.plan", "{entry}"),
    ("amends.plan_form", "{entry}"),
    ("show", "balance:{contact}"),
    ("show", "history:{contact}"),
    ("show", "profile:{contact}"),
    ("show", "prep:{contact}"),
    ("advice.brief_text", "{contact}"),
    ("advice.promise", "{contact}"),
    ("advice.note", "{contact}"),
    ("note.sign", "{pending}:1"),
    ("note.contact", "{pending}:{contact}"),
    ("note.new_contact", "{pending}"),
    ("note.discard", "{pending}"),
)


def _notes(marker: str) -> tuple[str, ...]:
    return (
        f"+3 Jane Doe (Acme): {marker} saved the launch",
        f"-1 Jane Doe: {marker} late invoice",
        f"fact Jane Doe career: {marker} wants to lead the platform team",
        f"Jane Doe: {marker} had coffee",  # no sign: pending
    )


def test_nothing_crosses_between_workspaces(db_url, tmp_path, fake_api, loop):
    connector = loop.run(FakeBotConnector().start())
    with served(loop, tmp_path, db_url, fake_api, teams_emulator=True) as server:
        teams = server._runner.app[TEAMS_KEY]
        teams.bot.backoff = teams.sender.backoff = (0.0, 0.0)

        def teams_post(activity: dict) -> int:
            case = [json.dumps(activity).encode()]
            return asyncio.run(_post_json(server.url + "/api/messages", case))[0]

        serial = 0
        for team, marker in ((TEAM_A, "alpha"), (TEAM_B, "bravo")):
            for text in _notes(marker):
                serial += 1
                statuses = asyncio.run(
                    deliver_all(server.url, [note(text, serial, team=team, user=REP)])
                )
                assert [o.status for o in statuses] == [200]
        for tenant, marker in ((TENANT, "teams-alpha"), (OTHER_TENANT, "teams-bravo")):
            for n, text in enumerate(_notes(marker)):
                activity = message(
                    text,
                    activity_id=f"{marker}-{n}",
                    tenant=tenant,
                    user_id="rep-1",
                    service_url=connector.url,
                )
                assert teams_post(activity) == 201

        a_slack, a_teams = ("slack", TEAM_A), ("teams", TENANT)
        before = [export(db_url, a_slack), export(db_url, a_teams)]
        before += [pending_rows(db_url, a_slack), pending_rows(db_url, a_teams)]
        victim = row_ids(db_url, a_slack)
        victim_teams = row_ids(db_url, a_teams)
        assert all(victim.values()) and all(victim_teams.values())
        calls_before, sent_before = len(fake_api.calls), len(connector.calls)

        # Workspace B: every read, and every button with A's row ids in its value.
        response_url = f"{fake_api.url}/response/isolation"
        for text in READS:
            status, body = send_form(server.url, command_body(text, TEAM_B, REP))
            assert status == 200
            assert "alpha" not in body.decode()
            serial += 1
            dm = note(text, serial, team=TEAM_B, user=REP)
            assert [o.status for o in asyncio.run(deliver_all(server.url, [dm]))] == [200]
            activity = message(
                text,
                activity_id=f"read-{serial}",
                tenant=OTHER_TENANT,
                user_id="rep-1",
                service_url=connector.url,
            )
            assert teams_post(activity) == 201
        for ids in (victim, victim_teams):
            for entry, contact, pending in zip(
                ids["entries"], ids["contacts"] * 4, ids["pending"] * 4, strict=False
            ):
                for action_id, pattern in BUTTONS:
                    value = pattern.format(entry=entry, contact=contact, pending=pending)
                    press = press_body(action_id, value, TEAM_B, REP, response_url)
                    assert send_form(server.url, press)[0] == 200
                    data = {"action_id": action_id, "value": value}
                    serial += 1
                    submit = message(
                        None,
                        value=data,
                        activity_id=f"press-{serial}",
                        tenant=OTHER_TENANT,
                        user_id="rep-1",
                        service_url=connector.url,
                    )
                    assert teams_post(submit) == 201
                    invoke = execute_invoke(
                        data,
                        activity_id=f"invoke-{serial}",
                        tenant=OTHER_TENANT,
                        user_id="rep-1",
                        service_url=connector.url,
                    )
                    assert teams_post(invoke) in (200, 400)
        server.stop()  # drains the replies in flight

        seen_by_b = [json.dumps(c.args, default=str) for c in fake_api.calls[calls_before:]]
        seen_by_b += [json.dumps(c.body, default=str) for c in connector.calls[sent_before:]]
        leaks = [text[:300] for text in seen_by_b if "alpha" in text]
        assert leaks == []
        assert any("bravo" in text for text in seen_by_b)  # B was answered, from its own rows
    loop.run(connector.stop())

    after = [export(db_url, a_slack), export(db_url, a_teams)]
    after += [pending_rows(db_url, a_slack), pending_rows(db_url, a_teams)]
    assert after == before
    for workspace in (("slack", TEAM_B), ("teams", OTHER_TENANT)):
        assert "alpha" not in json.dumps(export(db_url, workspace))
    for workspace in (a_slack, a_teams):
        assert "bravo" not in json.dumps(export(db_url, workspace))


async def _post_json(url: str, bodies: list[bytes]) -> list[int | None]:
    async with aiohttp.ClientSession() as session:
        headers = {"Content-Type": "application/json"}
        return [(await post(session, url, body, headers))[0] for body in bodies]
