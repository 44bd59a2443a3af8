"""Teams addresses over HTTP: a team's channel stored when the app is added to it, the
team digest sent there, and every stored address dropped when the app is removed."""

from __future__ import annotations

import asyncio
import copy
from datetime import UTC, datetime

from sqlalchemy import select

from storage.models import ChannelAddress, ConversationAddress
from storage.nudges.models import TeamDigest
from tests.adapters.teams_activities import TENANT, card_of, message, texts
from tests.adapters.teams_server import run, settings_for, teams_server
from tests.adapters.test_sender_contract import SALES_TEAM, team_install
from tests.unit.nudging import make_pass

MONDAY_9_IN_LA = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)  # the rep is in Los Angeles


def rows(app, model) -> list:
    with app.session_factory() as session:
        return list(session.scalars(select(model)))


def removal(body: dict) -> dict:
    body = copy.deepcopy(body)
    body.update(type="installationUpdate", action="remove")
    return body


def test_the_team_digest_goes_to_the_team_the_app_was_added_to(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            url = served.connector.url
            assert (await served.post(team_install(url))).status == 201
            [channel] = rows(served.app, ChannelAddress)
            assert (channel.label, channel.scope) == ("Sales", SALES_TEAM)
            assert rows(served.app, ConversationAddress) == []  # a team is not a rep's chat
            await served.post(message("-2 Bob Stone: missed the deadline", service_url=url))
            await served.post(message("digest channel sales", activity_id="d", service_url=url))
            assert "goes to Sales every week" in texts(card_of(served.connector.sent[-1]))[0]

            nudge_pass = make_pass(served.app.core, served.endpoint.sender)
            clock.now = MONDAY_9_IN_LA
            report = await asyncio.to_thread(lambda: asyncio.run(nudge_pass.run()))
            assert report.delivery.failed == 0 and report.delivery.sent >= 2, report
            posts = [
                (c.conversation_id, " ".join(texts(card_of(c.body))))
                for c in served.connector.calls
            ]
            to_team = [text for conversation, text in posts if conversation == SALES_TEAM]
            assert len(to_team) == 1 and to_team[0].startswith("Team digest")
            assert "Bob Stone" in to_team[0]
            personal = [text for conversation, text in posts if conversation != SALES_TEAM]
            assert not any(text.startswith("Team digest") for text in personal)

    run(scenario)


def test_a_message_in_a_channel_does_not_become_the_reps_address(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            url = served.connector.url
            await served.post(message("help", service_url=url))
            [before] = rows(served.app, ConversationAddress)
            in_channel = message("help", activity_id="c1", service_url=url)
            in_channel["conversation"] = {"conversationType": "channel", "id": SALES_TEAM}
            in_channel["channelData"] = {"tenant": {"id": TENANT}, "team": {"id": SALES_TEAM}}
            assert (await served.post(in_channel)).status == 201
            [after] = rows(served.app, ConversationAddress)
            assert after.address == before.address

    run(scenario)


def test_removing_the_app_drops_the_stored_addresses(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            url = served.connector.url
            install = team_install(url)
            await served.post(install)
            await served.post(message("digest channel Sales", service_url=url))
            assert len(rows(served.app, TeamDigest)) == 1
            other = team_install(url, name="Support", team_id="19:support@thread.tacv2")
            await served.post(other)

            assert (await served.post(removal(install))).status == 201
            assert [c.label for c in rows(served.app, ChannelAddress)] == ["Support"]
            assert rows(served.app, TeamDigest) == []
            assert len(rows(served.app, ConversationAddress)) == 1  # the rep's chat stays

            personal = message(None, service_url=url)
            personal.update(type="installationUpdate", action="remove")
            assert (await served.post(personal)).status == 201
            assert rows(served.app, ConversationAddress) == []
            assert [c.label for c in rows(served.app, ChannelAddress)] == ["Support"]

    run(scenario)


def test_an_upgrade_keeps_the_addresses(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            url = served.connector.url
            await served.post(message("help", service_url=url))
            upgrade = message(None, service_url=url)
            upgrade.update(type="installationUpdate", action="remove-upgrade")
            assert (await served.post(upgrade)).status == 201
            assert len(rows(served.app, ConversationAddress)) == 1

    run(scenario)
