"""The manifest asks Slack for what the app handles, at the paths it serves, no more."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.slack.bolt_app import BOT_SCOPES
from bot.slack.http import EVENTS_PATH, OAUTH_REDIRECT_PATH
from bot.slack.shortcut import CALLBACK_ID

MANIFEST = Path(__file__).parents[2] / "manifest.yml"


def test_the_manifest_matches_what_the_app_serves():
    manifest = yaml.safe_load(MANIFEST.read_text())
    features, settings = manifest["features"], manifest["settings"]

    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == sorted(BOT_SCOPES)
    assert sorted(settings["event_subscriptions"]["bot_events"]) == [
        "app_home_opened",
        "app_mention",
        "app_uninstalled",
        "message.im",
        "tokens_revoked",
    ]
    assert features["app_home"]["home_tab_enabled"] is True
    (command,) = features["slash_commands"]
    assert command["command"] == "/relcap"
    assert command["usage_hint"]
    urls = [
        command["url"],
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
    ]
    assert all(url.endswith(EVENTS_PATH) for url in urls)
    assert manifest["oauth_config"]["redirect_urls"][0].endswith(OAUTH_REDIRECT_PATH)
    assert settings["interactivity"]["is_enabled"] is True


def test_the_manifest_declares_the_message_shortcut_the_app_listens_for():
    manifest = yaml.safe_load(MANIFEST.read_text())

    (declared,) = manifest["features"]["shortcuts"]
    assert (declared["type"], declared["callback_id"]) == ("message", CALLBACK_ID)
    assert declared["name"] == "Log to relcap"
    assert len(declared["description"]) <= 80  # Slack's limit for a shortcut's description
    assert "commands" in manifest["oauth_config"]["scopes"]["bot"]  # shortcuts need it
