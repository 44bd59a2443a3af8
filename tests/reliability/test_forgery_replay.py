"""Forgery and replay: wrong Slack signatures, old timestamps, and Teams requests
without a valid Bot Framework token (an app id set) are all refused; nothing changes."""

from __future__ import annotations

import asyncio
import json
import time

import aiohttp
from aiohttp import web
from sqlalchemy import func, select

from bot.app import build_app
from bot.slack.http import mount_slack
from bot.teams.http import mount_teams
from storage.models import ConversationAddress
from tests.adapters.conftest import slack_settings
from tests.adapters.fake_openid import FakeOpenId, new_key
from tests.adapters.slack_harness import sign
from tests.adapters.teams_activities import message
from tests.reliability.ledger_rows import export, source_ids
from tests.reliability.slack_requests import command_body, note, post, press_body

APP_ID = "00000000-0000-0000-0000-0000000000a1"
SERVICE_URL = "https://smba.trafficmanager.net/amer/"  # only named in tokens: never called


def _install() -> dict:
    """An install notice: accepted with a valid token, and answered without a reply."""
    body = message(None, service_url=SERVICE_URL)
    body.update(type="installationUpdate", action="add")
    return body


def _forged_slack(now: int) -> list[tuple[str, bytes, dict]]:
    event = note("+5 Jane Doe (Acme): forged credit", 900).body
    command = command_body("+5 Jane Doe: forged by command", "T123ABC456", "U1")
    press = press_body("entry.undo", "1", "T123ABC456", "U1")
    json_type, form_type = "application/json", "application/x-www-form-urlencoded"
    cases = []
    for body, ctype in ((event, json_type), (command, form_type), (press, form_type)):
        good = sign(body)
        cases += [
            ("no signature", body, {"Content-Type": ctype}),
            ("wrong secret", body, {"Content-Type": ctype, **sign(body, secret="guess")}),
            ("other body", body, {"Content-Type": ctype, **sign(body + b" ")}),
            (
                "v1 scheme",
                body,
                {**good, "X-Slack-Signature": good["X-Slack-Signature"].replace("v0=", "v1=")},
            ),
            ("no timestamp", body, {"X-Slack-Signature": good["X-Slack-Signature"]}),
            (
                "replayed 6 min later",
                body,
                {"Content-Type": ctype, **sign(body, timestamp=now - 360)},
            ),
            (
                "replayed a day later",
                body,
                {"Content-Type": ctype, **sign(body, timestamp=now - 86400)},
            ),
            ("from the future", body, {"Content-Type": ctype, **sign(body, timestamp=now + 600)}),
            (
                "timestamp not a number",
                body,
                {
                    "Content-Type": ctype,
                    "X-Slack-Request-Timestamp": "soon",
                    "X-Slack-Signature": good["X-Slack-Signature"],
                },
            ),
        ]
    return cases


def test_forged_and_replayed_requests_are_refused_and_change_nothing(tmp_path, fake_api, loop):
    db_url = f"sqlite:///{tmp_path / 'relcap.db'}"
    settings = slack_settings(
        tmp_path, db_url, fake_api, MICROSOFT_APP_ID=APP_ID, MICROSOFT_APP_PASSWORD="secret"
    )
    app = build_app(settings)
    with FakeOpenId() as issuer:
        web_app = web.Application()
        mount_slack(web_app, app)
        mount_teams(web_app, app, backoff=(), openid_metadata_url=issuer.metadata_url)
        runner = web.AppRunner(web_app)

        async def start() -> str:
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            return f"http://127.0.0.1:{runner.addresses[0][1]}"

        base = loop.run(start())

        def send(path: str, body: bytes, headers: dict) -> int | None:
            async def go():
                async with aiohttp.ClientSession() as session:
                    return (await post(session, base + path, body, headers))[0]

            return asyncio.run(go())

        try:
            # What a genuine Slack and Teams send is accepted (and nothing else below is).
            seed = note("+3 Jane Doe (Acme): saved the launch", 1)
            seed_headers = {"Content-Type": "application/json", **sign(seed.body)}
            assert send("/slack/events", seed.body, seed_headers) == 200
            install = json.dumps(_install()).encode()
            token = issuer.token(APP_ID, SERVICE_URL)
            assert (
                send(
                    "/api/messages",
                    install,
                    {"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
                )
                == 201
            )
            before = (export(db_url), source_ids(db_url), _addresses(app))

            now = int(time.time())
            refused = {
                name: send("/slack/events", body, headers)
                for name, body, headers in _forged_slack(now)
            }
            assert set(refused.values()) == {401}, refused

            # A replay inside Slack's five minutes passes the signature: it is the same
            # event, and the saved note is answered again, never stored twice.
            assert send("/slack/events", seed.body, seed_headers) == 200

            note_activity = json.dumps(
                message("+5 Jane Doe (Acme): forged via Teams", service_url=SERVICE_URL)
            ).encode()
            bad_tokens = {
                "none": None,
                "not a JWT": "Bearer not-a-token",
                "basic auth": "Basic dXNlcjpwYXNz",
                "another key": "Bearer " + issuer.token(APP_ID, SERVICE_URL, key=new_key()),
                "another bot": "Bearer " + issuer.token("another-bot", SERVICE_URL),
                "another service": "Bearer " + issuer.token(APP_ID, "https://evil.example/"),
                "unknown key id": "Bearer " + issuer.token(APP_ID, SERVICE_URL, kid="nope"),
                "expired": "Bearer "
                + issuer.token(APP_ID, SERVICE_URL, exp=now - 3600, nbf=now - 7200),
                "not yet valid": "Bearer "
                + issuer.token(APP_ID, SERVICE_URL, nbf=now + 3600, exp=now + 7200),
                "another issuer": "Bearer "
                + issuer.token(APP_ID, SERVICE_URL, iss="https://login.example/"),
            }
            teams = {}
            for name, header in bad_tokens.items():
                headers = {"Content-Type": "application/json"}
                if header:
                    headers["Authorization"] = header
                teams[name] = send("/api/messages", note_activity, headers)
            assert set(teams.values()) == {401}, teams

            assert (export(db_url), source_ids(db_url), _addresses(app)) == before
        finally:
            loop.run(runner.cleanup())
            app.close()


def _addresses(app) -> int:
    with app.session_factory() as session:
        return session.scalar(select(func.count()).select_from(ConversationAddress))
